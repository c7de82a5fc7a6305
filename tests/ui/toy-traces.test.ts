import { describe, expect, it } from 'vitest';
import type { Point } from '../../src/core/toy/landscape-info';
import { emptyTrails } from '../../src/ui/toy/state';
import { MOVING_TRACES, contourLayout, contourTraces, movingTraces, samGradientArrow } from '../../src/ui/toy/traces';
import { DEFAULT_TOY } from '../../src/core/toy/options';
import { englishT, translator } from './charts-i18n';
import { TINY_GRID as grid } from './fixtures';

/** Trails after one SAM step from w_t = (1, 1): ε̂ = (0.3, 0.4), then w_{t+1} = (1.1, 0.8). */
function oneSamStep() {
  const t = emptyTrails([1, 1], DEFAULT_TOY);
  const sam: Point[] = [
    [1, 1],
    [1.1, 0.8],
  ];
  return { ...t, paths: { ...t.paths, SAM: sam }, eps: [[1, 1] as Point, [1.3, 1.4] as Point] as [Point, Point] };
}

describe('the toy’s contour traces', () => {
  it('draw SAM’s step again from w + ε̂: the gradient taken there (Figure 2)', () => {
    const [from, to] = samGradientArrow(oneSamStep())!;
    expect(from).toEqual([1.3, 1.4]);
    // w_{t+1} − w_t = (0.1, −0.2), from the tip of ε̂.
    expect(to[0]).toBeCloseTo(1.4, 12);
    expect(to[1]).toBeCloseTo(1.2, 12);
    expect(samGradientArrow(emptyTrails([1, 1], DEFAULT_TOY))).toBeNull();
  });

  it('move traces 1–7 every frame, the current points last', () => {
    const moving = movingTraces(oneSamStep());
    expect(moving).toHaveLength(MOVING_TRACES.length);
    expect(moving[5]).toMatchObject({ x: [1.3, expect.closeTo(1.4, 12)] });
    expect(moving[6]).toMatchObject({ x: [1, 1, 1.1], y: [1, 1, 0.8] });
    const all = contourTraces(grid, oneSamStep(), [1, 1], [], englishT);
    expect(all.map((d) => d.name)).toEqual([
      undefined,
      'SGD',
      'SWA iterates w',
      'w_SWA (running average)',
      'SAM',
      'SAM: ε̂ at w',
      'SAM: the step from w + ε̂ (−η·g there)',
      'now',
      'start',
      'minima',
    ]);
  });

  it('in Russian: the names, the hover text, and plotly’s decimal comma', () => {
    const ru = translator('ru');
    const all = contourTraces(grid, oneSamStep(), [1, 1], [], ru);
    expect(all[2]!.name).toBe('итерации SWA w');
    expect(all[0]!.hovertemplate).toBe('x %{x:.2f}; y %{y:.2f}<br>L %{z:.3f}<extra>щелчок: старт отсюда</extra>');
    expect(contourLayout({ x: [0, 1], y: [0, 1] }, 'ru').separators).toBe(',\u202f');
    expect(contourLayout({ x: [0, 1], y: [0, 1] }, 'en', 380)).toMatchObject({ separators: '.,', height: 380 });
  });
});
