import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataSource, loadDataset, takeSubset } from '../../src/core/data/dataset';
import { encodeChunk, fnv1a, FORMAT_NAME, FORMAT_VERSION } from '../../src/core/data/format';
import { DATA_DIR, directoryReader, loadDatasetFromDisk } from '../../src/node/files';

/** A dataset header named 'tiny' (id mnist) of 2×2 grey images in three classes, with the given splits. */
const tinyHeader = (splits: Record<'train' | 'test', unknown>) => ({
  format: FORMAT_NAME,
  version: FORMAT_VERSION,
  id: 'mnist',
  name: 'tiny',
  source: 'test',
  shape: [2, 2, 1],
  classes: ['a', 'b', 'c'],
  splits,
});

describe('the shipped datasets', () => {
  it('Fashion-MNIST: 60,000 train / 10,000 test, stratified 6,000 / 1,000 per class', async () => {
    const d = await loadDatasetFromDisk('fashion-mnist');
    expect(d.header.classes[0]).toBe('T-shirt/top');
    expect([d.train.count, d.test.count]).toEqual([60000, 10000]);
    for (const [set, per] of [
      [d.train, 6000],
      [d.test, 1000],
    ] as const) {
      const counts = new Array<number>(10).fill(0);
      set.labels.forEach((l) => (counts[l]! += 1));
      expect(counts).toEqual(new Array(10).fill(per));
    }
    // A prefix is a random subset: the first 2,000 test images hold every class about equally.
    const sub = takeSubset(d.test, 2000);
    const counts = new Array<number>(10).fill(0);
    sub.labels.forEach((l) => (counts[l]! += 1));
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(sub.pixels.length).toBe(2000 * 784);
  });

  it('MNIST: the official 60,000 / 10,000 split', async () => {
    const d = await loadDatasetFromDisk('mnist');
    expect([d.train.count, d.test.count]).toEqual([60000, 10000]);
    expect(d.train.shape).toEqual([28, 28, 1]);
  });

  it('rejects subset sizes out of range, naming the value', async () => {
    const d = await loadDatasetFromDisk('mnist');
    expect(() => takeSubset(d.test, 0, 'testSize')).toThrow('testSize must be an integer in [1, 10000], got 0');
    expect(() => takeSubset(d.test, 10001, 'testSize')).toThrow(/got 10001/);
  });
});

describe('damaged data files give errors that name the file and the fix', () => {
  const copyDir = (files: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'wol-data-'));
    for (const f of files) copyFileSync(join(DATA_DIR, f), join(dir, f));
    return dir;
  };
  const firstChunks = ['mnist.json', 'mnist-train-000.bin', 'mnist-test-000.bin'];
  const tiny = { train: 10, test: 10 };

  it('missing chunk or header', async () => {
    const dir = copyDir(['mnist.json', 'mnist-test-000.bin']);
    const source = await DataSource.open('mnist', directoryReader(dir));
    await expect(source.load(tiny)).rejects.toThrow('Dataset file mnist-train-000.bin is missing; run `npm run data` to rebuild it');
    await expect(DataSource.open('fashion-mnist', directoryReader(dir))).rejects.toThrow(/fashion-mnist\.json is missing/);
  });

  it('truncated and corrupt chunks', async () => {
    const dir = copyDir(firstChunks);
    const chunk = readFileSync(join(DATA_DIR, 'mnist-train-000.bin'));
    writeFileSync(join(dir, 'mnist-train-000.bin'), chunk.subarray(0, 1000));
    await expect((await DataSource.open('mnist', directoryReader(dir))).load(tiny)).rejects.toThrow(
      /mnist-train-000\.bin has 1000 bytes, expected 785000 \(1000 images\)/,
    );
    const flipped = Buffer.from(chunk);
    flipped[123456] = flipped[123456]! ^ 0xff;
    writeFileSync(join(dir, 'mnist-train-000.bin'), flipped);
    await expect((await DataSource.open('mnist', directoryReader(dir))).load(tiny)).rejects.toThrow(
      /mnist-train-000\.bin is corrupt \(checksum mismatch\); run `npm run data`/,
    );
  });

  it('sizes beyond a split are named before anything is read', async () => {
    const reads: string[] = [];
    const source = await DataSource.open('mnist', { read: async (name) => (reads.push(name), directoryReader(DATA_DIR).read(name)) });
    await expect(source.load({ train: 60001, test: 10 })).rejects.toThrow(
      'trainSize must be an integer in [1, 60000] (the MNIST train split), got 60001',
    );
    await expect(source.load({ train: 10, test: 0 })).rejects.toThrow(/testSize must be an integer in \[1, 10000\].*got 0/);
    expect(reads).toEqual(['mnist.json']);
  });

  it('malformed header', async () => {
    const dir = copyDir(firstChunks);
    writeFileSync(join(dir, 'mnist.json'), '{"format": "something else"');
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/mnist\.json is not valid JSON/);
    writeFileSync(join(dir, 'mnist.json'), JSON.stringify({ format: FORMAT_NAME, version: 99 }));
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/version is 99, expected 2/);
    const header = JSON.parse(readFileSync(join(DATA_DIR, 'mnist.json'), 'utf8')) as { splits: { test: { count: number } } };
    header.splits.test.count = 10001;
    writeFileSync(join(dir, 'mnist.json'), JSON.stringify(header));
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/split test has 10001 images but its chunks hold 10000/);
  });

  it('labels beyond the class list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wol-data-'));
    const bytes = encodeChunk(new Uint8Array([0, 1, 12]), new Uint8Array(3 * 4));
    const split = { count: 3, chunks: [{ file: 'x.bin', count: 3, bytes: bytes.length, fnv1a: fnv1a(bytes) }] };
    writeFileSync(join(dir, 'x.bin'), bytes);
    const header = tinyHeader({ train: split, test: split });
    writeFileSync(join(dir, 'mnist.json'), JSON.stringify(header));
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/x\.bin has label 12 at 2, beyond 3 classes/);
  });
});

