import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/core/data/dataset';
import { fetchReader } from '../../src/core/data/fetch-reader';
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
    expect(await read('nope.bin')).toBeNull();
    await expect(read('broken.json')).rejects.toThrow('HTTP 500 Internal Server Error');
  });
});
