import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, takeSubset } from '../../src/core/data/dataset';
import { encodeSplit, fnv1a, FORMAT_NAME, FORMAT_VERSION } from '../../src/core/data/format';
import { DATA_DIR, directoryReader, loadDatasetFromDisk } from '../../src/node/files';

describe('the shipped datasets', () => {
  it('Fashion-MNIST: 60,000 train / 10,000 test, stratified 6,000 / 1,000 per class', async () => {
    const d = await loadDatasetFromDisk('fashion-mnist');
    expect(d.header.classes[0]).toBe('T-shirt/top');
    expect([d.train.count, d.test.count]).toEqual([60000, 10000]);
    for (const [set, per] of [[d.train, 6000], [d.test, 1000]] as const) {
      const counts = new Array(10).fill(0);
      set.labels.forEach((l) => counts[l]++);
      expect(counts).toEqual(new Array(10).fill(per));
    }
    // A prefix is a random subset: the first 2,000 test images hold every class about equally.
    const sub = takeSubset(d.test, 2000);
    const counts = new Array(10).fill(0);
    sub.labels.forEach((l) => counts[l]++);
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
  const copyDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'wol-data-'));
    for (const f of ['mnist.json', 'mnist-test.bin']) copyFileSync(join(DATA_DIR, f), join(dir, f));
    return dir;
  };

  it('missing file', async () => {
    const dir = copyDir();
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(
      'Dataset file mnist-train.bin is missing; run `npm run data` to rebuild it',
    );
    await expect(loadDataset('fashion-mnist', directoryReader(dir))).rejects.toThrow(/fashion-mnist\.json is missing/);
  });

  it('truncated and corrupt files', async () => {
    const dir = copyDir();
    const train = readFileSync(join(DATA_DIR, 'mnist-train.bin'));
    writeFileSync(join(dir, 'mnist-train.bin'), train.subarray(0, 1000));
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/mnist-train\.bin has 1000 bytes, expected 47100000/);
    const flipped = Buffer.from(train);
    flipped[123456] = flipped[123456]! ^ 0xff;
    writeFileSync(join(dir, 'mnist-train.bin'), flipped);
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/mnist-train\.bin is corrupt \(checksum mismatch\); run `npm run data`/);
  });

  it('malformed header', async () => {
    const dir = copyDir();
    writeFileSync(join(dir, 'mnist.json'), '{"format": "something else"');
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/mnist\.json is not valid JSON/);
    writeFileSync(join(dir, 'mnist.json'), JSON.stringify({ format: FORMAT_NAME, version: 99 }));
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/version is 99, expected 1/);
  });

  it('labels beyond the class list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wol-data-'));
    const bytes = encodeSplit(new Uint8Array([0, 1, 12]), new Uint8Array(3 * 4));
    const split = { count: 3, bytes: bytes.length, fnv1a: fnv1a(bytes) };
    writeFileSync(join(dir, 'x.bin'), bytes);
    const header = {
      format: FORMAT_NAME, version: FORMAT_VERSION, id: 'mnist', name: 'tiny', source: 'test', shape: [2, 2, 1],
      classes: ['a', 'b', 'c'], splits: { train: { file: 'x.bin', ...split }, test: { file: 'x.bin', ...split } },
    };
    writeFileSync(join(dir, 'mnist.json'), JSON.stringify(header));
    await expect(loadDataset('mnist', directoryReader(dir))).rejects.toThrow(/x\.bin has label 12 at 2, beyond 3 classes/);
  });
});
