import { describe, expect, it } from 'vitest';
import type { ToyFrame } from '../../src/core/toy/simulation';
import { GRID, type ToyState, canPlay, currentGrid, initToyState, toyReducer } from '../../src/ui/toy/state';
import type { ToyEvent } from '../../src/worker/toy-protocol';
import { toySetup } from '../../src/ui/toy/setup';
import { toyMessage } from '../../src/ui/toy/text';
import { englishT } from './charts-i18n';
import { TINY_GRID as grid } from './fixtures';

function frame(run: number, over: Partial<ToyFrame> = {}): Extract<ToyEvent, { type: 'toy-frame' }> {
  const f: ToyFrame = {
    iteration: 2,
    done: false,
    paths: {
      SGD: [
        [1, 1],
        [2, 2],
      ],
      SWA: [
        [1, 1],
        [2, 2],
      ],
      SAM: [
        [3, 3],
        [4, 4],
      ],
    },
    swaAverage: [],
    swaModels: 0,
    samPerturbed: [5, 5],
    lr: { SGD: 0.05, SWA: 0.05, SAM: 0.05 },
    stopped: {},
    ...over,
  };
  return { type: 'toy-frame', run, frame: f, heights: { SGD: [0.1, 0.2], SWA: [0.1, 0.2], SAM: [0.3, 0.4], average: [] } };
}

const ready = (s: ToyState): ToyState =>
  toyReducer(s, { type: 'event', event: { type: 'toy-ready', run: s.run, landscape: s.landscape, grid, minima: [] } });

describe('the toy tab state', () => {
  it('reads the URL and asks for the first run with a grid', () => {
    const s = initToyState({ hash: '#toy?landscape=ravine&rho=0.2&bogus=1' });
    expect(s.landscape).toBe('ravine');
    expect(s.settings.rho).toBe(0.2);
    expect(s.problems.map((m) => toyMessage(englishT, m))).toEqual(['toy: unknown setting "bogus" ignored']);
    expect(s.request).toMatchObject({ type: 'toy-start', run: 1, landscape: 'ravine', start: s.start, grid: GRID });
    expect(s.trails.paths.SGD).toEqual([s.start]);
  });

  it('invalid settings start nothing; Reset starts nothing until they are fixed', () => {
    const s = initToyState({ hash: '#toy?lr=0' });
    expect(s.run).toBe(0);
    expect(s.request).toBeNull();
    expect(toyReducer(s, { type: 'reset' }).request).toBeNull();
    const fixed = toyReducer(toyReducer(s, { type: 'set-field', field: 'lr', value: 0.05 }), { type: 'reset' });
    expect(fixed.request?.run).toBe(1);
  });

  it('merges frames of the current run: new points appended, the ε̂ arrow from SAM’s previous iterate', () => {
    let s = ready(initToyState({ hash: '#toy' }));
    expect(currentGrid(s)).toBe(grid);
    s = toyReducer(s, { type: 'toggle-play' });
    s = toyReducer(s, { type: 'event', event: frame(1) });
    expect(s.trails.paths.SGD).toEqual([s.start, [1, 1], [2, 2]]);
    expect(s.trails.heights.SAM).toEqual([0.3, 0.4]);
    expect(s.trails.eps).toEqual([
      [3, 3],
      [5, 5],
    ]);
    expect(s.playing).toBe(true);
    s = toyReducer(s, { type: 'event', event: frame(1, { iteration: 4, done: true, paths: { SGD: [], SWA: [], SAM: [] } }) });
    expect(s.trails.paths.SGD).toHaveLength(3);
    expect(s.trails).toMatchObject({ iteration: 4, done: true });
    expect(s.playing).toBe(false);
    expect(canPlay(s, true)).toBe(false);
  });

  it('a restart empties the trails; answers of the replaced run are dropped; the grid is not asked for again', () => {
    let s = ready(initToyState({ hash: '#toy' }));
    s = toyReducer(s, { type: 'event', event: frame(1) });
    s = toyReducer(s, { type: 'pick-start', start: [0.5, -0.5] });
    expect(s.run).toBe(2);
    expect(s.request).toMatchObject({ run: 2, start: [0.5, -0.5], grid: null });
    expect(s.trails.paths.SGD).toEqual([[0.5, -0.5]]);
    expect(toyReducer(s, { type: 'event', event: frame(1) })).toBe(s);
    const chosen = toyReducer(s, { type: 'choose-landscape', landscape: 'rugged' });
    expect(chosen.request).toMatchObject({ run: 3, landscape: 'rugged', grid: GRID });
    expect(chosen.settings.seed).toBe(s.settings.seed);
    expect(currentGrid(chosen)).toBeNull();
  });

  it('keeps the live settings object until a live field changes', () => {
    const s = initToyState({ hash: '#toy' });
    const steps = toyReducer(s, { type: 'set-field', field: 'steps', value: 500 });
    expect(steps.live).toBe(s.live);
    const rho = toyReducer(steps, { type: 'set-field', field: 'rho', value: 0.3 });
    expect(rho.live).not.toBe(s.live);
    expect(rho.live.rho).toBe(0.3);
  });

  it('an error stops playing whatever run it comes from', () => {
    const s = toyReducer(initToyState({ hash: '#toy' }), { type: 'toggle-play' });
    const e = toyReducer(s, { type: 'event', event: { type: 'toy-error', message: 'boom' } });
    expect(e).toMatchObject({ playing: false, error: 'boom' });
  });
});

