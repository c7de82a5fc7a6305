/**
 * The toy tab's simulation as a React hook: the state of toy/state.ts in a
 * reducer, and the effects that connect it to the world outside React —
 *
 *   the worker      one per mounted tab; each new `request` starts a run, live
 *                   settings are sent as they change, and the worker's events
 *                   come back as reducer actions;
 *   the animation   while playing, each animation frame asks for `speed` more
 *                   iterations, one request in flight at a time;
 *   the URL         the setup (landscape, start, settings) in the fragment, so a
 *                   link shows the same experiment — unless an embedding (the
 *                   lecture mode) hands the setup in, and keeps its own URL;
 *   the test hook   the state on `window.__wideOptimaToy` in test builds.
 */
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { LandscapeId, Point } from '../../core/toy/landscape-info';
import { type ToySettings, validateToySettings } from '../../core/toy/options';
import { startToyWorker, type ToyWorker } from '../../worker/client';
import type { ToyEvent } from '../../worker/toy-protocol';
import { type ToyHookState, installToyHook } from '../test-hook';
import { toyToHash } from '../toy-url';
import type { ToySetup } from './setup';
import { type StartCommand, type ToyState, canPlay, currentGrid, initToyState, toyReducer } from './state';

/**
 * The page's side of the toy worker protocol. It serves one run at a time
 * (answers of a replaced run are not its business) and keeps at most one
 * request in flight: `toy-start` is answered by `toy-ready`, `toy-advance` by
 * `toy-frame`, either of them possibly by `toy-error`. The frame that ends a
 * run asks for its analysis.
 */
class ToyChannel {
  private run = 0;
  private inFlight = false;
  private readonly worker: ToyWorker;

  /** Starts the worker; `onEvent` sees every event (the reducer filters them by run too). */
  constructor(onEvent: (e: ToyEvent) => void) {
    this.worker = startToyWorker((e) => {
      this.receive(e);
      onEvent(e);
    });
  }

  start(command: StartCommand): void {
    this.run = command.run;
    this.inFlight = true;
    this.worker.send(command);
  }

  /** Live settings, used by the worker from its next iteration. */
  update(settings: Partial<ToySettings>): void {
    this.worker.send({ type: 'toy-update', settings });
  }

  /** Asks for `iterations` more, unless the last request is still unanswered. */
  advance(iterations: number): void {
    if (this.inFlight) return;
    this.inFlight = true;
    this.worker.send({ type: 'toy-advance', iterations });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private receive(e: ToyEvent): void {
    if (e.type !== 'toy-error' && e.run !== this.run) return;
    if (e.type !== 'toy-analysis') this.inFlight = false;
    if (e.type === 'toy-frame' && e.frame.done) this.worker.send({ type: 'toy-analyze' });
  }
}

/**
 * Calls `tick` on every animation frame and `onFps` once a second with the
 * frames per second over that second, n·1000/Δt ms; returns the stop.
 */
function animate(tick: () => void, onFps: (fps: number) => void): () => void {
  let raf = 0;
  let frames = 0;
  let since = performance.now();
  const frame = () => {
    frames += 1;
    const now = performance.now();
    if (now - since >= 1000) {
      onFps((frames * 1000) / (now - since));
      frames = 0;
      since = now;
    }
    tick();
    raf = requestAnimationFrame(frame);
  };
  raf = requestAnimationFrame(frame);
  return () => cancelAnimationFrame(raf);
}

/** What the toy tab's controls can do; every function keeps its identity across renders. */
export interface ToyActions {
  setField: <K extends keyof ToySettings>(field: K, value: ToySettings[K]) => void;
  setSpeed: (speed: number) => void;
  togglePlay: () => void;
  reset: () => void;
  chooseLandscape: (landscape: LandscapeId) => void;
  pickStart: (start: Point) => void;
}

/** How an embedding sets the toy up (every field optional: without them, the toy tab as the URL has it). */
export interface ToyEmbedding {
  /** Start from this setup, and neither read nor write the URL's fragment; a new object starts again from it. */
  setup?: ToySetup;
  /** Play as soon as a run (the first, or one of a new `setup`) can; turned on later, play at once. */
  autoplay?: boolean;
}

/**
 * Follows the embedding's props: a new `setup` object loads it, `autoplay`
 * turned on plays. Adjusted while rendering (React's pattern for state that
 * follows a prop), so the toy never shows a frame of the old setup.
 */
function useEmbedding({ setup, autoplay = false }: ToyEmbedding, dispatch: (a: Parameters<typeof toyReducer>[1]) => void): void {
  const [seen, setSeen] = useState({ setup, autoplay });
  if (seen.setup === setup && seen.autoplay === autoplay) return;
  setSeen({ setup, autoplay });
  if (setup && setup !== seen.setup) dispatch({ type: 'load', setup, autoplay });
  else if (autoplay && !seen.autoplay) dispatch({ type: 'play' });
}

/** The toy's state, what it allows, and its actions, for components that only render. */
export function useToySimulation(embedding: ToyEmbedding = {}) {
  const [state, dispatch] = useReducer(toyReducer, embedding, (e) => initToyState({ hash: e.setup ? '' : window.location.hash, ...e }));
  useEmbedding(embedding, dispatch);
  const embedded = embedding.setup !== undefined;
  const channel = useRef<ToyChannel | null>(null);
  const { request, live, settings, playing, speed, landscape, start } = state;
  const errors = useMemo(() => validateToySettings(settings), [settings]);
  const valid = Object.keys(errors).length === 0;

  useEffect(() => {
    const c = new ToyChannel((event) => dispatch({ type: 'event', event }));
    channel.current = c;
    return () => {
      c.terminate();
      channel.current = null;
    };
  }, []);

  // A new run owed (Reset, a new landscape or start): start it. Declared after the worker, so it finds one.
  useEffect(() => {
    if (request) channel.current?.start(request);
  }, [request]);

  // Live settings: sent as they change (and when the form becomes valid), used from the next iteration.
  useEffect(() => {
    if (valid) channel.current?.update(live);
  }, [live, valid]);

  useEffect(() => {
    if (!playing) return;
    return animate(
      () => channel.current?.advance(speed),
      (fps) => dispatch({ type: 'fps', fps }),
    );
  }, [playing, speed]);

  useEffect(() => {
    if (embedded) return;
    window.history.replaceState(null, '', window.location.pathname + window.location.search + toyToHash({ landscape, start, settings }));
  }, [embedded, landscape, start, settings]);

  useEffect(() => installToyHook(() => testView(state)));

  const actions = useMemo<ToyActions>(
    () => ({
      setField: (field, value) => dispatch({ type: 'set-field', field, value }),
      setSpeed: (s) => dispatch({ type: 'set-speed', speed: s }),
      togglePlay: () => dispatch({ type: 'toggle-play' }),
      reset: () => dispatch({ type: 'reset' }),
      chooseLandscape: (id) => dispatch({ type: 'choose-landscape', landscape: id }),
      pickStart: (p) => dispatch({ type: 'pick-start', start: p }),
    }),
    [],
  );

  return { state, errors, valid, grid: currentGrid(state), canPlay: canPlay(state, valid), actions };
}

/** What the e2e tests read of the state (`ToyHookState`, the test-only window API of test-hook.ts). */
function testView(s: ToyState): ToyHookState {
  return {
    iteration: s.trails.iteration,
    done: s.trails.done,
    start: s.start,
    settings: s.settings,
    analysis: s.analysis,
    fps: s.fps,
    error: s.error,
    stopped: Object.fromEntries(Object.entries(s.trails.stopped).map(([m, d]) => [m, d.text])),
  };
}
