import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src/core/checkpoint';

const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 120_000 });

const TINY_SWA = ['--optimizer', 'swa', '--train-size', '128', '--test-size', '50', '--epochs', '2', '--batch-size', '32', '--c', '2'];

describe('npm run trajectory', () => {
  it('draws a saved SWA run’s path on the plane of its first two principal directions', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wol-trajectory-')), 'run.json');
    const train = run('src/cli/train.ts', [...TINY_SWA, '--path-every', '1', '--path-max', '16', '--quiet', '--save', file]);
    expect(train.status).toBe(0);
    // 8 steps, SWA from step 6 (75 % of the budget), c = 2: one snapshot, after step 8.
    const ckpt = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    expect(ckpt.path!.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ckpt.path!.snapshotSteps).toEqual([8]);
    expect(ckpt.path!.iterates[8]).toEqual(ckpt.weights.params.flat());

    const out = run('src/cli/trajectory.ts', ['--checkpoint', file, '--points', '3', '--samples', '32', '--json']);
    expect(out.status).toBe(0);
    // What the command prints (the fields read here).
    type Point = { x: number; y: number; offPlane: number };
    type Printed = {
      explained: [number, number];
      steps: number[];
      points: Point[];
      snapshots: (Point & { step: number })[];
      swa: Point | null;
      grid: { a: number[]; b: number[]; trainLoss: (number | null)[][]; samples: number };
    };
    const r = JSON.parse(out.stdout) as Printed;
    const [e1, e2] = r.explained;
    expect(e1).toBeGreaterThanOrEqual(e2);
    expect(e2).toBeGreaterThan(0);
    expect(e1 + e2).toBeLessThanOrEqual(1 + 1e-12);
    expect(r.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // The final weights are the origin; the path starts on the positive side of both directions.
    expect(r.points[8]).toEqual({ x: 0, y: 0, offPlane: 0 });
    expect(r.points[0]!.x).toBeGreaterThan(0);
    expect(r.snapshots.map((s) => s.step)).toEqual([8]);
    expect(r.swa).not.toBeNull();
    // A 3×3 grid that frames the path.
    expect(r.grid.a.length).toBe(3);
    expect(r.grid.b.length).toBe(3);
    const xs = r.points.map((p) => p.x);
    expect(r.grid.a[0]).toBeLessThan(Math.min(...xs));
    expect(r.grid.a[2]).toBeGreaterThan(Math.max(...xs));
    expect(r.grid.trainLoss.flat().every((v) => v !== null && v > 0)).toBe(true);
    expect(r.grid.samples).toBe(32);

    const table = run('src/cli/trajectory.ts', ['--checkpoint', file, '--points', '2', '--samples', '16']);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('explained variance: PC1');
    expect(table.stdout).toContain('dimensional path');
  });

  it('exits with code 2 on bad flags and 1 on a checkpoint without a path', () => {
    const r = run('src/cli/trajectory.ts', ['--points', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--checkpoint FILE is required');
    const points = run('src/cli/trajectory.ts', ['--checkpoint', 'x.json', '--points', '50']);
    expect(points.status).toBe(2);
    expect(points.stderr).toContain('--points must be an integer in [2, 41], got 50');
    const noSave = run('src/cli/train.ts', [...TINY_SWA, '--path-every', '2']);
    expect(noSave.status).toBe(2);
    expect(noSave.stderr).toContain('--path-every needs --save FILE');
    const badMax = run('src/cli/train.ts', [...TINY_SWA, '--path-every', '2', '--path-max', '2', '--save', 'x.json']);
    expect(badMax.status).toBe(2);
    expect(badMax.stderr).toContain('path.max must be ≥ 3, got 2');

    const file = join(mkdtempSync(join(tmpdir(), 'wol-trajectory-')), 'run.json');
    expect(run('src/cli/train.ts', [...TINY_SWA, '--epochs', '1', '--quiet', '--save', file]).status).toBe(0);
    const none = run('src/cli/trajectory.ts', ['--checkpoint', file]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`${file} has no recorded path: train with --path-every N --save FILE`);
  });
});
