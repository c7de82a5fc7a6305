/**
 * The toy tab's setup in the URL fragment, `#toy?landscape=ravine&rho=0.2&x=-1&y=1.2`,
 * so that a link shows the same landscape, start and settings. Reading never
 * throws: a value that does not parse keeps the default and is reported (as a
 * `Message`, translated where it is shown; `value` is the URL's text as typed);
 * an out-of-range number is kept, so the form shows why it cannot run.
 */
import { LANDSCAPE_IDS, type LandscapeId } from '../core/toy/landscape-info';
import { type Message, message } from './i18n/message';
import { type ToySetup, defaultSetup } from './toy/setup';

export { type ToySetup, defaultSetup } from './toy/setup';

const NUMBERS = ['lr', 'noise', 'rho', 'alpha1', 'alpha2', 'c', 'swaStart', 'steps', 'seed'] as const;

/** The fragment that describes `s`. */
export function toyToHash(s: ToySetup): string {
  const q = new URLSearchParams({ landscape: s.landscape });
  for (const k of NUMBERS) q.set(k, String(s.settings[k]));
  q.set('p', s.settings.p === Infinity ? 'inf' : '2');
  q.set('x', s.start[0].toFixed(3));
  q.set('y', s.start[1].toFixed(3));
  return `#toy?${q.toString()}`;
}

/** The setup the fragment `hash` describes (defaults for what it lacks), and what could not be read. */
export function toyFromHash(hash: string): { setup: ToySetup; problems: Message[] } {
  const query = hash.startsWith('#toy?') ? hash.slice('#toy?'.length) : '';
  const q = new URLSearchParams(query);
  const problems: Message[] = [];
  const id = q.get('landscape');
  const landscape = id !== null && (LANDSCAPE_IDS as readonly string[]).includes(id) ? (id as LandscapeId) : 'two-basins';
  if (id !== null && landscape !== id)
    problems.push(message('toy.url.landscape', { value: id, options: LANDSCAPE_IDS.join(', '), used: landscape }));
  const setup = defaultSetup(landscape);
  for (const [key, raw] of q) {
    if (key === 'landscape') continue;
    const v = Number(raw);
    const readable = raw.trim() !== '' && !Number.isNaN(v);
    if ((NUMBERS as readonly string[]).includes(key)) {
      if (readable) setup.settings[key as (typeof NUMBERS)[number]] = v;
      else problems.push(message('toy.url.notNumber', { key, value: raw, used: setup.settings[key as (typeof NUMBERS)[number]] }));
    } else if (key === 'p') {
      if (raw === '2' || raw === 'inf') setup.settings.p = raw === 'inf' ? Infinity : 2;
      else problems.push(message('toy.url.p', { value: raw }));
    } else if (key === 'x' || key === 'y') {
      if (readable && Number.isFinite(v)) setup.start[key === 'x' ? 0 : 1] = v;
      else problems.push(message('toy.url.notFinite', { key, value: raw }));
    } else {
      problems.push(message('toy.url.unknown', { key }));
    }
  }
  return { setup, problems };
}
