import { type ChunkHeader, type DatasetHeader, type DatasetId, type SplitName, fnv1a, headerFileName, parseHeader } from './format';
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
 * Reads the files of the data directory by name: Node passes a filesystem
 * reader, the browser a `fetch` from the app's own origin (through a cache).
 */
export interface DataReader {
  /** The file's bytes, or null when it does not exist; rejects (naming why) when it cannot be read. */
  read(name: string): Promise<Uint8Array | null>;
  /** Drops a stored copy of the file (a browser cache), so that the next read fetches it afresh. */
  forget?(name: string): Promise<void>;
}

/** The command that rebuilds the data files, named in every data error. */
export const REBUILD_HINT = 'run `npm run data` to rebuild it';

/** How many images of each split a run reads: always a prefix (the splits are stored in seeded random order). */
export interface DataNeeds {
  train: number;
  test: number;
}

interface Part {
  labels: Uint8Array;
  pixels: Uint8Array;
}

/**
 * One dataset behind a reader: its header, and the chunks read so far (each
 * read once, checked, and kept). `load` reads only the chunks that hold the
 * images a run needs.
 */
export class DataSource {
  private readonly parts = new Map<string, Promise<Part>>();
  /** Each assembled prefix, by split and number of chunks: runs and analyses of the same sizes share one copy. */
  private readonly prefixes = new Map<string, Promise<ImageSet>>();

  private constructor(
    readonly header: DatasetHeader,
    private readonly reader: DataReader,
  ) {}

  /** Reads and checks the dataset's header. */
  static async open(id: DatasetId, reader: DataReader): Promise<DataSource> {
    const headerName = headerFileName(id);
    const headerBytes = await readOrThrow(reader, headerName);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(headerBytes));
    } catch {
      throw new Error(`Dataset header ${headerName} is not valid JSON; ${REBUILD_HINT}`);
    }
    try {
      return new DataSource(parseHeader(json, headerName), reader);
    } catch (e) {
      throw new Error(`${(e as Error).message}; ${REBUILD_HINT}`, { cause: e });
    }
  }

  /** Throws, naming `what` and its value, when the split holds fewer than `n` images (or `n` is not a positive integer). */
  check(split: SplitName, n: number, what = `${split} size`): void {
    const count = this.header.splits[split].count;
    if (!Number.isInteger(n) || n < 1 || n > count) {
      throw new RangeError(`${what} must be an integer in [1, ${count}] (the ${this.header.name} ${split} split), got ${n}`);
    }
  }

  /** The chunks that hold the first `n` images of a split. */
  chunksFor(split: SplitName, n: number): ChunkHeader[] {
    const out: ChunkHeader[] = [];
    let held = 0;
    for (const c of this.header.splits[split].chunks) {
      if (held >= n) break;
      out.push(c);
      held += c.count;
    }
    return out;
  }

  /** At least the first `needs.train` and `needs.test` images of the splits (whole chunks), each chunk read once. */
  async load(needs: DataNeeds): Promise<Dataset> {
    this.check('train', needs.train, 'trainSize');
    this.check('test', needs.test, 'testSize');
    const [train, test] = await Promise.all([this.prefix('train', needs.train), this.prefix('test', needs.test)]);
    return { header: this.header, train, test };
  }

  /** Both splits whole. */
  all(): Promise<Dataset> {
    return this.load({ train: this.header.splits.train.count, test: this.header.splits.test.count });
  }

  private prefix(split: SplitName, n: number): Promise<ImageSet> {
    const chunks = this.chunksFor(split, n);
    const key = `${split}:${chunks.length}`;
    let p = this.prefixes.get(key);
    if (!p) {
      p = this.join(chunks);
      this.prefixes.set(key, p);
      p.catch(() => this.prefixes.delete(key));
    }
    return p;
  }

  private async join(chunks: ChunkHeader[]): Promise<ImageSet> {
    const parts = await Promise.all(chunks.map((c) => this.part(c)));
    const count = parts.reduce((k, p) => k + p.labels.length, 0);
    const join = (arrays: Uint8Array[]) => {
      if (arrays.length === 1) return arrays[0]!;
      const out = new Uint8Array(arrays.reduce((k, a) => k + a.length, 0));
      let at = 0;
      for (const a of arrays) {
        out.set(a, at);
        at += a.length;
      }
      return out;
    };
    const { shape, classes } = this.header;
    return { labels: join(parts.map((p) => p.labels)), pixels: join(parts.map((p) => p.pixels)), count, shape, numClasses: classes.length };
  }

  private part(c: ChunkHeader): Promise<Part> {
    let p = this.parts.get(c.file);
    if (!p) {
      p = this.readPart(c);
      this.parts.set(c.file, p);
      // A failed read (offline, say) is tried again next time.
      p.catch(() => this.parts.delete(c.file));
    }
    return p;
  }

  /** Reads and checks one chunk; a stored copy that fails the check is dropped and read afresh once. */
  private async readPart(c: ChunkHeader): Promise<Part> {
    const { shape, classes } = this.header;
    const dim = shape[0] * shape[1] * shape[2];
    const problem = (bytes: Uint8Array): string | null => {
      if (bytes.length !== c.bytes || c.bytes !== c.count * (dim + 1))
        return `has ${bytes.length} bytes, expected ${c.bytes} (${c.count} images)`;
      if (fnv1a(bytes) !== c.fnv1a) return 'is corrupt (checksum mismatch)';
      return null;
    };
    let bytes = await readOrThrow(this.reader, c.file);
    let why = problem(bytes);
    if (why && this.reader.forget) {
      await this.reader.forget(c.file);
      bytes = await readOrThrow(this.reader, c.file);
      why = problem(bytes);
      if (why) await this.reader.forget(c.file);
    }
    if (why) throw new Error(`Dataset file ${c.file} ${why}; ${REBUILD_HINT}`);
    const labels = bytes.subarray(0, c.count);
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]! >= classes.length) {
        throw new Error(`Dataset file ${c.file} has label ${labels[i]} at ${i}, beyond ${classes.length} classes; ${REBUILD_HINT}`);
      }
    }
    return { labels, pixels: bytes.subarray(c.count) };
  }
}

/** Loads and checks a dataset's header and both splits whole (Node's CLI and tests). */
export async function loadDataset(id: DatasetId, reader: DataReader): Promise<Dataset> {
  return (await DataSource.open(id, reader)).all();
}

async function readOrThrow(reader: DataReader, name: string): Promise<Uint8Array> {
  let bytes: Uint8Array | null;
  try {
    bytes = await reader.read(name);
  } catch (e) {
    throw new Error(`Dataset file ${name} could not be read (${(e as Error).message})`, { cause: e });
  }
  if (bytes === null) throw new Error(`Dataset file ${name} is missing; ${REBUILD_HINT}`);
  return bytes;
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
