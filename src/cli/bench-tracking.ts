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
import { type Dataset, takeSubset } from '../core/data/dataset';
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

interface Row {
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

async function converged(config: RunConfig, w: Weights, set: ReturnType<typeof takeSubset>): Promise<number> {
  const H = new HessianOperator(config.model, w, set);
  try {
    return (await lanczos(H, { k: 1, tol: 1e-3, maxIter: 40, seed: 11 })).values[0]!;
  } finally {
    H.dispose();
  }
}

/** Rows of the study, and the training time the overhead is measured against. */
export async function trackingStudy(
  data: Dataset,
  settings: TrackerSetting[],
  analysisSamples: number,
  epochs?: number,
): Promise<{ trainSeconds: number; rows: Row[]; lambda: number }> {
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
    const rows: Row[] = [];
    for (const setting of settings) {
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
      const errors: Row['errors'] = [];
      for (let i = 0; i < snapshots.length; i++) {
        const s0 = performance.now();
        last = (await tracker.measure(snapshots[i]!)).lambdaMax;
        seconds += (performance.now() - s0) / 1000;
        if (!checked[i]) continue;
        const own = await converged(config, snapshots[i]!, set);
        errors.push({ epoch: i + 1, own: (last - own) / own });
        analysisError = Math.max(analysisError, Math.abs(last - reference[i]!) / reference[i]!);
      }
      rows.push({ setting, seconds, analysisError, errors, last });
    }
    return { trainSeconds, rows, lambda: reference[reference.length - 1]! };
  } finally {
    snapshots.forEach((w) => tf.dispose([...w.params, ...w.state]));
  }
}

/** The study as Markdown. */
export function trackingTable(r: Awaited<ReturnType<typeof trackingStudy>>, analysisSamples: number): string[] {
  return [
    `SGD, lecture preset, ${r.trainSeconds.toFixed(1)} s of training without tracking (Node, cpu); one measurement per epoch; λ_max of the final weights on the analysis's ${analysisSamples} samples: ${r.lambda.toFixed(2)}.`,
    '',
    "| tracker (samples × Lanczos steps, warm-started) | time, all epochs | overhead on SGD's training | error vs converged Lanczos on the same samples, by epoch | worst error vs the analysis's Hessian | last value |",
    '| --- | --- | --- | --- | --- | --- |',
    ...r.rows.map(
      (x) =>
        `| ${x.setting.samples} × ${x.setting.firstMaxIter ? `${x.setting.firstMaxIter} first, then ${x.setting.maxIter}` : x.setting.maxIter} | ${x.seconds.toFixed(1)} s | ${((100 * x.seconds) / r.trainSeconds).toFixed(1)} % | ${x.errors.map((e) => `${e.epoch}: ${e.own >= 0 ? '+' : '−'}${Math.abs(100 * e.own).toFixed(1)} %`).join(', ')} | ${(100 * x.analysisError).toFixed(1)} % | ${x.last.toFixed(2)} |`,
    ),
  ];
}
