import {
  type DatasetHeader,
  type DatasetId,
  type SplitName,
  fnv1a,
  headerFileName,
  parseHeader,
} from './format';
import { createRng, permutation } from '../rng';

/**
 * One split of a dataset held in memory as bytes: `labels[i]` is the class of
 * the image whose pixels are `pixels[i·D … (i+1)·D)`, D = H·W·C.
 */
export interface ImageSet {
  labels: Uint8Array;
  pixels: Uint8Array;
  count: number;
  shape: [number, number, number];
  numClasses: number;
}

export interface Dataset {
  header: DatasetHeader;
  train: ImageSet;
  test: ImageSet;
}

/**
 * Reads one file of the data directory by name. Node passes a filesystem
 * reader, the browser a `fetch` from the app's own origin. It rejects (or
 * returns null) when the file does not exist.
 */
export type FileReader = (name: string) => Promise<Uint8Array | null>;

/** The command that rebuilds the data files, named in every data error. */
export const REBUILD_HINT = 'run `npm run data` to rebuild it';

/** Loads and checks a dataset's header and both splits. */
export async function loadDataset(id: DatasetId, read: FileReader): Promise<Dataset> {
  const headerName = headerFileName(id);
  const headerBytes = await readOrThrow(read, headerName);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(headerBytes));
  } catch {
    throw new Error(`Dataset header ${headerName} is not valid JSON; ${REBUILD_HINT}`);
  }
  let header: DatasetHeader;
  try {
    header = parseHeader(json, headerName);
  } catch (e) {
    throw new Error(`${(e as Error).message}; ${REBUILD_HINT}`);
  }
  const [train, test] = await Promise.all([loadSplit(header, 'train', read), loadSplit(header, 'test', read)]);
  return { header, train, test };
}

async function readOrThrow(read: FileReader, name: string): Promise<Uint8Array> {
  let bytes: Uint8Array | null;
  try {
    bytes = await read(name);
  } catch (e) {
    throw new Error(`Dataset file ${name} could not be read (${(e as Error).message}); ${REBUILD_HINT}`);
  }
  if (bytes === null) throw new Error(`Dataset file ${name} is missing; ${REBUILD_HINT}`);
  return bytes;
}

async function loadSplit(header: DatasetHeader, split: SplitName, read: FileReader): Promise<ImageSet> {
  const s = header.splits[split];
  const bytes = await readOrThrow(read, s.file);
  const dim = header.shape[0] * header.shape[1] * header.shape[2];
  if (bytes.length !== s.bytes || s.bytes !== s.count * (dim + 1)) {
    throw new Error(
      `Dataset file ${s.file} has ${bytes.length} bytes, expected ${s.bytes} (${s.count} images); ${REBUILD_HINT}`,
    );
  }
  if (fnv1a(bytes) !== s.fnv1a) {
    throw new Error(`Dataset file ${s.file} is corrupt (checksum mismatch); ${REBUILD_HINT}`);
  }
  const labels = bytes.subarray(0, s.count);
  const numClasses = header.classes.length;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= numClasses) {
      throw new Error(`Dataset file ${s.file} has label ${labels[i]} at ${i}, beyond ${numClasses} classes; ${REBUILD_HINT}`);
    }
  }
  return { labels, pixels: bytes.subarray(s.count), count: s.count, shape: header.shape, numClasses };
}

/**
 * The first `n` examples of a split. The build script stores every split in
 * a seeded random order, so a prefix is a uniformly random subset and the
 * same `n` always gives the same examples.
 */
export function takeSubset(set: ImageSet, n: number, what = 'subset size'): ImageSet {
  if (!Number.isInteger(n) || n < 1 || n > set.count) {
    throw new Error(`${what} must be an integer in [1, ${set.count}], got ${n}`);
  }
  const dim = set.shape[0] * set.shape[1] * set.shape[2];
  return {
    labels: set.labels.subarray(0, n),
    pixels: set.pixels.subarray(0, n * dim),
    count: n,
    shape: set.shape,
    numClasses: set.numClasses,
  };
}

/**
 * The training set with symmetric label noise: a seeded random subset of
 * round(fraction · count) examples gets a label drawn uniformly from the
 * other classes (so exactly that many labels are wrong). Pixels are shared,
 * labels copied; fraction 0 returns `set` itself. The same seed always
 * corrupts the same examples, so every method of a seed sees the same labels.
 */
export function withLabelNoise(set: ImageSet, fraction: number, seed: number): ImageSet {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`labelNoise must be a number in [0, 1), got ${fraction}`);
  if (fraction === 0) return set;
  const rng = createRng((seed ^ 0x4c4e4f49) >>> 0);
  const corrupt = permutation(set.count, rng).subarray(0, Math.round(fraction * set.count));
  const labels = set.labels.slice();
  for (const i of corrupt) {
    const shift = 1 + rng.int(set.numClasses - 1);
    labels[i] = (labels[i]! + shift) % set.numClasses;
  }
  return { ...set, labels };
}
