/**
 * A trained solution as plain JSON: the run's config, the final weights,
 * for SWA runs w_SWA and, when the run recorded it, its path in weight space
 * (iterates and SWA snapshots; checkpoints without one still load). Float32 values written as JSON numbers read back
 * bit-exactly. `parseCheckpoint` validates everything (a malformed file gets
 * a message naming the problem and nothing is built from it).
 */
import * as tf from '@tensorflow/tfjs';
import type { Weights } from './models/convnet';
import { countParams, paramShapes } from './models/spec';
import { type RunConfig, methodName, validateRunConfig } from './train/config';
import type { RecordedPath } from './train/path';

export const CHECKPOINT_FORMAT = 'wide-optima-lab/checkpoint';

export interface WeightArrays {
  params: number[][];
  state: number[][];
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  method: string;
  config: RunConfig;
  weights: WeightArrays;
  swa: (WeightArrays & { models: number }) | null;
  /** The recorded path (absent: the run recorded none). */
  path?: PathArrays;
}

/** A `RecordedPath` as JSON: each vector a list of numbers. */
export interface PathArrays {
  every: number;
  steps: number[];
  iterates: number[][];
  snapshotSteps: number[];
  snapshots: number[][];
}

/** Reads tensors into arrays (one download per tensor). */
export async function weightArrays(w: Weights): Promise<WeightArrays> {
  const read = (ts: readonly tf.Tensor[]) => Promise.all(ts.map(async (t) => Array.from(await t.data())));
  return { params: await read(w.params), state: await read(w.state) };
}

/** The checkpoint of a run; `path` (when given) is stored with it. */
export async function makeCheckpoint(
  config: RunConfig,
  weights: Weights,
  swa: (Weights & { models: number }) | null,
  path: RecordedPath | null = null,
): Promise<Checkpoint> {
  return {
    format: CHECKPOINT_FORMAT,
    version: 1,
    method: methodName(config),
    config,
    weights: await weightArrays(weights),
    swa: swa ? { ...(await weightArrays(swa)), models: swa.models } : null,
    ...(path ? { path: pathArrays(path) } : {}),
  };
}

/** A recorded path as plain arrays (float32 values as JSON numbers read back bit-exactly). */
export function pathArrays(p: RecordedPath): PathArrays {
  return {
    every: p.every,
    steps: [...p.steps],
    iterates: p.iterates.map((v) => Array.from(v)),
    snapshotSteps: [...p.snapshotSteps],
    snapshots: p.snapshots.map((v) => Array.from(v)),
  };
}

/** A stored path as flat float32 vectors. */
export function pathFromArrays(p: PathArrays): RecordedPath {
  return {
    every: p.every,
    steps: [...p.steps],
    iterates: p.iterates.map((v) => Float32Array.from(v)),
    snapshotSteps: [...p.snapshotSteps],
    snapshots: p.snapshots.map((v) => Float32Array.from(v)),
  };
}

/** Tensors for stored weights (caller disposes). */
export function weightsFromArrays(config: RunConfig, w: WeightArrays): Weights {
  const shapes = paramShapes(config.model);
  return {
    params: w.params.map((p, i) => tf.tensor(p, shapes[i]!.shape, 'float32')),
    state: w.state.map((s) => tf.tensor1d(s, 'float32')),
  };
}

/** Validates a parsed JSON value as a checkpoint; `source` names it in errors. */
export function parseCheckpoint(value: unknown, source: string): Checkpoint {
  const fail = (why: string): never => {
    throw new Error(`${source} is not a valid checkpoint: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const c = value as Record<string, unknown>;
  if (c.format !== CHECKPOINT_FORMAT) fail(`format is ${JSON.stringify(c.format)}, expected "${CHECKPOINT_FORMAT}"`);
  if (c.version !== 1) fail(`version is ${JSON.stringify(c.version)}, expected 1`);
  let config: RunConfig;
  try {
    config = validateRunConfig(c.config as RunConfig);
  } catch (e) {
    return fail(`config: ${(e as Error).message}`);
  }
  const shapes = paramShapes(config.model);
  const bnLayers = config.model.batchNorm ? config.model.convs : [];
  const checkWeights = (w: unknown, what: string) => {
    const ws = w as Partial<WeightArrays> | null;
    if (typeof ws !== 'object' || ws === null || !Array.isArray(ws.params) || !Array.isArray(ws.state))
      fail(`${what} must have params and state lists`);
    const { params, state } = ws as WeightArrays;
    if (params.length !== shapes.length) fail(`${what}.params has ${params.length} tensors, the model has ${shapes.length}`);
    params.forEach((p, i) => {
      const n = shapes[i]!.shape.reduce((a, b) => a * b, 1);
      if (!Array.isArray(p) || p.length !== n) fail(`${what}.params[${i}] (${shapes[i]!.name}) must have ${n} numbers`);
      if (!p.every((x) => typeof x === 'number' && Number.isFinite(x)))
        fail(`${what}.params[${i}] (${shapes[i]!.name}) has a non-finite value`);
    });
    if (state.length !== 2 * bnLayers.length) fail(`${what}.state has ${state.length} tensors, expected ${2 * bnLayers.length}`);
    state.forEach((s, i) => {
      const n = bnLayers[Math.floor(i / 2)]!.filters;
      if (!Array.isArray(s) || s.length !== n || !s.every((x) => typeof x === 'number' && Number.isFinite(x)))
        fail(`${what}.state[${i}] must have ${n} finite numbers`);
    });
  };
  checkWeights(c.weights, 'weights');
  if (c.swa !== null) {
    checkWeights(c.swa, 'swa');
    const models = (c.swa as { models?: unknown }).models;
    if (!Number.isInteger(models) || (models as number) < 1) fail('swa.models must be a positive integer');
  }
  if (c.path !== undefined) checkPath(c.path, countParams(config.model), fail);
  if (typeof c.method !== 'string') fail('method must be a string');
  return value as Checkpoint;
}

/** Validates a stored path: increasing steps, one vector of `size` finite numbers for each. */
function checkPath(value: unknown, size: number, fail: (why: string) => never): void {
  const p = value as Partial<PathArrays> | null;
  if (typeof p !== 'object' || p === null) fail('path must be an object');
  const { every } = p as PathArrays;
  if (!Number.isInteger(every) || every < 1) fail(`path.every must be a positive integer, got ${JSON.stringify(every)}`);
  const checkList = (stepsName: 'steps' | 'snapshotSteps', vectorsName: 'iterates' | 'snapshots') => {
    const steps = (p as PathArrays)[stepsName];
    const vectors = (p as PathArrays)[vectorsName];
    if (!Array.isArray(steps) || !Array.isArray(vectors)) fail(`path.${stepsName} and path.${vectorsName} must be lists`);
    if (steps.length !== vectors.length) fail(`path has ${steps.length} ${stepsName} and ${vectors.length} ${vectorsName}`);
    steps.forEach((s, i) => {
      if (!Number.isInteger(s) || s < 0 || (i > 0 && s <= steps[i - 1]!))
        fail(`path.${stepsName} must be increasing integers ≥ 0, got ${JSON.stringify(s)} at ${i}`);
    });
    vectors.forEach((v, i) => {
      if (!Array.isArray(v) || v.length !== size) fail(`path.${vectorsName}[${i}] must have ${size} numbers`);
      if (!v.every((x) => typeof x === 'number' && Number.isFinite(x))) fail(`path.${vectorsName}[${i}] has a non-finite value`);
    });
  };
  checkList('steps', 'iterates');
  checkList('snapshotSteps', 'snapshots');
}
