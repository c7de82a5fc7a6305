import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 120_000 });

let saved: string | null = null;

/** A saved SGD run of the default model (conv1, conv2, dense1), trained briefly (once, for both tests). */
function checkpoint(): string {
  if (saved) return saved;
  const file = join(mkdtempSync(join(tmpdir(), 'wol-reparam-')), 'run.json');
  const train = run('src/cli/train.ts', [
    '--train-size',
    '128',
    '--test-size',
    '50',
    '--epochs',
    '2',
    '--batch-size',
    '32',
    '--quiet',
    '--save',
    file,
  ]);
  expect(train.status).toBe(0);
  saved = file;
  return file;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('npm run reparam', () => {
  it('rescales conv2 by α = 10: the same accuracy, loss, λ_max(THT) and widths; λ_max, trace and L + λ‖w‖² moved', () => {
    const file = checkpoint();
    const args = ['--checkpoint', file, '--layer', 'conv2', '--alpha', '10', '--samples', '32', '--max-iter', '12'];
    const small = [...args, '--trace-samples', '3', '--rays', '1', '--points', '5'];
    const out = run('src/cli/reparam.ts', [...small, '--json']);
    expect(out.status).toBe(0);
    // What the command prints (the fields read here).
    type Measures = {
      testAccuracy: number;
      dataLoss: number;
      regularizedLoss: number;
      eigen: { values: number[] };
      trace: { trace: number };
      adaptive: { values: number[] };
      width: { perRay: number[] };
    };
    const r = JSON.parse(out.stdout) as { plan: { up: string[]; down: string }; before: Measures; after: Measures };
    expect(r.plan).toEqual({ layer: 'conv2', up: ['conv2/kernel', 'conv2/bias'], down: 'dense1/kernel' });
    const { before: b, after: a } = r;
    expect(a.testAccuracy).toBe(b.testAccuracy);
    expect(rel(a.dataLoss, b.dataLoss)).toBeLessThan(1e-5);
    expect(rel(a.adaptive.values[0]!, b.adaptive.values[0]!)).toBeLessThan(1e-4);
    expect(rel(a.width.perRay[0]!, b.width.perRay[0]!)).toBeLessThan(1e-4);
    expect(a.regularizedLoss).toBeGreaterThan(b.regularizedLoss);
    expect(a.eigen.values[0]! / b.eigen.values[0]!).toBeGreaterThan(5);
    expect(a.trace.trace / b.trace.trace).toBeGreaterThan(2);
    const table = run('src/cli/reparam.ts', small);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('conv2 rescaled by α = 10: conv2/kernel, conv2/bias × α, dense1/kernel × 1/α (the same function)');
    expect(table.stdout).toMatch(/λ_max of THT, T = diag\|w\| +\S+ +\S+ +1\.000\n/);
  });

  it('exits with code 2 on bad flags and 1 on a layer or solution the checkpoint does not have', () => {
    const missing = run('src/cli/reparam.ts', ['--checkpoint', 'x.json', '--layer', '0']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--alpha A is required');
    const negative = run('src/cli/reparam.ts', ['--checkpoint', 'x.json', '--layer', '0', '--alpha', '-1']);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toContain('--alpha must be > 0, got -1');
    const file = checkpoint();
    const out = run('src/cli/reparam.ts', ['--checkpoint', file, '--layer', '3', '--alpha', '2']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('the output layer has no next layer to take 1/α; got 3');
    const name = run('src/cli/reparam.ts', ['--checkpoint', file, '--layer', 'conv9', '--alpha', '2']);
    expect(name.status).toBe(1);
    expect(name.stderr).toContain('--layer must be one of conv1, conv2, dense1 or an index into that list, got "conv9"');
    const swa = run('src/cli/reparam.ts', ['--checkpoint', file, '--solution', 'swa', '--layer', '0', '--alpha', '2']);
    expect(swa.status).toBe(1);
    expect(swa.stderr).toContain('has no w_SWA (it is a SGD run)');
  });
});
