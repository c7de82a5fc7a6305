/** The page's files: exports as downloads, and a saved run read back from a file the student picks. */
import type { Experiment } from '../experiment';
import { message } from '../i18n/message';
import { MessageError } from '../i18n/text';
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

/**
 * The experiment in a JSON file exported by the lab; throws a MessageError
 * naming the file and what is wrong with it.
 */
export async function readExperimentFile(f: File): Promise<Experiment> {
  let text: string;
  try {
    text = await f.text();
  } catch (e) {
    throw new MessageError(message('lab.import.unreadable', { source: f.name, reason: String(e) }), { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // The parser's own words (the browser's language), naming where the text stops being JSON.
    throw new MessageError(message('lab.import.notJson', { source: f.name, reason: (e as Error).message }), { cause: e });
  }
  return parseExperiment(json, f.name);
}
