/**
 * Sharpness and landscape of a saved solution, from the terminal:
 *
 *   npm run train -- --optimizer swa --epochs 3 --save run.json
 *   npm run probe -- --checkpoint run.json --k 5 --power
 *
 * Prints λ₁ … λ_k, λ₁/λ_k, the trace ± se, the Hessian-vector products used
 * and the random-ray table for the final weights and (SWA runs) w_SWA;
 * `--layers` adds λ_max of each layer's block of the Hessian beside the whole
 * Hessian's; `--json` prints everything as JSON instead. Exit codes: 0 done,
 * 1 error, 2 bad flags.
 */
import * as tf from '@tensorflow/tfjs';
import { type Checkpoint, weightsFromArrays } from '../core/checkpoint';
import type { ImageSet } from '../core/data/dataset';
import { type BlockSharpness, layerSharpness } from '../core/hessian/blocks';
import { gaussianVector } from '../core/hessian/linalg';
import { HessianOperator } from '../core/hessian/hvp';
import type { Weights } from '../core/models/convnet';
import { type AnalysisOptions, DEFAULT_ANALYSIS, type SolutionAnalysis, analyzeSolution } from '../core/probes/analysis';
import { createRng } from '../core/rng';
import { useNodeCpuBackend } from '../node/backend';
import { loadDatasetFromDisk, readCheckpoint } from '../node/files';
import { UsageError, parseFlags } from './flags';
import { probeSubsets } from './probe-data';
import { parseCommandLine, runCommand } from './run';

const USAGE = `usage: npm run probe -- --checkpoint FILE [options]

  --checkpoint FILE   a checkpoint written by npm run train -- --save FILE
  --samples N         training samples defining the Hessian and the rays' train loss (default 2048)
  --k N               top eigenvalues (default ${DEFAULT_ANALYSIS.k})
  --tol X             Lanczos relative residual tolerance (default ${DEFAULT_ANALYSIS.tol})
  --max-iter N        most Hessian-vector products per eigen-solve (default ${DEFAULT_ANALYSIS.maxIter})
  --power             also run power iteration, and report the products each method needs for 1 % on λ_max
  --trace-samples N   Hutchinson samples (default ${DEFAULT_ANALYSIS.traceSamples})
  --hessian-l2        include the L2 term's Hessian 2λI
  --rays N            random directions (default ${DEFAULT_ANALYSIS.rays.count})
  --directions unit|filter   (default ${DEFAULT_ANALYSIS.rays.kind})
  --t-min X --t-max X --points N   ray grid (defaults ${DEFAULT_ANALYSIS.rays.tMin}, ${DEFAULT_ANALYSIS.rays.tMax}, ${DEFAULT_ANALYSIS.rays.points})
  --eigen-ray         add the ray along the top eigenvector
  --layers            also λ_max of each layer's block of the Hessian (one Lanczos solve per layer; same --tol, --max-iter)
  --solution final|swa|both   which weights (default: both when the checkpoint has w_SWA)
  --time              measure one gradient and one Hessian-vector product on the same samples
  --json              print JSON instead of tables
  --help`;

interface ProbeCli {
  file: string;
  samples: number;
  options: AnalysisOptions;
  solution: 'final' | 'swa' | 'both' | null;
  time: boolean;
  layers: boolean;
  json: boolean;
}

