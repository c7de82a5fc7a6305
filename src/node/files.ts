/**
 * Node-only access to the data files in public/data/ (the browser fetches
 * the same files over HTTP) and to saved checkpoints. Used by the CLI and the
 * tests.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Checkpoint, parseCheckpoint } from '../core/checkpoint';
import { type DataReader, type Dataset, loadDataset } from '../core/data/dataset';
import type { DatasetId } from '../core/data/format';

/** The repository's public/data directory. */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'data');

/** A reader over a directory: missing files read as null. */
export function directoryReader(dir: string): DataReader {
  return {
    async read(name) {
      try {
        return new Uint8Array(await readFile(join(dir, name)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}

/** Loads a dataset from public/data (or `dir`). */
export function loadDatasetFromDisk(id: DatasetId, dir = DATA_DIR): Promise<Dataset> {
  return loadDataset(id, directoryReader(dir));
}

/** Reads and validates a checkpoint file written by `npm run train -- --save FILE`; a bad one's error names `file`. */
export async function readCheckpoint(file: string): Promise<Checkpoint> {
  return parseCheckpoint(JSON.parse(await readFile(file, 'utf8')), file);
}
