import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/train/events';
import { lambdaCell, percent, resultMethods, resultRow } from '../../src/ui/charts/result-table';
import {
  densityTraces,
  eigenvalueBars,
  hessianOf,
  interpolationChart,
  rayBand,
  rayBandTraces,
  rayCharts,
  rayTraces,
  rayWidths,
  withAlpha,
  spectrumCharts,
  surfaceChart,
} from '../../src/ui/charts/result-traces';
import { type Experiment, newExperiment, reduce } from '../../src/ui/experiment';
import { setNumberLocale } from '../../src/ui/format';
import { DEFAULT_LAB } from '../../src/ui/lab';
import { englishT as t, translator } from './charts-i18n';
import { HEX, analysisPayload } from './fixtures';

const { SGD: RED, SWA: BLUE, SAM: GREEN } = HEX;
const analysis = analysisPayload;

function analysed(...ms: ('SGD' | 'SWA' | 'SAM')[]): Experiment {
  return ms.reduce((x, m) => reduce(x, { type: 'analysis', method: m, analysis: analysis(m) }), newExperiment(DEFAULT_LAB, 'x', 't'));
}

describe('the spectrum charts', () => {
  it('one bar group per analysed solution in its colour, λ1 … λk, residuals as error bars', () => {
    const x = analysed('SAM', 'SGD');
    const bars = eigenvalueBars(x.analyses);
    expect(bars).toEqual([
      {
        type: 'bar',
        name: 'SGD',
        x: ['λ1', 'λ2'],
        y: [40, 10],
        marker: { color: RED },
        error_y: { type: 'data', array: [0.5, 0.25], visible: true },
      },
      {
        type: 'bar',
        name: 'SAM',
        x: ['λ1', 'λ2'],
        y: [40, 10],
        marker: { color: GREEN },
        error_y: { type: 'data', array: [0.5, 0.25], visible: true },
      },
    ]);
    expect(spectrumCharts(x.analyses, t).eigenvalues.layout).toEqual({ barmode: 'group', yaxis: { title: { text: 'eigenvalue' } } });
    expect(hessianOf(x.analyses, t)).toBe('on L + λ‖w‖²');
    expect(hessianOf(x.analyses, translator('ru'))).toBe('для L + λ‖w‖²');
    expect(hessianOf({}, t)).toBe('');
  });

  it('the density floors values below 10⁻⁴ of its peak, and skips solutions without one', () => {
    let x = analysed('SGD');
    const density = { grid: [-1, 0, 1], density: [2, 1e-9, 0.5], nodes: [], weights: [], sigma: 0.1, hvps: 0 };
    x = reduce(x, { type: 'analysis', method: 'SWA', analysis: analysis('SWA', { density }) });
    const traces = densityTraces(x.analyses);
    // Peak 2: the floor is 2·10⁻⁴.
    expect(traces).toEqual([{ x: [-1, 0, 1], y: [2, 2e-4, 0.5], name: 'SWA', mode: 'lines', line: { color: BLUE } }]);
    expect(spectrumCharts(x.analyses, t).density.layout.yaxis).toEqual({ title: { text: 'density' }, type: 'log' });
    expect(spectrumCharts(x.analyses, translator('ru')).density.layout.yaxis).toEqual({ title: { text: 'плотность' }, type: 'log' });
  });
});

describe('the ray charts', () => {
  it('one line per direction, one legend entry per solution, test error in %, a null point a gap', () => {
    const x = analysed('SWA');
    const err = rayTraces(x.analyses, 'testError');
    expect(err).toHaveLength(2);
    expect(err[0]).toEqual({
      x: [0, 1, 2],
      y: [20, 25, null],
      name: 'SWA',
      legendgroup: 'SWA',
      showlegend: true,
      mode: 'lines',
      line: { color: BLUE, width: 1.5 },
      connectgaps: false,
    });
    expect(err[1]).toMatchObject({ y: [20, 30, 50], showlegend: false });
    const loss = rayCharts(x.analyses, t).trainLoss;
    expect(loss.data[0]!.y).toEqual([0.1, 0.3, null]);
    expect(loss.layout).toEqual({
      title: { text: 'train loss + λ‖w‖²' },
      xaxis: { title: { text: 'distance t' } },
      yaxis: { type: 'log' },
    });
    expect(rayCharts(x.analyses, t).testError.layout.title).toEqual({ text: 'test error (%)' });
    expect(rayCharts(x.analyses, translator('ru')).testError.layout).toEqual({
      title: { text: 'ошибка на тесте (%)' },
      xaxis: { title: { text: 'расстояние t' } },
    });
  });
});

