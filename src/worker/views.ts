/**
 * The views of issue 13 that the worker computes on request, on the core's
 * probes: each takes the request's weights and the probe data, reports its
 * progress and stops when `signal` aborts. Every tensor is freed here.
 */
import * as tf from '@tensorflow/tfjs';
import { weightsFromArrays } from '../core/checkpoint';
import { layerSharpness } from '../core/hessian/blocks';
import type { Weights } from '../core/models/convnet';
import { type ModelSpec, paramShapes } from '../core/models/spec';
import { vectorFromArray } from '../core/params';
import { type PointValue, type ProbeData, rays, surface } from '../core/probes/landscape';
import type { RunConfig } from '../core/train/config';
import { planeGrid, planeProbe, planeThrough } from '../core/probes/plane';
import { pathGrid, projectOntoPlane, trajectoryPlane } from '../core/probes/trajectory';
import { DEFAULT_REPARAM, type ReparamStage, type SolutionMeasures, reparamReport } from '../core/probes/reparam';
import type {
  AnalysisSettings,
  LayersView,
  PlaneView,
  ReparamMeasures,
  ReparamView,
  TrajectoryView,
  ViewRequest,
  ViewResult,
} from './protocol';

export interface ViewContext {
  data: ProbeData;
  /** The lab's analysis settings: the views' eigen-solves take its tolerance, products and samples. */
  settings: AnalysisSettings;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

/** Tensors for flat parameters and a BatchNorm state (caller disposes). */
function weightsOf(spec: ModelSpec, params: Float32Array, state: readonly number[][]): Weights {
  return {
    params: vectorFromArray(
      params,
      paramShapes(spec).map((p) => p.shape),
    ),
    state: state.map((s) => tf.tensor1d(s, 'float32')),
  };
}

/** A point's own L2-regularised train loss and test error (the ray probe at t = 0 is the point itself). */
async function ownValue(config: RunConfig, params: Float32Array, state: readonly number[][], c: ViewContext): Promise<PointValue> {
  const weights = weightsOf(config.model, params, state);
  try {
    const r = await rays(config.model, weights, [params], [0], c.data, { l2: config.sgd.weightDecay, signal: c.signal });
    return r.curves[0]![0]!;
  } finally {
    tf.dispose([...weights.params, ...weights.state]);
  }
}

/** The plane through the request's three points, its grid framing them and the marks, and the values on it. */
async function planeView(r: Extract<ViewRequest, { kind: 'plane' }>, c: ViewContext): Promise<PlaneView> {
  const t0 = performance.now();
  const plane = planeThrough(r.points.map((p) => p.params));
  const marks = r.marks.map((m) => ({ label: m.label, ...plane.project(m.params) }));
  const grid = planeGrid([...plane.coords, ...marks], r.gridPoints);
  const origin = weightsOf(r.config.model, r.points[0].params, r.state);
  try {
    const result = await planeProbe(r.config.model, origin, plane, grid.a, grid.b, c.data, {
      l2: r.config.sgd.weightDecay,
      signal: c.signal,
      onProgress: c.onProgress,
    });
    const values: PointValue[] = [];
    for (const m of r.marks) values.push(await ownValue(r.config, m.params, r.state, c));
    return {
      plane: r.plane,
      points: r.points.map((p, i) => ({ label: p.label, ...plane.coords[i]!, value: result.points[i]! })),
      marks: marks.map((m, i) => ({ ...m, value: values[i]! })),
      a: result.a,
      b: result.b,
      trainLoss: result.trainLoss,
      testError: result.testError!,
      nonFinite: result.nonFinite,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose([...origin.params, ...origin.state]);
  }
}

/**
 * A run's path on its PCA plane around the last iterate (the final weights),
 * the marks projected onto it, and the L2-regularised train loss on a grid
 * framing them all (Li et al. 2018's trajectory plot).
 */
async function trajectoryView(r: Extract<ViewRequest, { kind: 'trajectory' }>, c: ViewContext): Promise<TrajectoryView> {
  const t0 = performance.now();
  const final = r.iterates.at(-1);
  if (!final) throw new RangeError('a trajectory needs its recorded iterates, got none');
  const plane = trajectoryPlane(r.iterates, final);
  const marks = r.marks.map((m) => ({ label: m.label, ...projectOntoPlane(plane, m.params) }));
  const grid = pathGrid([...plane.points, ...marks], r.gridPoints);
  const origin = weightsOf(r.config.model, final, r.state);
  try {
    const result = await surface(r.config.model, origin, plane.directions[0], plane.directions[1], grid.a, grid.b, c.data, {
      l2: r.config.sgd.weightDecay,
      includeTest: false,
      signal: c.signal,
      onProgress: c.onProgress,
    });
    return {
      method: r.method,
      explained: plane.explained,
      path: plane.points.map((p, i) => ({ step: r.steps[i]!, ...p })),
      marks,
      a: result.a,
      b: result.b,
      trainLoss: result.trainLoss,
      nonFinite: result.nonFinite,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose([...origin.params, ...origin.state]);
  }
}

/**
 * Each solution's per-layer sharpness: one Lanczos solve of λ_max per layer
 * block, to the analysis's tolerance. Progress counts the blocks solved.
 */
async function layersView(r: Extract<ViewRequest, { kind: 'layers' }>, c: ViewContext): Promise<LayersView> {
  const t0 = performance.now();
  const methods: LayersView['methods'] = {};
  const blocks = r.config.model.convs.length + r.config.model.dense.length + 1;
  const total = blocks * r.solutions.length;
  let solved = 0;
  for (const s of r.solutions) {
    const weights = weightsFromArrays(s.config, s.weights);
    let current = '';
    try {
      const result = await layerSharpness(s.config.model, weights, c.data, {
        tol: c.settings.tol,
        maxIter: c.settings.maxIter,
        seed: c.settings.seed,
        chunk: c.settings.chunk,
        signal: c.signal,
        onProgress: (layer) => {
          if (layer === current) return;
          if (current) solved += 1;
          current = layer;
          c.onProgress(solved, total);
        },
      });
      solved += 1;
      c.onProgress(solved, total);
      methods[s.runId] = result.map((b) => ({
        name: b.layer.name,
        size: b.layer.size,
        lambdaMax: b.values[0]!,
        residual: b.residuals[0]!,
        hvps: b.hvps,
        converged: b.converged,
      }));
    } finally {
      tf.dispose([...weights.params, ...weights.state]);
    }
  }
  return { methods, seconds: (performance.now() - t0) / 1000 };
}

const STAGES: readonly ReparamStage[] = ['eigenvalues', 'trace', 'adaptive', 'rays'];

const measures = (m: SolutionMeasures): ReparamMeasures => ({
  testAccuracy: m.testAccuracy,
  dataLoss: m.dataLoss,
  regularizedLoss: m.regularizedLoss,
  lambdaMax: m.eigen.values[0]!,
  trace: m.trace.trace,
  traceSe: m.trace.se,
  adaptiveLambdaMax: m.adaptive.values[0]!,
  width: m.width.mean,
  widthCensored: m.width.censored,
});

/**
 * Dinh et al.'s rescaling, measured before and after with the same seeds:
 * λ_max to the analysis's tolerance, the trace on the analysis's Hutchinson
 * samples (at least 10), and the core's filter-normalised rays (t ∈ [0, 1]).
 * Progress counts the four stages on each side.
 */
async function reparamView(r: Extract<ViewRequest, { kind: 'reparam' }>, c: ViewContext): Promise<ReparamView> {
  const t0 = performance.now();
  const report = await reparamReport(r.config.model, r.solution.weights, r.layer, r.alpha, c.data, {
    ...DEFAULT_REPARAM,
    tol: c.settings.tol,
    maxIter: c.settings.maxIter,
    traceSamples: Math.max(10, c.settings.traceSamples),
    chunk: c.settings.chunk,
    seed: c.settings.seed,
    l2: r.config.sgd.weightDecay,
    widthDelta: r.widthDelta,
    signal: c.signal,
    onProgress: (side, stage) => c.onProgress(STAGES.indexOf(stage) + (side === 'after' ? STAGES.length : 0), 2 * STAGES.length),
  });
  return {
    method: r.solution.runId,
    layer: report.plan.layer,
    down: report.plan.down,
    alpha: r.alpha,
    before: measures(report.before),
    after: measures(report.after),
    seconds: (performance.now() - t0) / 1000,
  };
}

export async function computeView(r: ViewRequest, c: ViewContext): Promise<ViewResult> {
  switch (r.kind) {
    case 'plane':
      return { kind: 'plane', view: await planeView(r, c) };
    case 'trajectory':
      return { kind: 'trajectory', view: await trajectoryView(r, c) };
    case 'layers':
      return { kind: 'layers', view: await layersView(r, c) };
    case 'reparam':
      return { kind: 'reparam', view: await reparamView(r, c) };
  }
}
