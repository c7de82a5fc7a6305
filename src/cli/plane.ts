/**
 * The SWA paper's Figure 1 from the terminal: the loss on the plane through
 * three saved solutions.
 *
 *   npm run train -- --optimizer swa --save swa.json
 *   npm run train -- --optimizer sam --save sam.json
 *   npm run plane -- --point swa.json --point swa.json:swa --point sam.json --points 15
 *
 * The plane is p₀ + a·u + b·v with an orthonormal basis (u along p₁ − p₀);
 * each --mark is placed at its orthogonal projection, with its distance from
 * the plane. Prints the three points' coordinates and own values, the marks,
 * and where the grid's lowest train loss and test error lie; `--json` prints
 * all of it with the whole grid. The data are the first point's run's: its
 * training subset (the first --samples of it) and test subset, and its λ in
 * the train loss L(w) + λ‖w‖². Exit codes: 0 done, 1 error, 2 bad flags.
 */
import * as tf from '@tensorflow/tfjs';
import { type Checkpoint, type WeightArrays, weightsFromArrays } from '../core/checkpoint';
import type { PointValue } from '../core/probes/landscape';
import { type GridMinimum, type PlaneProjection, gridMinimum, planeGrid, planeProbe, planeThrough } from '../core/probes/plane';
import { useNodeCpuBackend } from '../node/backend';
import { loadDatasetFromDisk, readCheckpoint } from '../node/files';
import { UsageError, parseFlags } from './flags';
import { probeSubsets } from './probe-data';
import { parseCommandLine, runCommand } from './run';

const USAGE = `usage: npm run plane -- --point FILE[:final|swa] --point … --point … [options]

  --point FILE[:final|swa]   a checkpoint written by npm run train -- --save FILE, three times: p₀, p₁, p₂
                             (:swa picks its w_SWA, :final or nothing its final weights)
  --mark FILE[:final|swa]    a further solution to place on the plane (repeatable)
  --points N          grid nodes per side, 2 to 41 (default 21)
  --margin X          grid reach beyond the points' bounding box, as a fraction of its longer side (default 0.25)
  --samples N         training samples of the train loss (default 2048; at most the run's training subset)
  --test-samples N    test samples of the test error (default and at most: the run's test subset)
  --json              print JSON, with the whole grid, instead of text
  --help`;

/** A solution named on the command line: a checkpoint file and which of its weights. */
interface SolutionRef {
  name: string;
  file: string;
  which: 'final' | 'swa';
}

interface PlaneCli {
  points: SolutionRef[];
  marks: SolutionRef[];
  gridPoints: number;
  margin: number;
  samples: number;
  testSamples: number | null;
  json: boolean;
}

/** Pulls every `--name V` / `--name=V` out of argv (parseFlags keeps only the last of a repeated flag). */
function takeRepeated(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.push(value);
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
    else rest.push(arg);
  }
  return { values, rest };
}

/** FILE, FILE:final or FILE:swa. */
function solutionRef(value: string): SolutionRef {
  const colon = value.lastIndexOf(':');
  const suffix = colon < 0 ? '' : value.slice(colon + 1);
  if (suffix === 'final' || suffix === 'swa') return { name: value, file: value.slice(0, colon), which: suffix };
  return { name: value, file: value, which: 'final' };
}

