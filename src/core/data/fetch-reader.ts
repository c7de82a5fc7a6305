/**
 * The browser's (and a worker's) data readers: files fetched from the app's
 * own origin, relative to `baseUrl` (e.g. `${import.meta.env.BASE_URL}data/`).
 * A 404 reads as a missing file; other HTTP errors are thrown with the status.
 */
import type { DataReader } from './dataset';

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** Plain fetches, nothing kept. */
export function fetchReader(baseUrl: string, fetchImpl: typeof fetch = fetch): DataReader {
  const base = withSlash(baseUrl);
  return {
    async read(name) {
      const response = await fetchImpl(`${base}${name}`);
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** The part of the Cache Storage API the cached reader uses (the browser's `caches`; tests pass a fake). */
export interface CacheLike {
  open(name: string): Promise<{
    match(url: string): Promise<Response | undefined>;
    put(url: string, response: Response): Promise<void>;
    delete(url: string): Promise<boolean>;
  }>;
}

/** Runs `f` holding the Web Lock `name` (shared by every worker and tab of the origin), or at once where there are none. */
function exclusive<T>(name: string, f: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return locks ? (locks.request(name, f) as Promise<T>) : f();
}

/** The Cache Storage cache that keeps the data files a student has used. */
export const DATA_CACHE = 'wide-optima-lab-data';

/**
 * Fetches through Cache Storage, so that a reload or another run fetches
 * nothing it has read before and the lab trains without a network:
 *
 * - chunk files (`.bin`) are read from the cache first, fetched and stored
 *   when absent; `forget` drops a stored chunk (the loader does so when one
 *   fails its checksum, then reads it afresh);
 * - headers (`.json`) go to the network first, so that a new data build is
 *   picked up, and to the cache when the network is gone.
 *
 * When a file is neither stored nor reachable, the error says both. A cache
 * that cannot store (storage full) only means the file is fetched again next
 * time.
 */
export function cachedReader(baseUrl: string, caches: CacheLike, fetchImpl: typeof fetch = fetch): DataReader {
  const base = withSlash(baseUrl);
  const network = fetchReader(baseUrl, fetchImpl);
  const cache = () => caches.open(DATA_CACHE);
  const stored = async (name: string): Promise<Uint8Array | null> => {
    const hit = await (await cache()).match(`${base}${name}`);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  };
  const store = async (name: string, bytes: Uint8Array) => {
    try {
      await (await cache()).put(`${base}${name}`, new Response(bytes.slice()));
    } catch {
      // Storage full or unavailable: the file stays usable in memory and is fetched again next time.
    }
  };
  const fetchAndStore = async (name: string): Promise<Uint8Array | null> => {
    const bytes = await network.read(name);
    if (bytes) await store(name, bytes);
    return bytes;
  };
  const offline = (name: string, e: unknown) =>
    new Error(`${name} is not stored on this device and the network did not answer (${(e as Error).message}); connect once to fetch it`);
  return {
    async read(name) {
      if (name.endsWith('.json')) {
        try {
          return await fetchAndStore(name);
        } catch (e) {
          const kept = await stored(name);
          if (kept) return kept;
          throw offline(name, e);
        }
      }
      // One fetch per chunk across the lab's workers: the first to ask fetches and stores, the others wait for it
      // and read the stored copy (where the browser has no Web Locks, both may fetch).
      return exclusive(`${DATA_CACHE}:${name}`, async () => {
        const kept = await stored(name);
        if (kept) return kept;
        try {
          return await fetchAndStore(name);
        } catch (e) {
          throw offline(name, e);
        }
      });
    },
    async forget(name) {
      await (await cache()).delete(`${base}${name}`);
    },
  };
}
