/**
 * The browser's (and a worker's) FileReader: fetches data files from the
 * app's own origin, relative to `baseUrl` (e.g. `${import.meta.env.BASE_URL}data/`).
 * A 404 reads as a missing file; other HTTP errors are thrown with the status.
 */
import type { FileReader } from './dataset';

export function fetchReader(baseUrl: string, fetchImpl: typeof fetch = fetch): FileReader {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (name) => {
    const response = await fetchImpl(`${base}${name}`);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
