import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, loadDataset } from '../../src/core/data/dataset';
import { type CacheLike, cachedReader, fetchReader } from '../../src/core/data/fetch-reader';
import { DATA_DIR } from '../../src/node/files';

// A static server over public/data, as the app's origin would serve it.
const server = createServer((req, res) => {
  const name = (req.url ?? '').replace(/^\/data\//, '');
  const path = join(DATA_DIR, name);
  if (name === 'broken.json') {
    res.writeHead(500, 'Internal Server Error').end();
  } else if (!name.includes('/') && existsSync(path)) {
    res.writeHead(200);
    createReadStream(path).pipe(res);
  } else {
    res.writeHead(404, 'Not Found').end();
  }
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('loading over HTTP with the same loader', () => {
  it('loads MNIST from the server', async () => {
    const d = await loadDataset('mnist', fetchReader(base));
    expect([d.train.count, d.test.count]).toEqual([60000, 10000]);
  });

  it('a 404 is a missing file; a 500 is reported with its status', async () => {
    const read = fetchReader(base);
    expect(await read.read('nope.bin')).toBeNull();
    await expect(read.read('broken.json')).rejects.toThrow('HTTP 500 Internal Server Error');
  });
});

describe('the cached reader: Cache Storage first for chunks, the network first for headers', () => {
  const fakeCaches = () => {
    const store = new Map<string, Uint8Array>();
    const caches: CacheLike = {
      open: () =>
        Promise.resolve({
          match: (url: string) => Promise.resolve(store.has(url) ? new Response(store.get(url)!.slice()) : undefined),
          put: async (url: string, response: Response) => void store.set(url, new Uint8Array(await response.arrayBuffer())),
          delete: (url: string) => Promise.resolve(store.delete(url)),
        }),
    };
    return { caches, store };
  };
  const fakeNetwork = () => {
    const state = { online: true, requests: [] as string[] };
    const fetchImpl = ((url: string) => {
      if (!state.online) return Promise.reject(new TypeError('fetch failed'));
      state.requests.push(url);
      const path = join(DATA_DIR, url.replace('http://lab/data/', ''));
      return Promise.resolve(
        existsSync(path) ? new Response(readFileSync(path)) : new Response(null, { status: 404, statusText: 'Not Found' }),
      );
    }) as typeof fetch;
    return { state, fetchImpl };
  };

  it('a second run fetches nothing; offline it trains from what is stored and names what is not', async () => {
    const { caches } = fakeCaches();
    const { state, fetchImpl } = fakeNetwork();
    const reader = cachedReader('http://lab/data', caches, fetchImpl);
    const first = await (await DataSource.open('mnist', reader)).load({ train: 1000, test: 1000 });
    expect(state.requests.map((u) => u.split('/').pop())).toEqual(['mnist.json', 'mnist-train-000.bin', 'mnist-test-000.bin']);
    state.requests = [];
    await (await DataSource.open('mnist', reader)).load({ train: 1000, test: 1000 });
    expect(state.requests.map((u) => u.split('/').pop())).toEqual(['mnist.json']);
    state.online = false;
    const offline = await (await DataSource.open('mnist', reader)).load({ train: 1000, test: 1000 });
    expect(Array.from(offline.train.labels)).toEqual(Array.from(first.train.labels));
    await expect((await DataSource.open('mnist', reader)).load({ train: 1001, test: 1000 })).rejects.toThrow(
      'Dataset file mnist-train-001.bin could not be read (mnist-train-001.bin is not stored on this device and the network did not answer (fetch failed); connect once to fetch it)',
    );
  });

  it('a corrupt or truncated stored chunk is dropped and fetched again', async () => {
    const { caches, store } = fakeCaches();
    const { state, fetchImpl } = fakeNetwork();
    const reader = cachedReader('http://lab/data', caches, fetchImpl);
    await (await DataSource.open('mnist', reader)).load({ train: 10, test: 10 });
    const url = 'http://lab/data/mnist-test-000.bin';
    const good = store.get(url)!.slice();
    store.set(url, good.subarray(0, 100));
    state.requests = [];
    const d = await (await DataSource.open('mnist', reader)).load({ train: 10, test: 10 });
    expect(d.test.count).toBe(1000);
    expect(state.requests.map((u) => u.split('/').pop())).toEqual(['mnist.json', 'mnist-test-000.bin']);
    expect(Buffer.from(store.get(url)!).equals(Buffer.from(good))).toBe(true);
    const flipped = good.slice();
    flipped[5000] = flipped[5000]! ^ 1;
    store.set(url, flipped);
    await (await DataSource.open('mnist', reader)).load({ train: 10, test: 10 });
    expect(Buffer.from(store.get(url)!).equals(Buffer.from(good))).toBe(true);
  });
});
