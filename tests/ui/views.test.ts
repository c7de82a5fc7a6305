import { describe, expect, it } from 'vitest';
import type { WeightArrays } from '../../src/core/checkpoint';
import type { Method } from '../../src/core/methods';
import { jobCommand, jobReady } from '../../src/ui/analysis-jobs';
import { layersChart, planeCharts, reparamChart, reparamRatios } from '../../src/ui/charts/view-traces';
import { newExperiment, reduce } from '../../src/ui/experiment';
import { DEFAULT_LAB, analysisSettings } from '../../src/ui/lab';
import { parseExperiment } from '../../src/ui/persistence';
import type { LayersView, PlaneView, ReparamView } from '../../src/worker/protocol';
import { englishT } from './charts-i18n';
import { HEX } from './fixtures';

const weights = (v: number): WeightArrays => ({ params: [[v, 2 * v]], state: [] });
const p = (trainLoss: number, testError: number) => ({ trainLoss, trainError: 0, testError });

const plane: PlaneView = {
  plane: 'solutions',
  points: [
    { label: 'w_SGD', a: 0, b: 0, value: p(0.3, 0.2) },
    { label: 'w_SWA', a: 1, b: 0, value: p(0.35, 0.18) },
    { label: 'w_SAM', a: 0.5, b: 1, value: p(0.32, 0.19) },
  ],
  marks: [{ label: 'w̄', a: 0.5, b: 0.33, distance: 0.01 }],
  a: [0, 1],
  b: [0, 1],
  trainLoss: [
    [0.1, 10],
    [null, 1],
  ],
  testError: [
    [0.2, 0.5],
    [0.25, null],
  ],
  nonFinite: 1,
  seconds: 1,
};

const layers: LayersView = {
  methods: {
    SGD: [
      { name: 'conv1', size: 80, lambdaMax: 1.5, residual: 0.01, hvps: 6, converged: true },
      { name: 'out', size: 330, lambdaMax: 5, residual: 0.02, hvps: 9, converged: true },
    ],
    SAM: [
      { name: 'conv1', size: 80, lambdaMax: 1, residual: 0.01, hvps: 6, converged: true },
      { name: 'out', size: 330, lambdaMax: 2, residual: 0.02, hvps: 9, converged: true },
    ],
  },
  seconds: 2,
};

const side = {
  testAccuracy: 0.8,
  dataLoss: 0.5,
  regularizedLoss: 0.6,
  lambdaMax: 4,
  trace: 20,
  traceSe: 1,
  adaptiveLambdaMax: 0.3,
  width: 0.5,
  widthCensored: 0,
};
const reparam: ReparamView = {
  method: 'SGD',
  layer: 'conv2',
  down: 'dense1/kernel',
  alpha: 10,
  before: side,
  after: { ...side, regularizedLoss: 0.9, lambdaMax: 400, trace: 0.2 },
  seconds: 3,
};

describe('the views of issue 13: charts', () => {
  it('plane: test error in %, train loss as log₁₀ (nulls and non-positive values left out), same scale on both axes, points on top', () => {
    const { testError, trainLoss } = planeCharts(plane, englishT);
    expect(testError.data[0]).toMatchObject({
      type: 'contour',
      z: [
        [20, 50],
        [25, null],
      ],
    });
    expect(trainLoss.data[0]).toMatchObject({
      type: 'contour',
      z: [
        [-1, 1],
        [null, 0],
      ],
    });
    expect(testError.layout.yaxis).toMatchObject({ scaleanchor: 'x', scaleratio: 1 });
    const [points, marks] = testError.data.slice(1);
    expect(points).toMatchObject({ x: [0, 1, 0.5], y: [0, 0, 1], text: ['w_SGD', 'w_SWA', 'w_SAM'] });
    expect((points!.marker as { color: string[] }).color).toEqual([HEX.SGD, HEX.SWA, HEX.SAM]);
    expect(marks).toMatchObject({ x: [0.5], y: [0.33], text: ['w̄'] });
    expect((marks!.marker as { color: string[] }).color).toEqual([HEX.FGE]);
  });

  it('layers: one bar trace per solution over the layers with residual error bars, the whole λ_max dashed in its colour', () => {
    const chart = layersChart(layers, { SGD: 6, SAM: 2.5 }, englishT);
    expect(chart.data.map((d) => d.name)).toEqual(['SGD', 'SAM']);
    expect(chart.data[0]).toMatchObject({ type: 'bar', x: ['conv1', 'out'], y: [1.5, 5], error_y: { array: [0.01, 0.02] } });
    expect(chart.layout.shapes).toEqual([
      { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 6, y1: 6, line: { color: HEX.SGD, dash: 'dash', width: 1.5 } },
      { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 2.5, y1: 2.5, line: { color: HEX.SAM, dash: 'dash', width: 1.5 } },
    ]);
  });

  it('reparametrisation: after / before per measure, drawn as log₁₀ with the invariant ones green', () => {
    const r = reparamRatios(reparam);
    expect(r.lambdaMax).toBe(100);
    expect(r.trace).toBeCloseTo(0.01, 12);
    expect(r.regularizedLoss).toBeCloseTo(1.5, 12);
    expect(r.testAccuracy).toBe(1);
    const chart = reparamChart(reparam, (k) => k, englishT);
    const bar = chart.data[0]!;
    const y = bar.y as number[];
    const x = bar.x as string[];
    expect(y[x.indexOf('lambdaMax')]).toBeCloseTo(2, 12);
    expect(y[x.indexOf('trace')]).toBeCloseTo(-2, 12);
    expect(y[x.indexOf('width')]).toBe(0);
    const colours = (bar.marker as { color: string[] }).color;
    expect(colours[x.indexOf('width')]).toBe(HEX.SAM);
    expect(colours[x.indexOf('lambdaMax')]).toBe(HEX.SGD);
    expect((bar.text as string[])[x.indexOf('lambdaMax')]).toBe('×100.000');
  });
});

