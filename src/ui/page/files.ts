/** The page's files: exports as downloads, and a saved run read back from a file the student picks. */
import type { Experiment } from '../experiment';
import { parseExperiment } from '../persistence';

/** Hands `text` to the browser as a download named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The experiment in a JSON file exported by the lab; throws an Error naming the file and what is wrong with it. */
export async function readExperimentFile(f: File): Promise<Experiment> {
  const text = await f.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${f.name} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseExperiment(json, f.name);
}