function parse(argv: readonly string[]): ProbeCli | 'help' {
  const f = parseFlags(
    argv,
    ['checkpoint', 'samples', 'k', 'tol', 'max-iter', 'trace-samples', 'rays', 'directions', 't-min', 't-max', 'points', 'solution'],
    ['power', 'hessian-l2', 'eigen-ray', 'time', 'layers', 'json', 'help'],
  );
  if (f.flags.has('help')) return 'help';
  const file = f.values.get('checkpoint');
  if (!file) throw new UsageError('--checkpoint FILE is required');
  const kind = f.values.get('directions') ?? DEFAULT_ANALYSIS.rays.kind;
  if (kind !== 'unit' && kind !== 'filter') throw new UsageError(`--directions must be unit or filter, got "${kind}"`);
  const solution = f.values.get('solution') ?? null;
  if (solution !== null && !['final', 'swa', 'both'].includes(solution))
    throw new UsageError(`--solution must be final, swa or both, got "${solution}"`);
  const int = (name: string, fallback: number, min: number) => {
    const v = f.number(name, fallback);
    if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${v}`);
    return v;
  };
  const d = DEFAULT_ANALYSIS;
  return {
    file,
    samples: int('samples', 2048, 16),
    solution: solution as ProbeCli['solution'],
    time: f.flags.has('time'),
    layers: f.flags.has('layers'),
    json: f.flags.has('json'),
    options: {
      ...d,
      l2: 0,
      k: int('k', d.k, 1),
      tol: f.number('tol', d.tol),
      maxIter: int('max-iter', d.maxIter, 1),
      power: f.flags.has('power'),
      traceSamples: int('trace-samples', d.traceSamples, 2),
      hessianL2: f.flags.has('hessian-l2'),
      rays: {
        ...d.rays,
        count: int('rays', d.rays.count, 1),
        kind,
        tMin: f.number('t-min', d.rays.tMin),
        tMax: f.number('t-max', d.rays.tMax),
        points: int('points', d.rays.points, 2),
        alongEigenvector: f.flags.has('eigen-ray'),
      },
    },
  };
}

/** Products after which an estimate history stays within 1 % of `reference`. */
function productsToOnePercent(history: number[], reference: number): number | null {
  for (let i = 0; i < history.length; i++) {
    if (history.slice(i).every((h) => Math.abs(h - reference) <= 0.01 * Math.abs(reference))) return i + 1;
  }
  return null;
}

const fmt = (x: number | null, digits = 4) => (x === null ? 'non-finite' : x.toPrecision(digits));

function report(name: string, a: SolutionAnalysis, samples: number, l2: number): string {
  const lines = [
    `${name}: Hessian of the mean training cross-entropy on ${samples} training samples (${a.hessianL2 ? `with` : 'without'} the L2 term${a.hessianL2 ? ` 2λI, λ = ${l2}` : ''})`,
    `  λ1…λ${a.eigen.values.length} (Lanczos): ${a.eigen.values.map((v) => fmt(v)).join('  ')}`,
    `    residual bounds: ${a.eigen.residuals.map((r) => r.toExponential(1)).join('  ')}; ${a.eigen.hvps} Hessian-vector products, ${a.eigen.seconds.toFixed(1)} s${a.eigen.converged ? '' : ' (not converged)'}`,
    `  λ_max/λ${a.eigen.values.length}: ${fmt(a.ratio, 3)}`,
  ];
  if (a.power) {
    const ref = a.eigen.values[0]!;
    lines.push(
      `  power iteration: ${a.power.values.map((v) => fmt(v)).join('  ')}; ${a.power.hvps} products, ${a.power.seconds.toFixed(1)} s${a.power.converged ? '' : ' (not converged)'}`,
      `  products to λ_max within 1 %: Lanczos ${productsToOnePercent(a.eigen.history, ref) ?? '—'}, power iteration ${productsToOnePercent(a.power.history, ref) ?? 'not reached'}`,
    );
  }
  lines.push(`  trace (Hutchinson): ${fmt(a.trace.trace)} ± ${fmt(a.trace.se, 2)} (${a.trace.hvps} products)`);
  const r = a.rays;
  lines.push(
    `  random rays (${r.curves.length} directions; train loss = CE + λ‖w‖² on the same samples, λ = ${l2}; ${r.seconds.toFixed(1)} s):`,
  );
  lines.push('        t   train loss (mean, min–max)        test error (mean)');
  r.t.forEach((t, i) => {
    const losses = r.curves.map((c) => c[i]!.trainLoss).filter((x): x is number => x !== null);
    const errors = r.curves.map((c) => c[i]!.testError).filter((x): x is number => x !== null);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
    const range = losses.length ? `${fmt(Math.min(...losses))}–${fmt(Math.max(...losses))}` : '';
    lines.push(`  ${t.toFixed(2).padStart(7)}   ${fmt(mean(losses)).padStart(10)} (${range})`.padEnd(48) + `${fmt(mean(errors), 3)}`);
  });
  if (r.nonFinite) lines.push(`  ${r.nonFinite} ray points had non-finite values`);
  return lines.join('\n');
}

/** The per-layer table: each layer's parameters and λ_max of its block, with the whole Hessian's λ_max for scale. */
function layerReport(layers: readonly BlockSharpness[], whole: number): string {
  const lines = [
    `  per-layer sharpness: λ_max of each layer's block H_BB (curvature along that layer's parameters alone; the whole Hessian's λ_max = ${fmt(whole)} bounds each from above):`,
    '    layer      parameters   λ_max(H_BB)   / λ_max(H)   residual   products',
  ];
  for (const l of layers) {
    const top = l.values[0]!;
    lines.push(
      `    ${l.layer.name.padEnd(9)}  ${String(l.layer.size).padStart(10)}   ${fmt(top).padStart(11)}   ${fmt(top / whole, 3).padStart(10)}   ${l.residuals[0]!.toExponential(1).padStart(8)}   ${String(l.hvps).padStart(8)}${l.converged ? '' : ' (not converged)'}`,
    );
  }
  return lines.join('\n');
}

