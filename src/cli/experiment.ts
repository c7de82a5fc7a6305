/**
 * Reproduces the shape of the lecture's tables at lab scale:
 *
 *   npm run experiment -- --preset lecture --seeds 3
 *
 * trains, from the lab's preset and with the same data and seeds for all:
 * SGD; SWA at 1, 1.25 and 1.5 budgets (the SGD part identical to the
 * baseline's, then the cyclic phase; FGE from the same snapshots); SAM for
 * several ρ and ASAM; optionally SWA + SAM. For every solution it measures
 * test accuracy, train loss (+ λ‖w‖²), λ_max, λ_max/λ_k, the Hessian trace and
 * the width of the random-ray basin, and writes a JSON file and a Markdown
 * table of mean ± std over seeds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../core/data/dataset';
import { DEFAULT_ANALYSIS, analyzeSolution } from '../core/probes/analysis';
import { rayWidth } from '../core/probes/width';
import type { RunConfig } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { DEFAULT_LAB, type LabConfig, PRESETS, runConfig, validateLab } from '../ui/lab';
import { message } from '../ui/i18n/message';
import { englishText } from '../ui/i18n/text';
import { labFromQuery } from '../ui/url-state';
import { useNodeCpuBackend } from '../node/backend';
import { loadDatasetFromDisk } from '../node/files';
import { UsageError, parseFlags } from './flags';
import { type Measurement, RESULTS_FORMAT, type ReportInput, mergeReports, renderReport, reportFromJson } from './experiment-report';
import { probeSubsets } from './probe-data';
import { runCommand } from './run';

interface Variant {
  name: string;
  config: (lab: LabConfig, seed: number) => RunConfig;
  /** Which weights are the solution. */
  solution: 'final' | 'swa';
}

function variants(lab: LabConfig, rhos: number[], swaSam: boolean): Variant[] {
  const at = (method: 'SGD' | 'SWA' | 'SAM', seed: number, o: Partial<RunConfig> = {}): RunConfig => ({
    ...runConfig({ ...lab, seed }, method),
    ...o,
  });
  const swa = (budget: number): Variant => ({
    name: `SWA ${budget}`,
    solution: 'swa',
    config: (l, seed) => {
      const c = at('SWA', seed);
      return { ...c, epochs: budget * l.epochs, sgd: { ...c.sgd, horizonEpochs: l.epochs } };
    },
  });
  const list: Variant[] = [
    { name: 'SGD', solution: 'final', config: (_, seed) => at('SGD', seed) },
    swa(1),
    swa(1.25),
    swa(1.5),
    ...rhos.map((rho): Variant => ({
      name: `SAM ρ=${rho}`,
      solution: 'final',
      config: (_, seed) => at('SAM', seed, { sam: { rho, p: 2, adaptive: false } }),
    })),
    { name: 'ASAM ρ=0.5', solution: 'final', config: (_, seed) => at('SAM', seed, { sam: { rho: 0.5, p: 2, adaptive: true } }) },
  ];
  if (swaSam) {
    list.push({
      name: `SWA+SAM ρ=${lab.rho}`,
      solution: 'swa',
      config: (_, seed) => ({ ...at('SWA', seed), sam: { rho: lab.rho, p: 2, adaptive: false } }),
    });
  }
  return list;
}

const USAGE = `usage: npm run experiment -- [--preset NAME] [--lab "labelNoise=0.2&epochs=24"] [--seeds N]
       npm run experiment -- --from-json results.json[,more.json] [--md FILE] [--json FILE]
                  (the table again, from saved results; several files of one experiment split by variant are joined)
       [--rhos 0.01,0.05,0.1] [--swa-sam] [--variants sgd,swa1.5,sam0.05]
       [--samples N] [--k N] [--rays N] [--points N] [--t-max X] [--delta X] [--json FILE] [--md FILE]
  --lab       overrides of the preset's settings, written as in the app's URL
  --variants  run only these (names lower-cased without spaces, "ρ" or "="; default all)`;

/** A variant's name as `--variants` spells it: "SAM ρ=0.05" → "sam0.05". */
const variantKey = (name: string) => name.toLowerCase().replace(/[\sρ=]/g, '');

/** Everything the flags ask for, checked before any training; a bad flag throws a UsageError naming it. */
function readSettings(argv: string[]) {
  const f = parseFlags(
    argv,
    ['from-json', 'preset', 'lab', 'variants', 'seeds', 'rhos', 'samples', 'k', 'rays', 'points', 't-max', 'delta', 'json', 'md'],
    ['swa-sam', 'help'],
  );
  const presetName = f.values.get('preset') ?? 'lecture';
  const preset = PRESETS[presetName];
  if (!preset) throw new UsageError(`unknown preset "${presetName}" (one of ${Object.keys(PRESETS).join(', ')})`);
  const overrides = labFromQuery(f.values.get('lab') ?? '', { ...DEFAULT_LAB, ...preset.lab });
  const labErrors = Object.entries(validateLab(overrides.lab));
  const problem = overrides.problems[0];
  if (problem) throw new UsageError(`--lab: ${englishText(problem)}`);
  if (labErrors[0]) throw new UsageError(`--lab: ${labErrors[0][0]}: ${englishText(labErrors[0][1])}`);
  const lab: LabConfig = { ...overrides.lab, track: false };
  const rhos = (f.values.get('rhos') ?? '0.01,0.05,0.1').split(',').map(Number);
  if (rhos.some((r) => !(r >= 0))) throw new UsageError(`--rhos expects numbers ≥ 0, got "${f.values.get('rhos')}"`);
  const tMax = f.number('t-max', lab.tMax);
  const analysis = {
    ...DEFAULT_ANALYSIS,
    k: f.number('k', 5),
    tol: 1e-2,
    traceSamples: 10,
    rays: { ...DEFAULT_ANALYSIS.rays, count: f.number('rays', 5), points: f.number('points', 11), tMax, alongEigenvector: false },
  };
  const all = variants(lab, rhos, f.flags.has('swa-sam'));
  const wanted = f.values.get('variants')?.split(',').map(variantKey);
  const unknown = wanted?.find((w) => !all.some((v) => variantKey(v.name) === w));
  if (unknown !== undefined)
    throw new UsageError(`--variants: no variant "${unknown}" (one of ${all.map((v) => variantKey(v.name)).join(', ')})`);
  return {
    f,
    help: f.flags.has('help'),
    presetName,
    preset,
    lab,
    seeds: f.number('seeds', 3),
    samples: f.number('samples', 512),
    delta: f.number('delta', 0.1),
    tMax,
    analysis,
    list: wanted ? all.filter((v) => wanted.includes(variantKey(v.name))) : all,
  };
}