describe('the toy embedded with a setup of its own (the lecture mode)', () => {
  const wide = toySetup('two-basins', { start: [0.5, -0.5], settings: { c: 1, alpha2: 0.1 } });

  it('toySetup is the landscape’s defaults with the changes given', () => {
    expect(toySetup('rugged', { settings: { rho: 0.2 } })).toEqual({
      landscape: 'rugged',
      start: [2.1, 1.55],
      settings: { lr: 0.05, noise: 0.3, rho: 0.2, p: 2, alpha1: 0.6, alpha2: 0.05, c: 20, swaStart: 100, steps: 1000, seed: 1 },
    });
    expect(toySetup('two-basins').start).toEqual([-1.3, 1.15]);
  });

  it('starts from the setup, not the URL, and keeps a copy of it', () => {
    const given = toySetup('ravine', { settings: { rho: 0.3 } });
    const s = initToyState({ hash: '#toy?landscape=rugged&bogus=1', setup: given });
    expect(s).toMatchObject({ landscape: 'ravine', start: [-1.9, 1.3], problems: [], playing: false });
    expect(s.settings.rho).toBe(0.3);
    expect(s.request).toMatchObject({ run: 1, landscape: 'ravine', grid: GRID });
    given.settings.rho = 1;
    given.start[0] = 0;
    expect(s.settings.rho).toBe(0.3);
    expect(s.start).toEqual([-1.9, 1.3]);
  });

  it('with autoplay, plays from the first run on (advances wait for the worker’s answer to the start)', () => {
    const s = initToyState({ hash: '', setup: wide, autoplay: true });
    expect(s.playing).toBe(true);
    expect(canPlay(s, true)).toBe(true);
    expect(initToyState({ hash: '', setup: toySetup('two-basins', { settings: { lr: 0 } }), autoplay: true }).playing).toBe(false);
  });

  it('a new setup starts a new run from it; the grid is asked for again only for a new landscape', () => {
    let s = ready(initToyState({ hash: '', setup: toySetup('two-basins') }));
    s = toyReducer(s, { type: 'event', event: frame(1) });
    const loaded = toyReducer(s, { type: 'load', setup: wide, autoplay: false });
    expect(loaded).toMatchObject({ run: 2, start: [0.5, -0.5], playing: false });
    expect(loaded.settings).toMatchObject({ c: 1, alpha2: 0.1 });
    expect(loaded.request).toMatchObject({ run: 2, start: [0.5, -0.5], grid: null });
    expect(loaded.trails.paths.SGD).toEqual([[0.5, -0.5]]);
    expect(loaded.live).toMatchObject({ c: 1, alpha2: 0.1 });
    expect(toyReducer(loaded, { type: 'event', event: frame(1) })).toBe(loaded);
    const other = toyReducer(loaded, { type: 'load', setup: toySetup('rugged'), autoplay: true });
    expect(other.request).toMatchObject({ run: 3, landscape: 'rugged', grid: GRID });
    expect(other.playing).toBe(true);
  });

  it('a setup that cannot run gives the old run up, requests none, and cannot be played', () => {
    const s = toyReducer(ready(initToyState({ hash: '', setup: wide })), { type: 'event', event: frame(1) });
    const bad = toyReducer(s, { type: 'load', setup: toySetup('two-basins', { settings: { alpha2: 0.5 } }), autoplay: true });
    expect(bad).toMatchObject({ run: 2, request: null, playing: false, analysis: null });
    expect(bad.trails.paths.SGD).toEqual([[-1.3, 1.15]]);
    expect(canPlay(bad, true)).toBe(false);
    expect(toyReducer(bad, { type: 'play' }).playing).toBe(false);
    expect(toyReducer(bad, { type: 'event', event: frame(1) })).toBe(bad);
  });

  it('play (autoplay turned on later) plays a run that can go on, and not a finished one', () => {
    const s = ready(initToyState({ hash: '', setup: wide }));
    expect(toyReducer(s, { type: 'play' }).playing).toBe(true);
    const done = toyReducer(s, { type: 'event', event: frame(1, { done: true }) });
    expect(toyReducer(done, { type: 'play' }).playing).toBe(false);
  });
});