describe('chunks: a run reads only the chunks that hold its subsets', () => {
  // A synthetic split of 7 images of 2×2 pixels in chunks of 3, 3 and 1: image i has label i mod 3 and pixels 10·i + j.
  const images = 7;
  const labels = Uint8Array.from({ length: images }, (_, i) => i % 3);
  const pixels = Uint8Array.from({ length: images * 4 }, (_, k) => 10 * Math.floor(k / 4) + (k % 4));
  const files = new Map<string, Uint8Array>();
  const chunks = [
    [0, 3],
    [3, 6],
    [6, 7],
  ].map(([a, b], k) => {
    const bytes = encodeChunk(labels.slice(a, b), pixels.slice(a! * 4, b! * 4));
    const file = `tiny-train-${k}.bin`;
    files.set(file, bytes);
    return { file, count: b! - a!, bytes: bytes.length, fnv1a: fnv1a(bytes) };
  });
  const header = tinyHeader({ train: { count: images, chunks }, test: { count: 3, chunks: chunks.slice(0, 1) } });
  files.set('mnist.json', new TextEncoder().encode(JSON.stringify(header)));
  const reader = (reads: string[]) => ({ read: (name: string) => (reads.push(name), Promise.resolve(files.get(name) ?? null)) });

  it('a subset across a chunk border equals the same images of the whole split; chunks are read once', async () => {
    const reads: string[] = [];
    const source = await DataSource.open('mnist', reader(reads));
    const d = await source.load({ train: 4, test: 2 });
    expect(d.train.count).toBe(6);
    const sub = takeSubset(d.train, 4);
    expect(Array.from(sub.labels)).toEqual(Array.from(labels.slice(0, 4)));
    expect(Array.from(sub.pixels)).toEqual(Array.from(pixels.slice(0, 16)));
    expect(reads.sort()).toEqual(['mnist.json', 'tiny-train-0.bin', 'tiny-train-1.bin']);
    const all = await source.load({ train: 7, test: 3 });
    expect(Array.from(all.train.pixels)).toEqual(Array.from(pixels));
    expect(reads.filter((r) => r === 'tiny-train-2.bin')).toHaveLength(1);
    expect(reads.filter((r) => r === 'tiny-train-0.bin')).toHaveLength(1);
  });

  it('a stored chunk that fails its checksum is dropped and read afresh', async () => {
    const stale = new Map([['tiny-train-0.bin', new Uint8Array(chunks[0]!.bytes)]]);
    const forgotten: string[] = [];
    const source = await DataSource.open('mnist', {
      read: (name) => Promise.resolve(stale.get(name) ?? files.get(name) ?? null),
      forget: (name) => {
        forgotten.push(name);
        stale.delete(name);
        return Promise.resolve();
      },
    });
    const d = await source.load({ train: 3, test: 3 });
    expect(Array.from(d.train.labels)).toEqual([0, 1, 2]);
    expect(forgotten).toEqual(['tiny-train-0.bin']);
  });

  it('a chunk that cannot be read is named with the reason, and tried again on the next load', async () => {
    let online = false;
    const source = await DataSource.open('mnist', {
      read: (name) =>
        !online && name.endsWith('.bin')
          ? Promise.reject(new Error('tiny-train-0.bin is not stored on this device and the network did not answer'))
          : Promise.resolve(files.get(name) ?? null),
    });
    await expect(source.load({ train: 2, test: 2 })).rejects.toThrow(
      /Dataset file tiny-train-0\.bin could not be read \(tiny-train-0\.bin is not stored on this device/,
    );
    online = true;
    expect((await source.load({ train: 2, test: 2 })).train.count).toBe(3);
  });
});
