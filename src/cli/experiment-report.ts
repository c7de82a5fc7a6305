/**
 * The Markdown table of `npm run experiment`, rendered from its measurements
 * (after every run, and again from a saved JSON with `--from-json`).
 * Besides mean ± std over seeds, each method gets its accuracy difference to
 * SGD paired by seed: the same seed means the same initial weights, data
 * order and label noise, so the paired difference removes the seed-to-seed
 * spread that the two means share.
 */
import type { InitScheme } from '../core/models/spec';
export interface Measurement {
  variant: string;
  seed: number;
  status: string;
  testAccuracy: number;
  fgeAccuracy: number | null;
  spread: number | null;
  trainLoss: number;
  lambdaMax: number;
  ratio: number;
  trace: number;
  traceSe: number;
  width: number;
  censored: number;
  seconds: number;
}

export interface ReportInput {
  preset: string;
  description: string;
  /** The `--lab` overrides, as given. */
  overrides: string | null;
  /** The initial weights' scheme (results files from before the option: 'he-glorot'). */
  init: InitScheme;
  seeds: number;
  samples: number;
  delta: number;
  analysis: { k: number; rays: number; points: number; tMax: number };
  /** Variant names, in table order. */
  variants: string[];
  results: Measurement[];
  backend: string;
  tfjs: string;
}

function stats(xs: number[]): { m: number; sd: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { m, sd };
}

function cell(xs: number[], scale = 1, digits = 2, sign = false): string {
  if (xs.length === 0) return '—';
  const { m, sd } = stats(xs.map((x) => x * scale));
  return `${sign && m > 0 ? '+' : ''}${m.toFixed(digits)} ± ${sd.toFixed(digits)}`;
}

/** Per seed present in both: accuracy of `variant` minus SGD's. */
export function pairedAccuracyGain(results: Measurement[], variant: string): number[] {
  const sgd = new Map(results.filter((r) => r.variant === 'SGD').map((r) => [r.seed, r.testAccuracy]));
  return results.filter((r) => r.variant === variant && sgd.has(r.seed)).map((r) => r.testAccuracy - sgd.get(r.seed)!);
}

/** How a report names each initialisation. */
export const INIT_NAMES: Record<InitScheme, string> = {
  'he-glorot': 'He/Glorot-uniform kernels, zero biases',
  'fan-in-uniform': 'U(±1/√fan_in) for kernels and biases',
};

