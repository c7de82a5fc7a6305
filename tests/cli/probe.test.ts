import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('npm run probe', () => {
  it('analyses a saved SWA run: eigenvalues, trace and rays for the final weights and w_SWA', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wol-probe-')), 'run.json');
    const train = run('src/cli/train.ts', [
      '--optimizer',
      'swa',
      '--train-size',
      '128',
      '--test-size',
      '50',
      '--epochs',
      '2',
      '--batch-size',
      '32',
      '--c',
      '2',
      '--quiet',
      '--save',
      file,
    ]);
    expect(train.status).toBe(0);
    const probe = run('src/cli/probe.ts', [
      '--checkpoint',
      file,
      '--samples',
      '32',
      '--k',
      '2',
      '--rays',
      '1',
      '--points',
      '3',
      '--trace-samples',
      '3',
      '--max-iter',
      '12',
      '--json',
    ]);
    expect(probe.status).toBe(0);
    // What the probe prints for each solution (the fields read here).
    type Probed = { eigen: { values: number[]; hvps: number }; trace: { se: number }; rays: { t: number[] } };
    const out = JSON.parse(probe.stdout) as Record<string, Probed>;
    // 8 steps, SWA from step 6 (75 % of the budget), c = 2: ŵ and one snapshot.
    expect(Object.keys(out)).toEqual(['SWA final weights', 'w_SWA (2 models)']);
    for (const a of Object.values(out)) {
      expect(a.eigen.values.length).toBe(2);
      expect(a.eigen.values[0]).toBeGreaterThanOrEqual(a.eigen.values[1]!);
      expect(a.eigen.hvps).toBeLessThanOrEqual(12);
      expect(a.trace.se).toBeGreaterThan(0);
      expect(a.rays.t).toEqual([0, 20, 40]);
    }
  });

  it('exits with code 2 on bad flags and 1 on a bad checkpoint', () => {
    const r = run('src/cli/probe.ts', ['--k', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--checkpoint FILE is required');
    const bad = run('src/cli/probe.ts', ['--checkpoint', 'package.json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('package.json is not a valid checkpoint: format is undefined');
  });
});
