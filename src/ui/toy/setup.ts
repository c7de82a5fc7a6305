/**
 * What the toy starts from: a landscape, a start point and the settings. The
 * toy tab reads it from the URL fragment (toy-url.ts); an embedding (the
 * lecture mode) hands one to `ToyLab` as its `setup` prop, built here.
 */
import { LANDSCAPE_INFO, type LandscapeId, type Point } from '../../core/toy/landscape-info';
import { DEFAULT_TOY, type ToySettings } from '../../core/toy/options';

export interface ToySetup {
  landscape: LandscapeId;
  start: Point;
  settings: ToySettings;
}

/** The default setup of a landscape: its start and its suggested settings over the defaults. */
export function defaultSetup(landscape: LandscapeId): ToySetup {
  const l = LANDSCAPE_INFO[landscape];
  return { landscape, start: [...l.start], settings: { ...DEFAULT_TOY, ...l.suggested } };
}

/**
 * `landscape`'s default setup with some settings and the start changed:
 * toySetup('two-basins', { settings: { c: 1, alpha2: 0.1 } }). The settings are
 * not validated here: the toy shows why invalid ones cannot run.
 */
export function toySetup(landscape: LandscapeId, changes: { start?: Point; settings?: Partial<ToySettings> } = {}): ToySetup {
  const d = defaultSetup(landscape);
  return { landscape, start: changes.start ? [...changes.start] : d.start, settings: { ...d.settings, ...changes.settings } };
}