function parse(argv: readonly string[]): PlaneCli | 'help' {
  const points = takeRepeated(argv, 'point');
  const marks = takeRepeated(points.rest, 'mark');
  const f = parseFlags(marks.rest, ['points', 'margin', 'samples', 'test-samples'], ['json', 'help']);
  if (f.flags.has('help')) return 'help';
  if (points.values.length !== 3) throw new UsageError(`--point must be given exactly 3 times, got ${points.values.length}`);
  const int = (name: string, fallback: number, min: number, max = Infinity) => {
    const v = f.number(name, fallback);
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${v}`);
    return v;
  };
  const margin = f.number('margin', 0.25);
  if (margin < 0 || margin > 4) throw new UsageError(`--margin must be in [0, 4], got ${margin}`);
  return {
    points: points.values.map(solutionRef),
    marks: marks.values.map(solutionRef),
    gridPoints: int('points', 21, 2, 41),
    margin,
    samples: int('samples', 2048, 16),
    testSamples: f.values.has('test-samples') ? int('test-samples', 0, 1) : null,
    json: f.flags.has('json'),
  };
}

/** The referenced weights of each solution, reading every file once; all must share the first's model and dataset. */
async function loadSolutions(refs: readonly SolutionRef[]): Promise<{ ckpt: Checkpoint; arrays: WeightArrays }[]> {
  const files = new Map<string, Checkpoint>();
  const out: { ckpt: Checkpoint; arrays: WeightArrays }[] = [];
  for (const ref of refs) {
    if (!files.has(ref.file)) files.set(ref.file, await readCheckpoint(ref.file));
    const ckpt = files.get(ref.file)!;
    if (ref.which === 'swa' && !ckpt.swa) throw new Error(`${ref.file} has no w_SWA (it is a ${ckpt.method} run)`);
    const first = out[0]?.ckpt ?? ckpt;
    if (JSON.stringify(ckpt.config.model) !== JSON.stringify(first.config.model))
      throw new Error(`${ref.name} has another model than ${refs[0]!.name}: no common weight space`);
    if (ckpt.config.dataset !== first.config.dataset)
      throw new Error(`${ref.name} was trained on ${ckpt.config.dataset}, ${refs[0]!.name} on ${first.config.dataset}`);
    out.push({ ckpt, arrays: ref.which === 'swa' ? ckpt.swa! : ckpt.weights });
  }
  return out;
}

const flat = (w: WeightArrays) => Float32Array.from(w.params.flat());
const fmt = (x: number | null, digits = 4) => (x === null ? 'non-finite' : x.toPrecision(digits));
const at = (c: { a: number; b: number }) => `(a, b) = (${fmt(c.a)}, ${fmt(c.b)})`;
const minimum = (what: string, m: GridMinimum | null, digits: number) =>
  `  lowest ${what} on the grid: ${m ? `${fmt(m.value, digits)} at ${at(m)}` : 'none finite'}`;

interface Named<T> {
  name: string;
  value: T;
}

function report(
  points: Named<{ a: number; b: number } & PointValue>[],
  marks: Named<PlaneProjection>[],
  grid: { a: number[]; b: number[]; nonFinite: number },
  lowest: { trainLoss: GridMinimum | null; testError: GridMinimum | null },
  data: { samples: number; testSamples: number; l2: number; size: number },
): string {
  const d1 = points[1]!.value.a;
  const step = grid.a[1]! - grid.a[0]!;
  const lines = [
    `plane p₀ + a·u + b·v through 3 solutions (${data.size} parameters, orthonormal u, v; u along p₁ − p₀)`,
    `  train loss = CE + λ‖w‖² on ${data.samples} training samples (λ = ${data.l2}), test error on ${data.testSamples} test samples`,
    ...points.map(
      (p, i) =>
        `  p${'₀₁₂'[i]} ${p.name}: ${at(p.value)}  train loss ${fmt(p.value.trainLoss)}  train error ${fmt(p.value.trainError, 3)}  test error ${fmt(p.value.testError, 3)}`,
    ),
    ...marks.map(
      (m) =>
        `  mark ${m.name}: projection at ${at(m.value)}, distance from the plane ${fmt(m.value.distance)} (${fmt(m.value.distance / d1, 3)} × ‖p₁ − p₀‖)`,
    ),
    `  grid ${grid.a.length}×${grid.b.length}: a ∈ [${fmt(grid.a[0]!)}, ${fmt(grid.a.at(-1)!)}], b ∈ [${fmt(grid.b[0]!)}, ${fmt(grid.b.at(-1)!)}], step ${fmt(step)} on both axes`,
    minimum('train loss', lowest.trainLoss, 4),
    minimum('test error', lowest.testError, 3),
  ];
  if (grid.nonFinite) lines.push(`  ${grid.nonFinite} grid points had non-finite values`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const cli = parseCommandLine(parse, USAGE);
  if (typeof cli === 'number') return cli;
  await useNodeCpuBackend();
  const solutions = await loadSolutions([...cli.points, ...cli.marks]);
  const plane = planeThrough(solutions.slice(0, 3).map((s) => flat(s.arrays)));
  const marks = solutions.slice(3).map((s, i) => ({ name: cli.marks[i]!.name, value: plane.project(flat(s.arrays)) }));
  const { a, b } = planeGrid([...plane.coords, ...marks.map((m) => m.value)], cli.gridPoints, cli.margin);
  const config = solutions[0]!.ckpt.config;
  const testSamples = Math.min(cli.testSamples ?? config.testSize, config.testSize);
  const { train, test } = probeSubsets(await loadDatasetFromDisk(config.dataset), config, cli.samples, testSamples);
  const l2 = config.sgd.weightDecay;
  const origin = weightsFromArrays(config, solutions[0]!.arrays);
  let last = 0;
  try {
    const res = await planeProbe(
      config.model,
      origin,
      plane,
      a,
      b,
      { train, test },
      {
        l2,
        onProgress: (done, total) => {
          if (cli.json || performance.now() - last < 250) return;
          last = performance.now();
          process.stderr.write(`\rplane: ${done}/${total}        `);
        },
      },
    );
    const points = res.points.map((v, i) => ({ name: cli.points[i]!.name, value: { ...plane.coords[i]!, ...v } }));
    const lowest = { trainLoss: gridMinimum(res.trainLoss, a, b), testError: gridMinimum(res.testError ?? [], a, b) };
    const info = { samples: train.count, testSamples: test.count, l2, size: plane.u.length };
    if (cli.json) {
      const grid = { a, b, trainLoss: res.trainLoss, testError: res.testError, nonFinite: res.nonFinite };
      process.stdout.write(`${JSON.stringify({ ...info, points, marks, lowest, grid }, null, 2)}\n`);
    } else process.stdout.write(`\r${report(points, marks, res, lowest, info)}\n`);
  } finally {
    tf.dispose([...origin.params, ...origin.state]);
  }
  return 0;
}

runCommand(main);