async function timeProducts(ckpt: Checkpoint, w: Weights, set: ImageSet): Promise<string> {
  const H = new HessianOperator(ckpt.config.model, w, set);
  const v = gaussianVector(H.size, createRng(1));
  const median = async (f: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await f();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[1]!;
  };
  await H.apply(v);
  const g = await median(() => H.gradient());
  const h = await median(() => H.apply(v));
  H.dispose();
  return `one gradient ${g.toFixed(0)} ms, one Hessian-vector product ${h.toFixed(0)} ms on ${set.count} samples: HVP/gradient = ${(h / g).toFixed(2)} (${tf.getBackend()} backend)`;
}

async function main(): Promise<number> {
  const cli = parseCommandLine(parse, USAGE);
  if (typeof cli === 'number') return cli;
  await useNodeCpuBackend();
  const ckpt = await readCheckpoint(cli.file);
  const { train, test } = probeSubsets(await loadDatasetFromDisk(ckpt.config.dataset), ckpt.config, cli.samples);
  const options = { ...cli.options, l2: ckpt.config.sgd.weightDecay };
  const which = cli.solution ?? (ckpt.swa ? 'both' : 'final');
  if (which !== 'final' && !ckpt.swa) throw new Error(`${cli.file} has no w_SWA (it is a ${ckpt.method} run)`);
  const solutions: [string, Weights][] = [];
  if (which !== 'swa') solutions.push([`${ckpt.method} final weights`, weightsFromArrays(ckpt.config, ckpt.weights)]);
  if (which !== 'final') solutions.push([`w_SWA (${ckpt.swa!.models} models)`, weightsFromArrays(ckpt.config, ckpt.swa!)]);
  const results: Record<string, SolutionAnalysis & { timing?: string; layers?: BlockSharpness[] }> = {};
  for (const [name, w] of solutions) {
    let last = 0;
    const tell = (stage: string, done: number, total: number) => {
      if (cli.json || performance.now() - last < 250) return;
      last = performance.now();
      process.stderr.write(`\r${name}: ${stage} ${done}/${total}        `);
    };
    const analysis = await analyzeSolution(ckpt.config.model, w, { train, test }, { ...options, onProgress: tell });
    const timing = cli.time ? await timeProducts(ckpt, w, train) : undefined;
    const layers = cli.layers
      ? await layerSharpness(
          ckpt.config.model,
          w,
          { train },
          {
            tol: options.tol,
            maxIter: options.maxIter,
            seed: options.seed,
            chunk: options.chunk,
            l2: options.hessianL2 ? options.l2 : 0,
            onProgress: (layer, done, total) => tell(`layer ${layer}`, done, total),
          },
        )
      : undefined;
    results[name] = { ...analysis, timing, layers };
    if (!cli.json) {
      const table = layers ? `${layerReport(layers, analysis.eigen.values[0]!)}\n` : '';
      process.stdout.write(`\r${report(name, analysis, train.count, options.l2)}\n${table}${timing ? `  ${timing}\n` : ''}\n`);
    }
    tf.dispose([...w.params, ...w.state]);
  }
  if (cli.json) {
    const plain = JSON.stringify(
      results,
      (k, v: unknown) => (k === 'vectors' ? undefined : v instanceof Float64Array ? Array.from(v) : v),
      2,
    );
    process.stdout.write(`${plain}\n`);
  }
  return 0;
}

runCommand(main);
