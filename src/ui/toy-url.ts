/**
 * The toy tab's setup in the URL fragment, `#toy?landscape=ravine&rho=0.2&x=-1&y=1.2`,
 * so that a link shows the same landscape, start and settings. Reading never
 * throws: a value that does not parse keeps the default and is reported; an
 * out-of-range number is kept, so the form shows why it cannot run.
 */
import { LANDSCAPE_IDS, LANDSCAPE_INFO, type LandscapeId, type Point } from '../core/toy/landscape-info';
import { DEFAULT_TOY, type ToySettings } from '../core/toy/options';

export interface ToySetup {
  landscape: LandscapeId;
  start: Point;
  settings: ToySettings;
}

const NUMBERS = ['lr', 'noise', 'rho', 'alpha1', 'alpha2', 'c', 'swaStart', 'steps', 'seed'] as const;

/** The default setup of a landscape: its start and its suggested settings over the defaults. */
export function defaultSetup(landscape: LandscapeId): ToySetup {
  const l = LANDSCAPE_INFO[landscape];
  return { landscape, start: [...l.start], settings: { ...DEFAULT_TOY, ...l.suggested } };
}

export function toyToHash(s: ToySetup): string {
  const q = new URLSearchParams({ landscape: s.landscape });
  for (const k of NUMBERS) q.set(k, String(s.settings[k]));
  q.set('p', s.settings.p === Infinity ? 'inf' : '2');
  q.set('x', s.start[0].toFixed(3));
  q.set('y', s.start[1].toFixed(3));
  return `#toy?${q.toString()}`;
}

export function toyFromHash(hash: string): { setup: ToySetup; problems: string[] } {
  const query = hash.startsWith('#toy?') ? hash.slice('#toy?'.length) : '';
  const q = new URLSearchParams(query);
  const problems: string[] = [];
  const id = q.get('landscape');
  const landscape = id !== null && (LANDSCAPE_IDS as readonly string[]).includes(id) ? (id as LandscapeId) : 'two-basins';
  if (id !== null && landscape !== id)
    problems.push(`toy: landscape "${id}" is not one of ${LANDSCAPE_IDS.join(', ')}; using ${landscape}`);
  const setup = defaultSetup(landscape);
  for (const [key, raw] of q) {
    if (key === 'landscape') continue;
    const v = Number(raw);
    const readable = raw.trim() !== '' && !Number.isNaN(v);
    if ((NUMBERS as readonly string[]).includes(key)) {
      if (readable) setup.settings[key as (typeof NUMBERS)[number]] = v;
      else problems.push(`toy: ${key}=${raw} is not a number; using ${setup.settings[key as (typeof NUMBERS)[number]]}`);
    } else if (key === 'p') {
      if (raw === '2' || raw === 'inf') setup.settings.p = raw === 'inf' ? Infinity : 2;
      else problems.push(`toy: p=${raw} is not 2 or inf; using 2`);
    } else if (key === 'x' || key === 'y') {
      if (readable && Number.isFinite(v)) setup.start[key === 'x' ? 0 : 1] = v;
      else problems.push(`toy: ${key}=${raw} is not a finite number; using the landscape's start`);
    } else {
      problems.push(`toy: unknown setting "${key}" ignored`);
    }
  }
  return { setup, problems };
}
