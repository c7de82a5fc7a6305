/**
 * Sharpness is not reparametrisation-invariant (Dinh et al., 2017), from the
 * terminal:
 *
 *   npm run train -- --epochs 3 --save run.json
 *   npm run reparam -- --checkpoint run.json --layer conv2 --alpha 10
 *
 * Rescales one ReLU layer pair of a saved solution (the layer's output by α,
 * the next kernel by 1/α: the same function) and prints, before and after,
 * test accuracy, the data loss and L + λ‖w‖², λ_max and the trace of the
 * data-loss Hessian, the adaptive λ_max(THT) with T = diag(|w|), and the
 * filter-normalised ray widths, with the ratios after/before; `--json`
 * prints the whole report as JSON instead. Exit codes: 0 done, 1 error,
 * 2 bad flags.
 */
import {
  DEFAULT_REPARAM,
  type ReparamOptions,
  type ReparamReport,
  reparamReport,
  rescalableLayers,
  rescalePlan,
} from '../core/probes/reparam';
import { useNodeCpuBackend } from '../node/backend';
import { loadDatasetFromDisk, readCheckpoint } from '../node/files';
import { WIDTH_DELTA } from '../ui/history';
import { UsageError, parseFlags } from './flags';
import { probeSubsets } from './probe-data';
import { parseCommandLine, runCommand } from './run';

const d = DEFAULT_REPARAM;
const USAGE = `usage: npm run reparam -- --checkpoint FILE --layer L --alpha A [options]

  --checkpoint FILE   a checkpoint written by npm run train -- --save FILE (a ReLU model)
  --solution final|swa   which weights (default final)
  --layer L           the layer to rescale: its name (conv1, conv2, …, then dense1, …) or its index in that list (0 = conv1)
  --alpha A           α > 0: the layer's kernel and bias (with BatchNorm its γ and β) × α, the next kernel × 1/α
  --samples N         training samples defining the Hessian and the rays' loss (default 2048)
  --k N               top eigenvalues of H and of THT (default ${d.k})
  --tol X             Lanczos relative residual tolerance (default ${d.tol})
  --max-iter N        most Hessian-vector products per eigen-solve (default ${d.maxIter})
  --trace-samples N   Hutchinson samples (default ${d.traceSamples})
  --rays N            filter-normalised directions (default ${d.rays.count})
  --t-max X --points N   ray grid on [0, t-max] (defaults ${d.rays.tMax}, ${d.rays.points})
  --delta X           data-loss rise that ends the basin along a ray (default ${WIDTH_DELTA}, the lab's)
  --json              print JSON instead of a table
  --help`;

interface ReparamCli {
  file: string;
  solution: 'final' | 'swa';
  layer: string;
  alpha: number;
  samples: number;
  options: Omit<ReparamOptions, 'l2'>;
  json: boolean;
}