describe('the views of issue 13: jobs and saved runs', () => {
  const solved = (ms: Method[]) => {
    const x = newExperiment(DEFAULT_LAB, 'id', '2026-11-26T00:00:00Z');
    ms.forEach((m, i) => (x.runs[m].solution = weights(i + 1)));
    return x;
  };

  it('a view is ready once the solutions it reads exist: the plane all three, layers any, a rescaling its own', () => {
    expect(jobReady(solved(['SGD', 'SWA']), { kind: 'view', view: { kind: 'plane', plane: 'solutions' } })).toBe(false);
    expect(jobReady(solved(['SGD', 'SWA', 'SAM']), { kind: 'view', view: { kind: 'plane', plane: 'solutions' } })).toBe(true);
    expect(jobReady(solved([]), { kind: 'view', view: { kind: 'layers' } })).toBe(false);
    expect(jobReady(solved(['SAM']), { kind: 'view', view: { kind: 'layers' } })).toBe(true);
    expect(jobReady(solved(['SAM']), { kind: 'view', view: { kind: 'reparam', method: 'SGD', layer: 0, alpha: 2 } })).toBe(false);
  });

  it('builds the request from the solutions, in the order p₀ = w_SGD, p₁ = w_SWA, p₂ = w_SAM', () => {
    const x = solved(['SGD', 'SWA', 'SAM']);
    const settings = analysisSettings(DEFAULT_LAB);
    const c = jobCommand(x, { kind: 'view', view: { kind: 'plane', plane: 'solutions' } }, settings, 21);
    expect(c).toMatchObject({
      type: 'view',
      request: {
        kind: 'plane',
        gridPoints: 21,
        marks: [],
        points: [{ label: 'w_SGD', weights: weights(1) }, { label: 'w_SWA' }, { label: 'w_SAM' }],
      },
    });
    const l = jobCommand(solved(['SWA', 'SAM']), { kind: 'view', view: { kind: 'layers' } }, settings, 21);
    expect(l.type === 'view' && l.request.kind === 'layers' && l.request.solutions.map((s) => s.runId)).toEqual(['SWA', 'SAM']);
  });

  it('keeps each view in the experiment, and a saved run with views reads back; a malformed view is refused by its path', () => {
    let x = newExperiment(DEFAULT_LAB, 'id', '2026-11-26T00:00:00Z');
    x = reduce(x, { type: 'view', result: { kind: 'plane', view: plane } });
    x = reduce(x, { type: 'view', result: { kind: 'layers', view: layers } });
    x = reduce(x, { type: 'view', result: { kind: 'reparam', view: reparam } });
    expect(x.views).toEqual({ plane: { solutions: plane }, layers, reparam });
    const json = JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
    expect(parseExperiment(json, 'run.json').views).toEqual(x.views);
    const bad = JSON.parse(JSON.stringify(x)) as { views: { reparam: { after: { lambdaMax: unknown } } } };
    bad.views.reparam.after.lambdaMax = 'large';
    expect(() => parseExperiment(bad, 'run.json')).toThrow('views.reparam.after.lambdaMax: expected a finite number, got string');
    const { views: _, ...old } = JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
    expect(parseExperiment(old, 'old.json').views).toBeUndefined();
  });
});
