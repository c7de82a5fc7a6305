/**
 * A run's path on the loss landscape (Li et al. 2018), from the terminal:
 *
 *   npm run train -- --optimizer swa --epochs 3 --path-every 10 --save run.json
 *   npm run trajectory -- --checkpoint run.json --points 15
 *
 * Prints the explained-variance ratios of the path's first two principal
 * directions (how much of the path the plane shows), every recorded iterate's
 * coordinates on that plane and its distance from it, the SWA snapshots and
 * w_SWA on the same plane, and the L2-regularised train loss on a grid of the
 * plane around the final weights; `--json` prints everything as JSON instead.
 * Exit codes: 0 done, 1 error, 2 bad flags.
 */
import * as tf from '@tensorflow/tfjs';
import { type Checkpoint, pathFromArrays, weightsFromArrays } from '../core/checkpoint';
import { countParams } from '../core/models/spec';
import { surface } from '../core/probes/landscape';
import { type PlanePoint, type TrajectoryPlane, pathGrid, projectOntoPlane, trajectoryPlane } from '../core/probes/trajectory';
import { useNodeCpuBackend } from '../node/backend';
import { loadDatasetFromDisk, readCheckpoint } from '../node/files';
import { UsageError, parseFlags } from './flags';
import { probeSubsets } from './probe-data';
import { parseCommandLine, runCommand } from './run';

const DEFAULTS = { points: 15, samples: 1024, margin: 0.2 };

const USAGE = `usage: npm run trajectory -- --checkpoint FILE [options]

  --checkpoint FILE   a checkpoint written by npm run train -- --path-every N --save FILE
  --points N          grid points along each axis of the plane (default ${DEFAULTS.points}, at most 41)
  --samples N         training samples of the grid's train loss (default ${DEFAULTS.samples})
  --margin X          the grid extends this fraction of the path's extent beyond it on each side (default ${DEFAULTS.margin})
  --json              print JSON instead of tables
  --help`;

interface TrajectoryCli {
  file: string;
  points: number;
  samples: number;
  margin: number;
  json: boolean;
}

