/**
 * The benchmark's sharpness-tracking study: what the per-epoch λ_max curve
 * costs against the training it rides on, and how far it is from a full
 * Lanczos. One SGD run of the lecture preset (no tracking) keeps a copy of
 * the weights at every epoch's end; then each tracker setting replays the
 * measurements over those weights in order (warm starts carried as in
 * training), timed, and each value is compared with a converged Lanczos
 * (relative residual bound 1e-3) on the same weights, at every third
 * epoch: on the tracker's own samples (the tracker's convergence error) and
 * on the analysis's samples (what the student compares the curve's last
 * point with).
 */
import * as tf from '@tensorflow/tfjs';
import { type Dataset, type ImageSet, takeSubset } from '../core/data/dataset';
import { SharpnessTracker } from '../core/hessian/sharpness';
import { HessianOperator } from '../core/hessian/hvp';
import { lanczos } from '../core/hessian/lanczos';
import type { Weights } from '../core/models/convnet';
import { type RunConfig, trainingSet } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { DEFAULT_LAB, runConfig } from '../ui/lab';

export interface TrackerSetting {
  samples: number;
  maxIter: number;
  firstMaxIter?: number;
}

/** One tracker setting replayed over the run's epochs. */
export interface TrackingRow {
  setting: TrackerSetting;
  seconds: number;
  /** max over the checked epochs of |tracked − converged| / converged on the analysis's samples. */
  analysisError: number;
  /** Error against the converged value on the same samples at each checked epoch. */
  errors: { epoch: number; own: number }[];
  last: number;
}

const copyWeights = (w: Weights): Weights => ({
  params: w.params.map((p) => tf.keep(p.clone())),
  state: w.state.map((s) => tf.keep(s.clone())),
});

async function converged(config: RunConfig, w: Weights, set: ImageSet): Promise<number> {
  const H = new HessianOperator(config.model, w, set);
  try {
    return (await lanczos(H, { k: 1, tol: 1e-3, maxIter: 40, seed: 11 })).values[0]!;
  } finally {
    H.dispose();
  }
}

/**
 * One tracker setting over the epochs' weights in order (warm starts carried as in training), timed; at each
 * `checked` epoch, its value against a converged Lanczos on its own samples and against `reference` (the analysis's).
 */
async function replay(
  setting: TrackerSetting,
  config: RunConfig,
  train: ImageSet,
  snapshots: Weights[],
  checked: boolean[],
  reference: number[],
): Promise<TrackingRow> {
  const set = takeSubset(train, setting.samples);
  const tracker = new SharpnessTracker(config.model, set, {
    maxIter: setting.maxIter,
    firstMaxIter: setting.firstMaxIter,
    tol: 1e-3,
    seed: config.seed,
  });
  let seconds = 0;
  let analysisError = 0;
  let last = 0;
  const errors: TrackingRow['errors'] = [];
  for (let i = 0; i < snapshots.length; i++) {
    const s0 = performance.now();
    last = (await tracker.measure(snapshots[i]!)).lambdaMax;
    seconds += (performance.now() - s0) / 1000;
    if (!checked[i]) continue;
    const own = await converged(config, snapshots[i]!, set);
    errors.push({ epoch: i + 1, own: (last - own) / own });
    analysisError = Math.max(analysisError, Math.abs(last - reference[i]!) / reference[i]!);
  }
  return { setting, seconds, analysisError, errors, last };
}

/** The study: the training time the overhead is measured against, a row per setting, and the final λ_max on the analysis's samples. */
export interface TrackingStudy {
  trainSeconds: number;
  rows: TrackingRow[];
  lambda: number;
  analysisSamples: number;
}

/** Runs the study (`epochs`: a shorter run, for the smoke benchmark). */
export async function trackingStudy(
  data: Dataset,
  settings: TrackerSetting[],
  analysisSamples: number,
  epochs?: number,
): Promise<TrackingStudy> {
  const config: RunConfig = {
    ...runConfig({ ...DEFAULT_LAB, ...(epochs ? { epochs, swaStart: epochs / 2 } : {}) }, 'SGD'),
    sharpness: null,
  };
  const t = new Trainer(config, data);
  const snapshots: Weights[] = [];
  const t0 = performance.now();
  await t.run((e) => {
    if (e.type === 'epoch') snapshots.push(copyWeights(t.model));
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  t.dispose();
  const train = trainingSet(data.train, config);
  const analysisSet = takeSubset(train, analysisSamples);
  try {
    const checked = snapshots.map((_, i) => (i + 1) % 3 === 0 || i === snapshots.length - 1);
    const reference: number[] = [];
    for (let i = 0; i < snapshots.length; i++)
      reference.push(checked[i] ? await converged(config, snapshots[i]!, analysisSet) : Number.NaN);
    const rows: TrackingRow[] = [];
    for (const setting of settings) rows.push(await replay(setting, config, train, snapshots, checked, reference));
    return { trainSeconds, rows, lambda: reference[reference.length - 1]!, analysisSamples };
  } finally {
    snapshots.forEach((w) => tf.dispose([...w.params, ...w.state]));
  }
}