function parse(argv: readonly string[]): ReparamCli | 'help' {
  const f = parseFlags(
    argv,
    ['checkpoint', 'solution', 'layer', 'alpha', 'samples', 'k', 'tol', 'max-iter', 'trace-samples', 'rays', 't-max', 'points', 'delta'],
    ['json', 'help'],
  );
  if (f.flags.has('help')) return 'help';
  const file = f.values.get('checkpoint');
  if (!file) throw new UsageError('--checkpoint FILE is required');
  const layer = f.values.get('layer');
  if (!layer) throw new UsageError('--layer L is required');
  if (!f.values.has('alpha')) throw new UsageError('--alpha A is required');
  const solution = f.values.get('solution') ?? 'final';
  if (solution !== 'final' && solution !== 'swa') throw new UsageError(`--solution must be final or swa, got "${solution}"`);
  const positive = (name: string, fallback: number) => {
    const v = f.number(name, fallback);
    if (!(v > 0)) throw new UsageError(`--${name} must be > 0, got ${v}`);
    return v;
  };
  const int = (name: string, fallback: number, min: number) => {
    const v = f.number(name, fallback);
    if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${v}`);
    return v;
  };
  return {
    file,
    solution,
    layer,
    alpha: positive('alpha', Number.NaN),
    samples: int('samples', 2048, 16),
    json: f.flags.has('json'),
    options: {
      ...d,
      k: int('k', d.k, 1),
      tol: positive('tol', d.tol),
      maxIter: int('max-iter', d.maxIter, 1),
      traceSamples: int('trace-samples', d.traceSamples, 2),
      rays: {
        ...d.rays,
        count: int('rays', d.rays.count, 1),
        tMax: positive('t-max', d.rays.tMax),
        points: int('points', d.rays.points, 2),
      },
      widthDelta: positive('delta', WIDTH_DELTA),
    },
  };
}

/** The index of `layer` (a name from `layers` or an index into it); an unknown name is an error naming it. */
function layerIndex(layer: string, layers: readonly string[]): number {
  const named = layers.indexOf(layer);
  if (named >= 0) return named;
  const index = Number(layer);
  if (layer.trim() === '' || !Number.isFinite(index))
    throw new Error(`--layer must be one of ${layers.join(', ')} or an index into that list, got "${layer}"`);
  return index;
}

const fmt = (x: number) => x.toPrecision(4);

function table(r: ReparamReport, samples: number, l2: number, delta: number): string {
  const { before: b, after: a } = r;
  const rows: [string, number, number][] = [
    ['test accuracy', b.testAccuracy, a.testAccuracy],
    ['data loss L', b.dataLoss, a.dataLoss],
    [`L + λ‖w‖² (λ = ${l2})`, b.regularizedLoss, a.regularizedLoss],
    ...b.eigen.values.map((v, i): [string, number, number] => [i === 0 ? 'λ_max of H' : `λ${i + 1} of H`, v, a.eigen.values[i]!]),
    ['trace of H (Hutchinson)', b.trace.trace, a.trace.trace],
    ...b.adaptive.values.map((v, i): [string, number, number] => [
      i === 0 ? 'λ_max of THT, T = diag|w|' : `λ${i + 1} of THT`,
      v,
      a.adaptive.values[i]!,
    ]),
    [`ray width (mean of ${b.width.perRay.length})`, b.width.mean, a.width.mean],
  ];
  const censored = b.width.censored + a.width.censored;
  return [
    `${r.plan.layer} rescaled by α = ${r.alpha}: ${r.plan.up.join(', ')} × α, ${r.plan.down} × 1/α (the same function)`,
    `Hessian H of the mean training cross-entropy on ${samples} training samples; filter-normalised rays of that loss, width where it has risen by Δ = ${delta}`,
    '',
    `${''.padEnd(30)}${'before'.padStart(12)}${'after'.padStart(12)}${'after/before'.padStart(14)}`,
    ...rows.map(([name, x, y]) => `${name.padEnd(30)}${fmt(x).padStart(12)}${fmt(y).padStart(12)}${fmt(y / x).padStart(14)}`),
    ...(censored ? [`  ${censored} rays stayed below Δ up to t = ${b.rays.t[b.rays.t.length - 1]} (counted at the grid's end)`] : []),
    '',
    'Unchanged by the rescaling: accuracy, L, λ_max(THT) and the widths. Changed: λ_max, the trace and L + λ‖w‖² —',
    'for one and the same function, so these cannot by themselves tell a wide optimum from a narrow one.',
  ].join('\n');
}

async function main(): Promise<number> {
  const cli = parseCommandLine(parse, USAGE);
  if (typeof cli === 'number') return cli;
  await useNodeCpuBackend();
  const ckpt = await readCheckpoint(cli.file);
  const spec = ckpt.config.model;
  const weights = cli.solution === 'swa' ? ckpt.swa : ckpt.weights;
  if (!weights) throw new Error(`${cli.file} has no w_SWA (it is a ${ckpt.method} run)`);
  const layer = layerIndex(cli.layer, rescalableLayers(spec));
  // Refuse a layer, α or activation that would not keep the function before loading any data.
  rescalePlan(spec, layer, cli.alpha);
  const { train, test } = probeSubsets(await loadDatasetFromDisk(ckpt.config.dataset), ckpt.config, cli.samples);
  const l2 = ckpt.config.sgd.weightDecay;
  let last = 0;
  const report = await reparamReport(
    spec,
    weights,
    layer,
    cli.alpha,
    { train, test },
    {
      ...cli.options,
      l2,
      onProgress: (solution, stage, done, total) => {
        if (cli.json || performance.now() - last < 250) return;
        last = performance.now();
        process.stderr.write(`\r${solution}: ${stage} ${done}/${total}        `);
      },
    },
  );
  if (cli.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`\r${table(report, train.count, l2, cli.options.widthDelta)}\n`);
  return 0;
}

runCommand(main);
