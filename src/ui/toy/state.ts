/**
 * The toy tab's state and its reducer: plain data and pure functions, no
 * React, DOM or worker. The reducer decides everything the page shows; the
 * hook (useToySimulation.ts) only carries its `request` to the worker and
 * the worker's events back as actions.
 *
 * The first setup comes from the URL fragment, or from the embedding's
 * `setup` (`initToyState`); a new `setup` prop loads again ('load').
 *
 * A run restarts on Reset, a new landscape, a new start point or a loaded
 * setup (when the settings are valid): the trails empty, the run number grows, and `request`
 * becomes the `toy-start` command for it. Events of any other run are
 * dropped, so a late frame of a replaced run never lands on the new trails.
 */
import type { ToyAnalysis } from '../../core/toy/analysis';
import { LIVE_TOY_FIELDS, type ToySettings, validateToySettings } from '../../core/toy/options';
import type { LandscapeId, Point } from '../../core/toy/landscape-info';
import type { Divergence } from '../../core/toy/simulation';
import type { MinimumInfo, ToyCommand, ToyEvent } from '../../worker/toy-protocol';
import type { Message } from '../i18n/message';
import { toyFromHash } from '../toy-url';
import { METHODS, type Method } from '../../core/methods';
import { type ToySetup, defaultSetup } from './setup';

/** Points per axis of the contour grid the page asks the worker for. */
export const GRID = 81;

/** The loss on a grid, as plotly reads it: z[j][i] = L(xs[i], ys[j]). */
export type Grid = { xs: number[]; ys: number[]; z: number[][] };

/** A drawn path: the three methods' iterates and SWA's running average w_SWA. */
export type PathKey = Method | 'average';

/** Everything drawn of the current run so far. */
export interface Trails {
  /** Every iterate, the start first (the average has no start). */
  paths: Record<PathKey, Point[]>;
  /** L at each point of `paths` the worker has reported (the start has none), for the 3D view. */
  heights: Record<PathKey, number[]>;
  /** SAM's previous iterate w and w + ε̂ there: the ε̂ arrow. */
  eps: [Point, Point] | null;
  iteration: number;
  done: boolean;
  /** Models in w_SWA (ŵ included); 0 before SWA's start. */
  models: number;
  /** The rate each method used at its latest iteration. */
  lr: Record<Method, number>;
  /** Why a method stopped early, if it did. */
  stopped: Partial<Record<Method, Divergence>>;
}

/** The toy-start command the page owes the worker. */
export type StartCommand = Extract<ToyCommand, { type: 'toy-start' }>;

export interface ToyState {
  landscape: LandscapeId;
  start: Point;
  settings: ToySettings;
  /** The live fields of `settings` (LIVE_TOY_FIELDS); a new object only when one of them changes. */
  live: Partial<ToySettings>;
  /** Iterations asked for per animation frame. */
  speed: number;
  playing: boolean;
  /** The run the page shows (0: none started yet). */
  run: number;
  /** The start of `run`, or null while none is owed (invalid settings at load). */
  request: StartCommand | null;
  grid: { id: LandscapeId; grid: Grid } | null;
  minima: MinimumInfo[];
  trails: Trails;
  analysis: Record<Method, ToyAnalysis> | null;
  error: string | null;
  /** Animation frames per second, measured over the last second of playing. */
  fps: number | null;
  /** What the URL fragment had that could not be read. */
  problems: Message[];
}

export type ToyAction =
  | { type: 'set-field'; field: keyof ToySettings; value: number }
  | { type: 'set-speed'; speed: number }
  | { type: 'toggle-play' }
  | { type: 'reset' }
  | { type: 'choose-landscape'; landscape: LandscapeId }
  | { type: 'pick-start'; start: Point }
  | { type: 'fps'; fps: number }
  /** Start again from `setup` (an embedding's new setup); plays at once with `autoplay`. */
  | { type: 'load'; setup: ToySetup; autoplay: boolean }
  /** Play now, if the run can go on. */
  | { type: 'play' }
  | { type: 'event'; event: ToyEvent };

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** The live fields of `s`: what the worker applies from its next iteration. */
export function liveSettings(s: ToySettings): Partial<ToySettings> {
  return Object.fromEntries(LIVE_TOY_FIELDS.map((k) => [k, s[k]]));
}

/** Trails of a run not yet started: every method at `start`, each at rate η. */
export function emptyTrails(start: Point, settings: ToySettings): Trails {
  return {
    paths: { SGD: [start], SWA: [start], SAM: [start], average: [] },
    heights: { SGD: [], SWA: [], SAM: [], average: [] },
    eps: null,
    iteration: 0,
    done: false,
    models: 0,
    lr: { SGD: settings.lr, SWA: settings.lr, SAM: settings.lr },
    stopped: {},
  };
}

/** `t` with a worker frame appended: new points and heights per path, the ε̂ arrow from SAM's previous iterate. */
export function mergeFrame(t: Trails, e: Extract<ToyEvent, { type: 'toy-frame' }>): Trails {
  const f = e.frame;
  const paths = { ...t.paths };
  const heights = { ...t.heights };
  for (const m of METHODS) {
    paths[m] = f.paths[m].length ? [...t.paths[m], ...f.paths[m]] : t.paths[m];
    heights[m] = f.paths[m].length ? [...t.heights[m], ...e.heights[m]] : t.heights[m];
  }
  paths.average = f.swaAverage.length ? [...t.paths.average, ...f.swaAverage] : t.paths.average;
  heights.average = f.swaAverage.length ? [...t.heights.average, ...e.heights.average] : t.heights.average;
  const samFrom = last(paths.SAM.slice(0, -1));
  return {
    paths,
    heights,
    eps: f.samPerturbed && samFrom ? [samFrom, f.samPerturbed] : t.eps,
    iteration: f.iteration,
    done: f.done,
    models: f.swaModels,
    lr: f.lr,
    stopped: f.stopped,
  };
}

