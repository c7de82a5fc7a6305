import { describe, expect, it } from 'vitest';
import type { ToyFrame } from '../../src/core/toy/simulation';
import { GRID, type ToyState, canPlay, currentGrid, initToyState, toyReducer } from '../../src/ui/toy/state';
import type { ToyEvent } from '../../src/worker/toy-protocol';

const grid = {
  xs: [0, 1],
  ys: [0, 1],
  z: [
    [0, 1],
    [1, 2],
  ],
};

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
    const s = initToyState('#toy?landscape=ravine&rho=0.2&bogus=1');
    expect(s.landscape).toBe('ravine');
    expect(s.settings.rho).toBe(0.2);
    expect(s.problems).toEqual(['toy: unknown setting "bogus" ignored']);
    expect(s.request).toMatchObject({ type: 'toy-start', run: 1, landscape: 'ravine', start: s.start, grid: GRID });
    expect(s.trails.paths.SGD).toEqual([s.start]);
  });

  it('invalid settings start nothing; Reset starts nothing until they are fixed', () => {
    const s = initToyState('#toy?lr=0');
    expect(s.run).toBe(0);
    expect(s.request).toBeNull();
    expect(toyReducer(s, { type: 'reset' }).request).toBeNull();
    const fixed = toyReducer(toyReducer(s, { type: 'set-field', field: 'lr', value: 0.05 }), { type: 'reset' });
    expect(fixed.request?.run).toBe(1);
  });

  it('merges frames of the current run: new points appended, the ε̂ arrow from SAM’s previous iterate', () => {
    let s = ready(initToyState('#toy'));
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
    let s = ready(initToyState('#toy'));
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
    const s = initToyState('#toy');
    const steps = toyReducer(s, { type: 'set-field', field: 'steps', value: 500 });
    expect(steps.live).toBe(s.live);
    const rho = toyReducer(steps, { type: 'set-field', field: 'rho', value: 0.3 });
    expect(rho.live).not.toBe(s.live);
    expect(rho.live.rho).toBe(0.3);
  });

  it('an error stops playing whatever run it comes from', () => {
    const s = toyReducer(initToyState('#toy'), { type: 'toggle-play' });
    const e = toyReducer(s, { type: 'event', event: { type: 'toy-error', message: 'boom' } });
    expect(e).toMatchObject({ playing: false, error: 'boom' });
  });
});
