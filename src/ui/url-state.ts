/**
 * The whole experiment in the URL, so a shared link reproduces it. Each field
 * of `LabConfig` is declared once with its type; parsing never throws: a
 * value that does not parse falls back to the default and is reported, and
 * an out-of-range value is kept so the form shows why it cannot run.
 */
import { INIT_SCHEMES } from '../core/models/spec';
import { type Message, message } from './i18n/message';
import { DEFAULT_LAB, type LabConfig } from './lab';

/** Keys of the page's URL that are not settings: the preset a link starts from, the interface's language, the lecture's step and its presentation toggle. */
export const PAGE_KEYS = ['preset', 'lang', 'lecture', 'present'];

/** The page keys `search` has that outlive a change of settings (all but the preset, which the settings now hold), as `key=value` pairs. */
export function keptPageKeys(search: string): [string, string][] {
  return [...new URLSearchParams(search)].filter(([k]) => k !== 'preset' && PAGE_KEYS.includes(k));
}

type FieldType = { kind: 'number' } | { kind: 'boolean' } | { kind: 'choice'; options: readonly string[] };

const FIELDS: { [K in keyof LabConfig]: FieldType } = {
  dataset: { kind: 'choice', options: ['fashion-mnist', 'mnist'] },
  trainSize: { kind: 'number' },
  labelNoise: { kind: 'number' },
  testSize: { kind: 'number' },
  model: { kind: 'choice', options: ['small', 'default', 'wide'] },
  init: { kind: 'choice', options: INIT_SCHEMES },
  epochs: { kind: 'number' },
  batchSize: { kind: 'number' },
  seed: { kind: 'number' },
  lr: { kind: 'number' },
  momentum: { kind: 'number' },
  weightDecay: { kind: 'number' },
  schedule: { kind: 'choice', options: ['constant', 'linear', 'cosine'] },
  swaStart: { kind: 'number' },
  alpha1: { kind: 'number' },
  alpha2: { kind: 'number' },
  c: { kind: 'number' },
  rho: { kind: 'number' },
  p: { kind: 'choice', options: ['2', 'inf'] },
  adaptive: { kind: 'boolean' },
  track: { kind: 'boolean' },
  samples: { kind: 'number' },
  k: { kind: 'number' },
  rays: { kind: 'number' },
  tMax: { kind: 'number' },
  directions: { kind: 'choice', options: ['unit', 'filter'] },
  backend: { kind: 'choice', options: ['auto', 'webgpu', 'webgl', 'cpu'] },
};

/** `?dataset=…&trainSize=…` with every field, in declaration order. */
export function labToQuery(lab: LabConfig): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(FIELDS) as (keyof LabConfig)[]) q.set(key, String(lab[key]));
  return `?${q.toString()}`;
}

/**
 * Settings from a query string, over `base` (the defaults, or a preset);
 * `problems` lists values that could not be read (the base value is used),
 * each naming the URL's key and value as written.
 */
export function labFromQuery(search: string, base: LabConfig = DEFAULT_LAB): { lab: LabConfig; problems: Message[] } {
  const q = new URLSearchParams(search);
  const lab: Record<string, unknown> = { ...base };
  const problems: Message[] = [];
  for (const [key, raw] of q) {
    const type = FIELDS[key as keyof LabConfig];
    if (!type) {
      if (!PAGE_KEYS.includes(key)) problems.push(message('lab.url.unknownSetting', { key }));
      continue;
    }
    // The value kept: a number as such (its digits follow the language when shown), a switch or a choice as text.
    const current = lab[key];
    const fallback = typeof current === 'number' ? current : String(current);
    if (type.kind === 'number') {
      const v = Number(raw);
      if (raw.trim() === '' || Number.isNaN(v)) problems.push(message('lab.url.notNumber', { key, raw, fallback }));
      else lab[key] = v;
    } else if (type.kind === 'boolean') {
      if (raw === 'true' || raw === 'false') lab[key] = raw === 'true';
      else problems.push(message('lab.url.notBoolean', { key, raw, fallback }));
    } else if (type.options.includes(raw)) {
      lab[key] = raw;
    } else {
      problems.push(message('lab.url.notOption', { key, raw, options: type.options.join(', '), fallback }));
    }
  }
  return { lab: lab as unknown as LabConfig, problems };
}