/** Whether `s`'s settings can run. */
const isValid = (s: ToyState): boolean => Object.keys(validateToySettings(s.settings)).length === 0;

/**
 * `s` with the next run started from its landscape, start and settings, if the
 * settings are valid (else `s` unchanged: the form shows why, and Reset waits).
 * The grid is asked for only when the page has none of this landscape.
 */
function restart(s: ToyState): ToyState {
  if (!isValid(s)) return s;
  const run = s.run + 1;
  const grid = s.grid?.id === s.landscape ? null : GRID;
  return {
    ...s,
    run,
    request: { type: 'toy-start', run, landscape: s.landscape, start: s.start, settings: s.settings, grid },
    trails: emptyTrails(s.start, s.settings),
    analysis: null,
    error: null,
  };
}

/**
 * `s` with its run given up and none requested (its settings cannot run): the
 * trails start over at `s.start`, and answers of the old run are dropped.
 */
function dropRun(s: ToyState): ToyState {
  return { ...s, run: s.run + 1, request: null, trails: emptyTrails(s.start, s.settings), analysis: null, error: null };
}

/** Whether `s`'s run was started (a request for it went out) and is not over. */
const runGoesOn = (s: ToyState): boolean => s.request?.run === s.run && !s.trails.done;

/** `s` playing, if its run has started and can go on (the worker answers advances once the run is ready). */
const play = (s: ToyState): ToyState => (runGoesOn(s) && isValid(s) ? { ...s, playing: true } : s);

/** Where the toy starts: the URL fragment `hash`, or the embedding's `setup` (the URL then stays unread). */
export interface ToyStart {
  hash: string;
  setup?: ToySetup;
  /** Play as soon as the first run starts. */
  autoplay?: boolean;
}

/** The state `start` describes, its first run requested (and playing, with `autoplay`). */
export function initToyState({ hash, setup: given, autoplay = false }: ToyStart): ToyState {
  const { setup, problems } = given ? { setup: copySetup(given), problems: [] } : toyFromHash(hash);
  const s: ToyState = {
    ...setup,
    live: liveSettings(setup.settings),
    speed: 2,
    playing: false,
    run: 0,
    request: null,
    grid: null,
    minima: [],
    trails: emptyTrails(setup.start, setup.settings),
    analysis: null,
    error: null,
    fps: null,
    problems,
  };
  const first = restart(s);
  return autoplay ? play(first) : first;
}

/** A copy of `s` the state can keep whatever its owner does to `s` later. */
const copySetup = (s: ToySetup): ToySetup => ({ landscape: s.landscape, start: [...s.start], settings: { ...s.settings } });

/** `s` with new settings; `live` keeps its identity unless a live field changed. */
function withSettings(s: ToyState, settings: ToySettings): ToyState {
  const live = LIVE_TOY_FIELDS.every((k) => Object.is(settings[k], s.settings[k])) ? s.live : liveSettings(settings);
  return { ...s, settings, live };
}

/** A worker event of the current run (errors belong to every run) applied to `s`. */
function onEvent(s: ToyState, e: ToyEvent): ToyState {
  if (e.type !== 'toy-error' && e.run !== s.run) return s;
  switch (e.type) {
    case 'toy-ready':
      return { ...s, grid: e.grid ? { id: e.landscape, grid: e.grid } : s.grid, minima: e.minima };
    case 'toy-frame':
      return { ...s, trails: mergeFrame(s.trails, e), playing: e.frame.done ? false : s.playing };
    case 'toy-analysis':
      return { ...s, analysis: e.results };
    case 'toy-error':
      return { ...s, playing: false, error: e.message };
  }
}

export function toyReducer(s: ToyState, a: ToyAction): ToyState {
  switch (a.type) {
    case 'set-field':
      return withSettings(s, { ...s.settings, [a.field]: a.value });
    case 'set-speed':
      return { ...s, speed: a.speed };
    case 'toggle-play':
      return { ...s, playing: !s.playing };
    case 'reset':
      return restart({ ...s, playing: false });
    case 'choose-landscape': {
      // A new landscape brings its own start and suggested settings; the seed stays.
      const next = defaultSetup(a.landscape);
      const settings = { ...next.settings, seed: s.settings.seed };
      return restart(withSettings({ ...s, playing: false, landscape: a.landscape, start: next.start }, settings));
    }
    case 'pick-start':
      return restart({ ...s, playing: false, start: a.start });
    case 'fps':
      return { ...s, fps: a.fps };
    case 'load': {
      const { landscape, start, settings } = copySetup(a.setup);
      const next = withSettings({ ...s, playing: false, problems: [], landscape, start }, settings);
      if (!isValid(next)) return dropRun(next);
      const loaded = restart(next);
      return a.autoplay ? play(loaded) : loaded;
    }
    case 'play':
      return play(s);
    case 'event':
      return onEvent(s, a.event);
  }
}

/** The grid of the landscape shown, or null while the worker computes it. */
export const currentGrid = (s: ToyState): Grid | null => (s.grid?.id === s.landscape ? s.grid.grid : null);

/** Whether Play/Pause can be pressed: to pause, or to play a valid, unfinished run once a grid has come. */
export const canPlay = (s: ToyState, valid: boolean): boolean => s.playing || (valid && runGoesOn(s) && s.grid !== null);