function parse(argv: readonly string[]): TrajectoryCli | 'help' {
  const f = parseFlags(argv, ['checkpoint', 'points', 'samples', 'margin'], ['json', 'help']);
  if (f.flags.has('help')) return 'help';
  const file = f.values.get('checkpoint');
  if (!file) throw new UsageError('--checkpoint FILE is required');
  const int = (name: string, fallback: number, min: number, max: number) => {
    const v = f.number(name, fallback);
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${v}`);
    return v;
  };
  const margin = f.number('margin', DEFAULTS.margin);
  if (margin < 0) throw new UsageError(`--margin must be ≥ 0, got ${margin}`);
  return {
    file,
    points: int('points', DEFAULTS.points, 2, 41),
    samples: int('samples', DEFAULTS.samples, 16, 60000),
    margin,
    json: f.flags.has('json'),
  };
}

/** A stored parameter list as one flat float32 vector. */
const flat = (params: number[][]) => Float32Array.from(params.flat());

/** What the command prints (the JSON output; the tables show the same). */
interface TrajectoryReport {
  method: string;
  /** P: the dimension of the space the path lives in. */
  parameters: number;
  /** Steps between kept iterates when the run ended. */
  every: number;
  explained: [number, number];
  steps: number[];
  points: PlanePoint[];
  snapshots: (PlanePoint & { step: number })[];
  swa: PlanePoint | null;
  grid: { a: number[]; b: number[]; trainLoss: (number | null)[][]; samples: number; l2: number; nonFinite: number };
}

/** The plane of the stored path, the snapshots and w_SWA on it, and the train loss on its grid. */
async function analyse(ckpt: Checkpoint, cli: TrajectoryCli, progress: (done: number, total: number) => void): Promise<TrajectoryReport> {
  if (!ckpt.path) throw new Error(`${cli.file} has no recorded path: train with --path-every N --save FILE`);
  const path = pathFromArrays(ckpt.path);
  const final = flat(ckpt.weights.params);
  const plane: TrajectoryPlane = trajectoryPlane(path.iterates, final);
  const { a, b } = pathGrid(plane.points, cli.points, cli.margin);
  const { train, test } = probeSubsets(await loadDatasetFromDisk(ckpt.config.dataset), ckpt.config, cli.samples);
  const l2 = ckpt.config.sgd.weightDecay;
  const w = weightsFromArrays(ckpt.config, ckpt.weights);
  try {
    const [d1, d2] = plane.directions;
    const grid = await surface(ckpt.config.model, w, d1, d2, a, b, { train, test }, { l2, includeTest: false, onProgress: progress });
    return {
      method: ckpt.method,
      parameters: countParams(ckpt.config.model),
      every: path.every,
      explained: plane.explained,
      steps: path.steps,
      points: plane.points,
      snapshots: path.snapshots.map((s, i) => ({ step: path.snapshotSteps[i]!, ...projectOntoPlane(plane, s) })),
      swa: ckpt.swa ? projectOntoPlane(plane, flat(ckpt.swa.params)) : null,
      grid: { a, b, trainLoss: grid.trainLoss, samples: train.count, l2, nonFinite: grid.nonFinite },
    };
  } finally {
    tf.dispose([...w.params, ...w.state]);
  }
}

const fmt = (x: number | null, digits = 4) => (x === null ? 'non-finite' : x.toPrecision(digits));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const row = (label: string, p: PlanePoint) =>
  `  ${label.padStart(10)} ${fmt(p.x).padStart(11)} ${fmt(p.y).padStart(11)} ${fmt(p.offPlane).padStart(11)}`;

function report(r: TrajectoryReport): string {
  const [e1, e2] = r.explained;
  const lines = [
    `${r.method} run: ${r.steps.length} iterates (steps ${r.steps[0]}…${r.steps[r.steps.length - 1]}, every ${r.every} at the end) on the plane of their first two principal directions, origin = the final weights (Li et al. 2018)`,
    `  explained variance: PC1 ${pct(e1)}, PC2 ${pct(e2)} (together ${pct(e1 + e2)} of the path's spread) — a 2-D view of a ${r.parameters}-dimensional path`,
    '        step           x           y   off-plane',
    ...r.points.map((p, i) => row(String(r.steps[i]), p)),
  ];
  if (r.snapshots.length > 0) {
    lines.push(`  SWA snapshots (${r.snapshots.length} kept), by the step after which each was averaged:`);
    lines.push(...r.snapshots.map((s) => row(String(s.step), s)));
  }
  if (r.swa) lines.push(row('w_SWA', r.swa));
  const g = r.grid;
  lines.push(
    `  train loss (cross-entropy + λ‖w‖², λ = ${g.l2}, on ${g.samples} training samples) at w_final + a·d₁ + b·d₂, rows b, columns a:`,
    `  ${'b \\ a'.padStart(10)} ${g.a.map((x) => fmt(x, 3).padStart(10)).join('')}`,
    ...g.b.map((y, j) => `  ${fmt(y, 3).padStart(10)} ${g.trainLoss[j]!.map((v) => fmt(v).padStart(10)).join('')}`),
  );
  if (g.nonFinite) lines.push(`  ${g.nonFinite} grid points had non-finite values`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const cli = parseCommandLine(parse, USAGE);
  if (typeof cli === 'number') return cli;
  await useNodeCpuBackend();
  const ckpt = await readCheckpoint(cli.file);
  let last = 0;
  const r = await analyse(ckpt, cli, (done, total) => {
    if (cli.json || performance.now() - last < 250) return;
    last = performance.now();
    process.stderr.write(`\rsurface ${done}/${total}        `);
  });
  process.stdout.write(cli.json ? `${JSON.stringify(r, null, 2)}\n` : `\r${report(r)}\n`);
  return 0;
}

runCommand(main);
