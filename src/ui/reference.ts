/**
 * The bundled reference runs: experiments recorded with the app itself
 * (`npm run reference`, src/cli/reference.ts) and shipped in
 * public/reference/, so that every lecture step that needs a trained convnet
 * can show one at once. A reference file is a saved run exactly as the page
 * exports it, plus a `provenance` object saying how it was made; it is read
 * through the same schema as an imported file. The service worker precaches
 * the files, so they load with the network off after one visit.
 */
import type { Experiment } from './experiment';
import { message } from './i18n/message';
import { englishText } from './i18n/text';
import { parseExperiment } from './persistence';
import { type Check, bool, num, object, str } from './schema';

/** How a reference run was made. */
export interface Provenance {
  /** The command line that recorded it (`npm run reference -- …`). */
  command: string;
  /** The preset the page opened with (`?preset=`). */
  preset: string;
  /** The settings given on top of the preset, as the URL takes them ("k=v&…"; '' for none). */
  lab: string;
  /** The seed of the initial weights and the data order. */
  seed: number;
  /** The commit of the app that recorded it, and whether its checkout had uncommitted changes (outside public/reference). */
  commit: string;
  dirty: boolean;
  /** The machine it ran on. */
  machine: { cpu: string; cores: number; platform: string; arch: string; memoryBytes: number };
  /** The browser that ran the page ("Chrome/…, headless (/usr/bin/chromium)"). */
  browser: string;
  /** The tfjs backend the page used, with the page's note on the choice where it made one. */
  backend: string;
  /** When it was recorded (ISO 8601). */
  createdAt: string;
  /** Where the time went (seconds): page open to backend ready, Start to the end of training, to the end of the analysis, all. */
  seconds?: { backendReady: number; training: number; analysis: number; total: number };
  /** What was done to the numbers on the way to the file (e.g. float32 values written with fewer digits). */
  reduced?: string;
}

/** A reference file: a saved run and its provenance. */
export type ReferenceRun = Experiment & { provenance: Provenance };

const provenanceCheck: Check = object({
  command: str,
  preset: str,
  lab: str,
  seed: num,
  commit: str,
  dirty: bool,
  machine: object({ cpu: str, cores: num, platform: str, arch: str, memoryBytes: num }),
  browser: str,
  backend: str,
  createdAt: (v, path) =>
    str(v, path) ?? (Number.isNaN(Date.parse(v as string)) ? message('lab.schema.date', { path, value: String(v) }) : null),
});

/** The first problem with a provenance record ("provenance.machine.cores: …"), or null. */
export function provenanceProblem(value: unknown): string | null {
  const problem = provenanceCheck(value, 'provenance');
  return problem && englishText(problem);
}

/** Validates a reference file's parsed JSON: the saved run (parseExperiment) and its provenance; throws an Error naming `source`. */
export function parseReference(value: unknown, source: string): ReferenceRun {
  const x = parseExperiment(value, source);
  const problem = provenanceProblem((value as { provenance?: unknown }).provenance);
  if (problem) throw new Error(`${source} is not a reference run: ${problem}`);
  return x as ReferenceRun;
}

/** The bundled runs: name → file (relative to the site's base) and what each shows. */
export const REFERENCE_RUNS = {
  lecture: {
    file: 'reference/lecture.json',
    description: 'The lecture preset: SGD, SWA and SAM side by side (the random rays of Figure 4, the SWA table).',
  },
  noisy: {
    file: 'reference/noisy.json',
    description: 'The noisy-labels preset: SGD, SWA and SAM where a fifth of the labels are wrong (the SAM table).',
  },
} as const satisfies Record<string, { file: string; description: string }>;

export type ReferenceName = keyof typeof REFERENCE_RUNS;

export const REFERENCE_NAMES = Object.keys(REFERENCE_RUNS) as ReferenceName[];

/** The URL of a bundled run, under the site's base. */
export function referenceUrl(name: ReferenceName): string {
  return `${import.meta.env.BASE_URL}${REFERENCE_RUNS[name].file}`;
}

/**
 * Fetches and validates a bundled run (from the service worker's precache when
 * offline); a missing or malformed file rejects with an Error naming the file
 * and the reason.
 */
export async function loadReference(name: ReferenceName, fetcher: typeof fetch = fetch): Promise<ReferenceRun> {
  const entry = (REFERENCE_RUNS as Record<string, { file: string } | undefined>)[name];
  if (!entry) throw new Error(`there is no bundled reference run "${String(name)}" (there are ${REFERENCE_NAMES.join(', ')})`);
  const file = entry.file;
  let text: string;
  try {
    const response = await fetcher(referenceUrl(name));
    if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
    text = await response.text();
  } catch (e) {
    throw new Error(`${file} could not be read: ${(e as Error).message}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseReference(json, file);
}