describe('the ray charts as bands (Figure 4 at a glance)', () => {
  it('per point of t: the mean, least and greatest over the rays with a finite value, null where none has', () => {
    const { curves } = analysis('SWA').rays;
    // Test error in %: rays (20, 25, null) and (20, 30, 50).
    expect(rayBand(curves, 'testError')).toEqual({ mean: [20, 27.5, 50], min: [20, 25, 50], max: [20, 30, 50] });
    const loss = rayBand(curves, 'trainLoss');
    expect(loss.min).toEqual([0.1, 0.2, 0.9]);
    expect(loss.max).toEqual([0.1, 0.3, 0.9]);
    expect(loss.mean[1]).toBeCloseTo(0.25, 12);
    expect(rayBand([[{ trainLoss: null, trainError: null, testError: null }]], 'trainLoss')).toEqual({
      mean: [null],
      min: [null],
      max: [null],
    });
  });

  it('draw per solution the least edge, the greatest filled to it in a faint colour, and the mean line', () => {
    const x = analysed('SWA');
    const traces = rayBandTraces(x.analyses, 'testError', t);
    expect(traces).toHaveLength(3);
    expect(traces[0]).toMatchObject({ y: [20, 25, 50], line: { width: 0 }, showlegend: false, name: 'SWA: least ray' });
    expect(traces[1]).toMatchObject({ y: [20, 30, 50], fill: 'tonexty', fillcolor: 'rgba(31, 119, 180, 0.18)', showlegend: false });
    expect(traces[2]).toMatchObject({ y: [20, 27.5, 50], name: 'SWA: mean over rays', line: { color: BLUE, width: 2.5 } });
    expect(withAlpha(RED, 0.5)).toBe('rgba(214, 39, 40, 0.5)');
  });

  it('mark each basin’s width where the train loss has risen by Δ, and frame t to twice the widest', () => {
    const x = analysed('SWA');
    // Δ = 0.1 from 0.1: ray 1 reaches 0.2 half way to t = 1 (0.1 → 0.3), ray 2 at t = 1 (0.1 → 0.2); mean 0.75.
    const [w] = rayWidths(x.analyses, 0.1);
    expect(w!.method).toBe('SWA');
    expect(w!.width).toBeCloseTo(0.75, 12);
    expect(w!.censored).toBe(0);
    const { trainLoss, testError } = rayCharts(x.analyses, t, 'band', 0.1);
    expect(trainLoss.layout.xaxis).toEqual({ title: { text: 'distance t' }, range: [0, 1.5] });
    expect(testError.layout.shapes).toEqual([
      { type: 'line', xref: 'x', yref: 'paper', x0: w!.width, x1: w!.width, y0: 0, y1: 1, line: { color: BLUE, dash: 'dot', width: 1.5 } },
    ]);
    expect(trainLoss.layout.annotations).toMatchObject([{ x: w!.width, text: 'SWA 0.8' }]);
    // Every ray, as before: no marks, the whole t axis.
    expect(rayCharts(x.analyses, t, 'every').trainLoss.layout.xaxis).toEqual({ title: { text: 'distance t' } });
  });

  it('with rays both ways, mark the width on both sides of t = 0 and frame t symmetrically', () => {
    const x = analysed('SWA');
    const p = (trainLoss: number) => ({ trainLoss, trainError: 0, testError: 0.2 });
    // Towards −t the loss rises 0.1 → 0.5 by |t| = 1, crossing 0.2 at 0.25; towards +t 0.1 → 0.2 at t = 1.
    const rays = { t: [-1, 0, 1], curves: [[p(0.5), p(0.1), p(0.2)]], nonFinite: 0 };
    const both = { ...x, analyses: { SWA: { ...x.analyses.SWA!, rays } } };
    const [w] = rayWidths(both.analyses, 0.1);
    expect(w!.width).toBeCloseTo((0.25 + 1) / 2, 12);
    const { trainLoss } = rayCharts(both.analyses, t, 'band', 0.1);
    expect(trainLoss.layout.xaxis).toEqual({ title: { text: 'distance t' }, range: [-1, 1] });
    expect((trainLoss.layout.shapes as { x0: number }[]).map((s) => s.x0)).toEqual([-w!.width, w!.width]);
    expect(trainLoss.layout.annotations).toHaveLength(1);
  });
});