type Settings = ReturnType<typeof readSettings>;

/** `--from-json a.json,b.json`: the table again from saved results, the files' variants merged. */
async function reportSaved(files: string, s: Settings): Promise<void> {
  const describe = (p: string) => {
    const preset = PRESETS[p];
    return preset ? englishText(message(preset.description)) : 'a preset of an older version';
  };
  const parts = await Promise.all(files.split(',').map(async (file) => reportFromJson(JSON.parse(await readFile(file, 'utf8')), describe)));
  const merged = mergeReports(parts);
  const md = renderReport(merged);
  const json = s.f.values.get('json');
  if (json) await writeFile(json, JSON.stringify({ format: RESULTS_FORMAT, ...merged }, null, 2));
  const out = s.f.values.get('md');
  if (out) await writeFile(out, `${md}\n`);
  else process.stdout.write(`${md}\n`);
}

/** What the report shows: the settings asked for and the rows measured so far. */
function reportInput(s: Settings, results: Measurement[]): ReportInput {
  return {
    preset: s.presetName,
    description: englishText(message(s.preset.description)),
    overrides: s.f.values.get('lab') ?? null,
    init: s.lab.init,
    seeds: s.seeds,
    samples: s.samples,
    delta: s.delta,
    analysis: { k: s.analysis.k, rays: s.analysis.rays.count, points: s.analysis.rays.points, tMax: s.tMax },
    variants: s.list.map((v) => v.name),
    results,
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
  };
}

/** Writes the JSON and the Markdown table of what is measured so far (after every run, so a long experiment is never lost). */
async function writeReport(s: Settings, results: Measurement[]): Promise<string> {
  const input = reportInput(s, results);
  const md = renderReport(input);
  await writeFile(s.f.values.get('json') ?? 'experiment.json', JSON.stringify({ format: RESULTS_FORMAT, lab: s.lab, ...input }, null, 2));
  await writeFile(s.f.values.get('md') ?? 'experiment.md', `${md}\n`);
  return md;
}

/** Trains variant `v` with `seed`, analyses its solution, and returns the table's row; `say` shows progress. */
async function measure(v: Variant, seed: number, s: Settings, data: Dataset, say: (text: string) => void): Promise<Measurement> {
  const config = v.config(s.lab, seed);
  const started = performance.now();
  const trainer = new Trainer(config, data);
  try {
    let last = 0;
    const result = await trainer.run((e) => {
      if (e.type !== 'step' || performance.now() - last < 1000) return;
      last = performance.now();
      say(`step ${e.step}  ETA ${Math.ceil(e.etaSeconds)} s`);
    });
    const weights = v.solution === 'swa' ? trainer.swa!.weights : trainer.model;
    // The table needs the rays' train loss only; a small test subset keeps the ray sweep cheap.
    const probeData = probeSubsets(data, config, s.samples, 100);
    say('analysing…');
    const a = await analyzeSolution(config.model, weights, probeData, { ...s.analysis, l2: config.sgd.weightDecay });
    const width = rayWidth(a.rays, s.delta);
    const fin = result.final!;
    return {
      variant: v.name,
      seed,
      status: result.status,
      testAccuracy: v.solution === 'swa' ? fin.swa!.accuracy : fin.test.accuracy,
      fgeAccuracy: fin.fge?.accuracy ?? null,
      spread: fin.swa?.spread ?? null,
      trainLoss: a.rays.curves[0]![a.rays.t.indexOf(0)]!.trainLoss!,
      lambdaMax: a.eigen.values[0]!,
      ratio: a.ratio,
      trace: a.trace.trace,
      traceSe: a.trace.se,
      width: width.mean,
      censored: width.censored,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    trainer.dispose();
  }
}

async function main(): Promise<number> {
  let s: Settings;
  try {
    s = readSettings(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (s.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const fromJson = s.f.values.get('from-json');
  if (fromJson !== undefined) {
    await reportSaved(fromJson, s);
    return 0;
  }
  await useNodeCpuBackend();
  const data = await loadDatasetFromDisk(s.lab.dataset);
  const results: Measurement[] = [];
  const t0 = performance.now();
  for (let seed = 1; seed <= s.seeds; seed++) {
    for (const v of s.list) {
      const say = (text: string) =>
        process.stderr.write(
          `\rseed ${seed}/${s.seeds}  ${v.name.padEnd(14)} ${text}  (${((performance.now() - t0) / 60000).toFixed(1)} min in all)   `,
        );
      results.push(await measure(v, seed, s, data, say));
      await writeReport(s, results);
    }
  }
  process.stderr.write('\n');
  process.stdout.write(`${await writeReport(s, results)}\n`);
  return 0;
}

runCommand(main);
