import { describe, expect, it } from 'vitest';
import type { WeightArrays } from '../../src/core/checkpoint';
import type { Method } from '../../src/core/methods';
import { jobCommand, jobReady } from '../../src/ui/analysis-jobs';
import { layersChart, planeCharts, reparamChart, reparamRatios, trajectoryChart } from '../../src/ui/charts/view-traces';
import { newExperiment, reduce } from '../../src/ui/experiment';
import { DEFAULT_LAB, PATH_KEPT, analysisSettings, pathConfig } from '../../src/ui/lab';
import { parseExperiment } from '../../src/ui/persistence';
import type { LayersView, PlaneView, ReparamView, TrajectoryView } from '../../src/worker/protocol';
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
  marks: [{ label: 'w̄', a: 0.5, b: 0.33, distance: 0.01, value: p(0.31, 0.17) }],
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

const trajectory: TrajectoryView = {
  method: 'SWA',
  explained: [0.8, 0.15],
  path: [
    { step: 0, x: 3, y: 1, offPlane: 0.2 },
    { step: 8, x: 1, y: -1, offPlane: 0.1 },
    { step: 16, x: 0, y: 0, offPlane: 0 },
  ],
  marks: [{ label: 'w_SWA', x: 0.5, y: 0.1, offPlane: 0.05 }],
  a: [0, 1],
  b: [0, 1],
  trainLoss: [
    [1, 100],
    [0.1, null],
  ],
  nonFinite: 1,
  seconds: 1,
};

describe('the views of issue 13: charts', () => {
  it('trajectory: the path in step order over log₁₀ of the loss, w_SWA marked, the axes named with their share of variance', () => {
    const chart = trajectoryChart(trajectory, englishT);
    expect(chart.data[0]).toMatchObject({
      type: 'contour',
      z: [
        [0, 2],
        [-1, null],
      ],
    });
    expect(chart.data[1]).toMatchObject({ x: [3, 1, 0], y: [1, -1, 0], text: ['step 0', 'step 8', 'step 16'] });
    expect(chart.data[2]).toMatchObject({ x: [0.5], y: [0.1], text: ['w_SWA'] });
    expect(chart.layout.xaxis).toEqual({ title: { text: 'PC1 (80.0 %)' } });
    expect(chart.layout.yaxis).toEqual({ title: { text: 'PC2 (15.0 %)' } });
  });

  it('a lab run keeps about PATH_KEPT iterates: its first spacing is its steps / PATH_KEPT', () => {
    // The lecture preset: 12 epochs of ⌈2000/64⌉ = 32 steps = 384 steps, every 6th; a 4-step run keeps every step.
    expect(pathConfig({ epochs: 12, trainSize: 2000, batchSize: 64 })).toEqual({ every: 6, max: PATH_KEPT, snapshots: 16 });
    expect(pathConfig({ epochs: 1, trainSize: 128, batchSize: 32 }).every).toBe(1);
  });

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
    if (c.type !== 'view' || c.request.kind !== 'plane') throw new Error('not a plane request');
    expect(c.request.gridPoints).toBe(21);
    expect(c.request.marks).toEqual([]);
    expect(c.request.points.map((q) => [q.label, Array.from(q.params)])).toEqual([
      ['w_SGD', [1, 2]],
      ['w_SWA', [2, 4]],
      ['w_SAM', [3, 6]],
    ]);
    const l = jobCommand(solved(['SWA', 'SAM']), { kind: 'view', view: { kind: 'layers' } }, settings, 21);
    expect(l.type === 'view' && l.request.kind === 'layers' && l.request.solutions.map((s) => s.runId)).toEqual(['SWA', 'SAM']);
  });

  it('the snapshot plane and a trajectory need a recorded path: three snapshots evenly spread, their mean and w_SWA as marks', () => {
    const x = solved(['SGD', 'SWA', 'SAM']);
    const settings = analysisSettings(DEFAULT_LAB);
    const snapshots = [1, 2, 3, 4, 5].map((k) => Float32Array.from([k, 10 * k]));
    const path = { every: 1, steps: [0, 1, 2, 3], iterates: snapshots.slice(0, 4), snapshotSteps: [4, 6, 8, 10, 12], snapshots };
    const plane = { kind: 'view', view: { kind: 'plane', plane: 'snapshots' } } as const;
    expect(jobReady(x, plane)).toBe(false);
    expect(jobReady(x, plane, new Map([['SWA', { ...path, snapshots: snapshots.slice(0, 2) }]]))).toBe(false);
    const paths = new Map([['SWA', path] as const]);
    expect(jobReady(x, plane, paths)).toBe(true);
    const c = jobCommand(x, plane, settings, 15, paths);
    if (c.type !== 'view' || c.request.kind !== 'plane') throw new Error('not a plane request');
    // Five snapshots: the first, the middle (index 2) and the last.
    expect(c.request.points.map((p) => [p.label, Array.from(p.params)])).toEqual([
      ['w₁', [1, 10]],
      ['w₂', [3, 30]],
      ['w₃', [5, 50]],
    ]);
    expect(c.request.marks.map((m) => [m.label, Array.from(m.params)])).toEqual([
      ['(w₁+w₂+w₃)/3', [3, 30]],
      ['w_SWA', [2, 4]],
    ]);
    const trajectory = { kind: 'view', view: { kind: 'trajectory', method: 'SWA' } } as const;
    expect(jobReady(x, { kind: 'view', view: { kind: 'trajectory', method: 'SGD' } }, paths)).toBe(false);
    const tc = jobCommand(x, trajectory, settings, 15, paths);
    if (tc.type !== 'view' || tc.request.kind !== 'trajectory') throw new Error('not a trajectory request');
    expect(tc.request.steps).toEqual([0, 1, 2, 3]);
    expect(tc.request.iterates).toHaveLength(4);
    expect(tc.request.marks.map((m) => m.label)).toEqual(['w_SWA']);
  });

  it('keeps each view in the experiment, and a saved run with views reads back; a malformed view is refused by its path', () => {
    let x = newExperiment(DEFAULT_LAB, 'id', '2026-11-26T00:00:00Z');
    x = reduce(x, { type: 'view', result: { kind: 'plane', view: plane } });
    x = reduce(x, { type: 'view', result: { kind: 'layers', view: layers } });
    x = reduce(x, { type: 'view', result: { kind: 'reparam', view: reparam } });
    x = reduce(x, { type: 'view', result: { kind: 'trajectory', view: trajectory } });
    expect(x.views).toEqual({ plane: { solutions: plane }, layers, reparam, trajectory: { SWA: trajectory } });
    const json = JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
    expect(parseExperiment(json, 'run.json').views).toEqual(x.views);
    const bad = JSON.parse(JSON.stringify(x)) as { views: { reparam: { after: { lambdaMax: unknown } } } };
    bad.views.reparam.after.lambdaMax = 'large';
    expect(() => parseExperiment(bad, 'run.json')).toThrow('views.reparam.after.lambdaMax: expected a finite number, got string');
    const { views: _, ...old } = JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
    expect(parseExperiment(old, 'old.json').views).toBeUndefined();
  });
});