describe('the interpolation and surface charts', () => {
  it('interpolation: train loss solid, test error dotted on y2, for each solution interpolated; nulls stay gaps', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    expect(interpolationChart(x.interpolations, t).data).toEqual([]);
    const values = [
      { trainLoss: 0.2, trainError: 0, testError: 0.1 },
      { trainLoss: null, trainError: null, testError: null },
    ];
    x = reduce(x, { type: 'interpolation', to: 'SAM', result: { s: [0, 1], values, nonFinite: 1 } });
    const chart = interpolationChart(x.interpolations, t);
    expect(chart.data).toEqual([
      { x: [0, 1], y: [0.2, null], name: 'SGD → SAM: train loss', mode: 'lines+markers', line: { color: GREEN } },
      { x: [0, 1], y: [0.1, null], name: 'SGD → SAM: test error', mode: 'lines+markers', yaxis: 'y2', line: { color: GREEN, dash: 'dot' } },
    ]);
    expect(chart.layout.yaxis2).toEqual({ title: { text: 'test error' }, overlaying: 'y', side: 'right' });
    expect(interpolationChart(x.interpolations, translator('ru')).data.map((d) => d.name)).toEqual([
      'SGD → SAM: функция потерь на обучении',
      'SGD → SAM: ошибка на тесте',
    ]);
  });

  it('surface: nothing before one is computed; a heatmap contour or a 3D surface titled with the solution', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    expect(surfaceChart(x.surface, 'contour', t)).toBeNull();
    const result = {
      a: [-1, 1],
      b: [-1, 1],
      trainLoss: [
        [1, 2],
        [3, null],
      ],
      testError: null,
      nonFinite: 1,
    };
    x = reduce(x, { type: 'surface', method: 'SAM', result });
    const contour = surfaceChart(x.surface, 'contour', t)!;
    expect(contour.data[0]).toMatchObject({
      type: 'contour',
      z: [
        [1, 2],
        [3, null],
      ],
      colorscale: 'Viridis',
      contours: { coloring: 'heatmap' },
    });
    expect(contour.layout.title).toEqual({ text: 'w_SAM (final)' });
    const surface = surfaceChart(x.surface, 'surface', t)!;
    expect(surfaceChart(x.surface, 'surface', translator('ru'))!.layout.title).toEqual({ text: 'w_SAM (итоговые)' });
    expect(surface.data[0]).toMatchObject({ type: 'surface', contours: undefined });
  });
});

describe('the results table', () => {
  afterEach(() => setNumberLocale('en'));
  const result = (final: RunResult['final']) => ({ status: 'completed', final }) as unknown as RunResult;

  it('SWA’s row: w_SWA’s accuracy, its models, FGE and FGE − SWA in points with the spread', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    const final = {
      test: { loss: 0.5, accuracy: 0.8 },
      swa: { loss: 0.4, accuracy: 0.8312, models: 6, spread: 1.5 },
      fge: { loss: 0.4, accuracy: 0.8512, models: 6 },
    };
    x = reduce(x, { type: 'run-done', method: 'SWA', result: result(final), solution: null });
    x = reduce(x, { type: 'analysis', method: 'SWA', analysis: analysis('SWA') });
    expect(resultMethods(x)).toEqual(['SWA']);
    expect(resultRow(x, 'SWA', t)).toEqual({
      solution: 'w_SWA (6 models)',
      status: 'completed',
      accuracy: '83.12 %',
      trainLoss: '0.1235',
      lambda: { kind: 'analysed', value: '40.0', residual: '0.5' },
      ratio: '4.00',
      trace: '120 ± 3.2',
      fgeAccuracy: '85.12 %',
      // (0.8512 − 0.8312)·100 = 2.00 points.
      fgeGap: '2.00 pt (‖Δ‖ ≈ 1.50)',
    });

    setNumberLocale('ru');
    expect(resultRow(x, 'SWA', translator('ru'))).toMatchObject({
      solution: 'w_SWA (моделей: 6)',
      status: 'завершён',
      trainLoss: '0,1235',
      fgeGap: '2,00\u00a0п.\u00a0п. (‖Δ‖ ≈ 1,50)',
    });
  });

  it('before its analysis a row shows the tracker’s λ_max, dashes for the rest; no FGE columns outside SWA', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    x = reduce(x, {
      type: 'run-done',
      method: 'SAM',
      result: result({ test: { loss: 0.5, accuracy: 0.75 }, swa: null, fge: null }),
      solution: null,
    });
    expect(lambdaCell(x, 'SAM')).toEqual({ kind: 'pending' });
    const reading = { lambdaMax: 12.5, residual: 0.1, hvps: 2 };
    x = reduce(x, {
      type: 'run-event',
      method: 'SAM',
      event: {
        type: 'epoch',
        epoch: 1,
        step: 10,
        trainLoss: 1,
        trainAccuracy: 0.5,
        test: { loss: 0.5, accuracy: 0.75 },
        swa: null,
        fge: null,
        sharpness: reading,
        swaSharpness: null,
      },
    });
    expect(resultRow(x, 'SAM', t)).toEqual({
      solution: 'w_SAM (final)',
      status: 'completed',
      accuracy: '75.00 %',
      trainLoss: '—',
      lambda: { kind: 'tracked', value: '12.5' },
      ratio: '—',
      trace: '—',
      fgeAccuracy: '',
      fgeGap: '',
    });
    expect(percent(null)).toBe('—');
    expect(percent(Number.NaN)).toBe('NaN %');
  });
});