export function renderReport(r: ReportInput): string {
  const { analysis, results } = r;
  const lines = [
    `| method | test acc. % | vs SGD, paired by seed (points) | FGE acc. % | train loss + λ‖w‖² | λ_max | λ_max/λ_${analysis.k} | trace | ray width (Δ = ${r.delta}) |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.variants.map((name) => {
      const rs = results.filter((m) => m.variant === name);
      const fge = rs.filter((m) => m.fgeAccuracy !== null).map((m) => m.fgeAccuracy!);
      const censored = rs.reduce((a, m) => a + m.censored, 0);
      const gain = name === 'SGD' ? '' : cell(pairedAccuracyGain(results, name), 100, 2, true);
      return `| ${name} | ${cell(
        rs.map((m) => m.testAccuracy),
        100,
      )} | ${gain} | ${fge.length ? cell(fge, 100) : ''} | ${cell(
        rs.map((m) => m.trainLoss),
        1,
        3,
      )} | ${cell(
        rs.map((m) => m.lambdaMax),
        1,
        1,
      )} | ${cell(
        rs.map((m) => m.ratio),
        1,
        2,
      )} | ${cell(
        rs.map((m) => m.trace),
        1,
        0,
      )} | ${cell(
        rs.map((m) => m.width),
        1,
        1,
      )}${censored ? ` (${censored} rays censored at t = ${analysis.tMax})` : ''} |`;
    }),
  ];
  const swa1 = results.filter((m) => m.variant === 'SWA 1');
  const gap = swa1.length
    ? `FGE − SWA (1 budget): ${cell(
        swa1.map((m) => (m.fgeAccuracy ?? Number.NaN) - m.testAccuracy),
        100,
      )} points of accuracy; spread ‖Δ‖ of the averaged models ${cell(
        swa1.map((m) => m.spread ?? Number.NaN),
        1,
        3,
      )}.`
    : '';
  const total = r.seeds * r.variants.length;
  const minutes = results.reduce((a, m) => a + m.seconds, 0) / 60;
  return [
    `Preset "${r.preset}" (${r.description})${r.overrides ? ` with ${r.overrides}` : ''}, ${r.seeds} seeds, mean ± std over seeds; initial weights ${INIT_NAMES[r.init]}.`,
    `Hessian, train loss and rays on ${r.samples} training samples; ${analysis.rays} unit rays, t ∈ [0, ${analysis.tMax}], ${analysis.points} points; tfjs ${r.tfjs}, ${r.backend} backend in Node.`,
    '',
    ...lines,
    '',
    gap,
    '',
    results.length === total
      ? `Time, training and analysis of all ${total} runs: ${minutes.toFixed(1)} min.`
      : `Partial: ${results.length} of ${total} runs so far.`,
  ].join('\n');
}

export const RESULTS_FORMAT = 'wide-optima-lab/experiment-results';

/**
 * The report input from a saved results JSON: this format, or the first
 * one (preset, lab, seeds, samples, delta and results only, written with the
 * default analysis: k = 5, 5 rays of 11 points to the lab's t_max, on the cpu
 * backend). Throws an Error naming what is missing.
 */
export function reportFromJson(value: unknown, describe: (preset: string) => string): ReportInput {
  const x = value as Record<string, unknown>;
  const need = (key: string, ok: (v: unknown) => boolean) => {
    if (typeof x !== 'object' || x === null || !ok(x[key]))
      throw new Error(`not an experiment results file: "${key}" is missing or malformed`);
    return x[key];
  };
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const results = need(
    'results',
    (v) =>
      Array.isArray(v) &&
      v.every(
        (m) =>
          typeof m === 'object' && m !== null && typeof (m as Measurement).variant === 'string' && isNum((m as Measurement).testAccuracy),
      ),
  ) as Measurement[];
  const preset = need('preset', (v) => typeof v === 'string') as string;
  const base = {
    preset,
    seeds: need('seeds', isNum) as number,
    samples: need('samples', isNum) as number,
    delta: need('delta', isNum) as number,
    results,
  };
  if (x.format === RESULTS_FORMAT) {
    return {
      ...base,
      description: need('description', (v) => typeof v === 'string') as string,
      overrides: (x.overrides as string | null) ?? null,
      init: x.init === 'fan-in-uniform' ? 'fan-in-uniform' : 'he-glorot',
      analysis: need('analysis', (v) => typeof v === 'object' && v !== null) as ReportInput['analysis'],
      variants: need('variants', Array.isArray) as string[],
      backend: String(x.backend),
      tfjs: String(x.tfjs),
    };
  }
  const lab = need('lab', (v) => typeof v === 'object' && v !== null) as { tMax?: unknown };
  return {
    ...base,
    description: describe(preset),
    overrides: null,
    init: 'he-glorot',
    analysis: { k: 5, rays: 5, points: 11, tMax: isNum(lab.tMax) ? (lab.tMax as number) : 40 },
    variants: [...new Set(results.map((m) => m.variant))],
    backend: 'cpu',
    tfjs: '4.22.0',
  };
}

/**
 * One report from several results files of the same experiment split by
 * variant (e.g. run as parallel processes): the settings must agree; the
 * variants and measurements are joined in file order.
 */
export function mergeReports(parts: ReportInput[]): ReportInput {
  const [first, ...rest] = parts;
  if (!first) throw new Error('no results files to merge');
  const settings = (r: ReportInput) =>
    JSON.stringify([r.preset, r.overrides, r.init, r.seeds, r.samples, r.delta, r.analysis, r.backend, r.tfjs]);
  for (const [i, r] of rest.entries()) {
    if (settings(r) !== settings(first))
      throw new Error(`results file ${i + 2} was run with other settings than the first (${settings(r)} against ${settings(first)})`);
    const both = r.variants.filter((v) => first.variants.includes(v));
    if (both.length) throw new Error(`results file ${i + 2} repeats the variants ${both.join(', ')}`);
  }
  return { ...first, variants: parts.flatMap((r) => r.variants), results: parts.flatMap((r) => r.results) };
}
