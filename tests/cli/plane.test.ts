import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 120_000 });

const tiny = ['--train-size', '128', '--test-size', '50', '--epochs', '2', '--batch-size', '32', '--quiet'];

/** A checkpoint's weights as one float64 list (its final weights, or w_SWA). */
function weights(file: string, which: 'weights' | 'swa'): number[] {
  const c = JSON.parse(readFileSync(file, 'utf8')) as Record<'weights' | 'swa', { params: number[][] }>;
  return c[which].params.flat();
}

const dot = (x: number[], y: number[]) => x.reduce((s, xi, i) => s + xi * y[i]!, 0);
const sub = (x: number[], y: number[]) => x.map((xi, i) => xi - y[i]!);

/** What `--json` prints (the fields read here). */
interface PlaneJson {
  samples: number;
  testSamples: number;
  points: { name: string; value: { a: number; b: number; trainLoss: number; testError: number } }[];
  marks: { name: string; value: { a: number; b: number; distance: number } }[];
  lowest: { trainLoss: { value: number; a: number; b: number }; testError: { value: number } };
  grid: { a: number[]; b: number[]; trainLoss: number[][]; testError: number[][]; nonFinite: number };
}

describe('npm run plane', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wol-plane-'));
  const [swa, sgd, sam] = ['swa.json', 'sgd.json', 'sam.json'].map((f) => join(dir, f)) as [string, string, string];

  beforeAll(() => {
    for (const [file, flags] of [
      [swa, ['--optimizer', 'swa', '--c', '2']],
      [sgd, ['--optimizer', 'sgd', '--seed', '2']],
      [sam, ['--optimizer', 'sam', '--seed', '3']],
    ] as const) {
      const r = run('src/cli/train.ts', [...flags, ...tiny, '--save', file]);
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('places three solutions and two marks on the plane and probes a square grid around them', () => {
    const r = run('src/cli/plane.ts', [
      `--point=${swa}`,
      '--point',
      `${swa}:swa`,
      '--point',
      `${sgd}:final`,
      '--mark',
      sam,
      '--mark',
      `${swa}:swa`,
      '--points',
      '5',
      '--samples',
      '32',
      '--test-samples',
      '20',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PlaneJson;
    expect([out.samples, out.testSamples]).toEqual([32, 20]);
    // Coordinates from lengths and angles in float64: a₁ = ‖d₁‖, a₂ = ⟨d₂, d₁⟩/‖d₁‖, b₂ = √(‖d₂‖² − a₂²).
    const p0 = weights(swa, 'weights');
    const [d1, d2, d3] = [weights(swa, 'swa'), weights(sgd, 'weights'), weights(sam, 'weights')].map((w) => sub(w, p0)) as [
      number[],
      number[],
      number[],
    ];
    const n1 = Math.sqrt(dot(d1, d1));
    const a2 = dot(d2, d1) / n1;
    const b2 = Math.sqrt(dot(d2, d2) - a2 * a2);
    const expected = [
      [0, 0],
      [n1, 0],
      [a2, b2],
    ];
    expect(out.points.map((p) => p.name)).toEqual([swa, `${swa}:swa`, `${sgd}:final`]);
    out.points.forEach((p, i) => {
      expect(p.value.a).toBeCloseTo(expected[i]![0]!, 6);
      expect(p.value.b).toBeCloseTo(expected[i]![1]!, 6);
      expect(Number.isFinite(p.value.trainLoss)).toBe(true);
      expect(Number.isInteger(p.value.testError * 20)).toBe(true);
    });
    // The SAM solution: its distance from the plane is what ‖d₃‖² keeps after its components along e₁ = d₁/‖d₁‖ and e₂.
    const e2 = sub(
      d2,
      d1.map((x) => (a2 * x) / n1),
    ).map((x) => x / b2);
    const [a3, b3] = [dot(d3, d1) / n1, dot(d3, e2)];
    const [mark, onPlane] = out.marks;
    expect(mark!.value.a).toBeCloseTo(a3, 5);
    expect(mark!.value.b).toBeCloseTo(b3, 5);
    expect(mark!.value.distance).toBeCloseTo(Math.sqrt(dot(d3, d3) - a3 * a3 - b3 * b3), 4);
    // w_SWA is p₁ itself: at p₁'s coordinates, in the plane.
    expect(onPlane!.value.a).toBeCloseTo(n1, 9);
    expect(Math.abs(onPlane!.value.b) + onPlane!.value.distance).toBeLessThan(1e-9);
    // A 5×5 grid, the same step on both axes, covering every point and mark.
    const { grid } = out;
    const steps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);
    [...steps(grid.a), ...steps(grid.b)].forEach((s) => expect(s).toBeCloseTo(steps(grid.a)[0]!, 9));
    for (const c of [...out.points, ...out.marks].map((p) => p.value)) {
      expect(c.a).toBeGreaterThan(grid.a[0]!);
      expect(c.a).toBeLessThan(grid.a[4]!);
      expect(c.b).toBeGreaterThan(grid.b[0]!);
      expect(c.b).toBeLessThan(grid.b[4]!);
    }
    expect(grid.trainLoss.map((row) => row.length)).toEqual([5, 5, 5, 5, 5]);
    expect(grid.testError.length).toBe(5);
    expect(out.lowest.trainLoss.value).toBe(Math.min(...grid.trainLoss.flat()));
    expect(out.lowest.testError.value).toBe(Math.min(...grid.testError.flat()));
  });

  it('prints the points, the marks and the grid’s lowest values as text', () => {
    const r = run('src/cli/plane.ts', [
      '--point',
      sgd,
      '--point',
      sam,
      '--point',
      swa,
      '--mark',
      `${swa}:swa`,
      '--points',
      '2',
      '--samples',
      '16',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('train loss = CE + λ‖w‖² on 16 training samples (λ = 0.0001), test error on 50 test samples');
    expect(r.stdout).toContain(`p₀ ${sgd}: (a, b) = (0.000, 0.000)`);
    expect(r.stdout).toContain(`mark ${swa}:swa: projection at (a, b) = (`);
    expect(r.stdout).toContain('grid 2×2');
    expect(r.stdout).toContain('lowest test error on the grid:');
  });

  it('exits with code 2 on bad flags and 1 on points that span no plane', () => {
    const two = run('src/cli/plane.ts', ['--point', swa, '--point', sgd]);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('--point must be given exactly 3 times, got 2');
    const grid = run('src/cli/plane.ts', ['--point', swa, '--point', sgd, '--point', sam, '--points', '42']);
    expect(grid.status).toBe(2);
    expect(grid.stderr).toContain('--points must be an integer in [2, 41], got 42');
    const same = run('src/cli/plane.ts', ['--point', swa, '--point', sgd, '--point', `${swa}:final`]);
    expect(same.status).toBe(1);
    expect(same.stderr).toContain('p₂ coincides with p₀: ‖p₂ − p₀‖ = 0');
    const noSwa = run('src/cli/plane.ts', ['--point', swa, '--point', sgd, '--point', `${sam}:swa`]);
    expect(noSwa.status).toBe(1);
    expect(noSwa.stderr).toContain(`${sam} has no w_SWA (it is a SAM run)`);
  });
});
