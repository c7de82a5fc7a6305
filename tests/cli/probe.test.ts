import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCheckpoint } from '../../src/core/checkpoint';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { DEFAULT_MODEL } from '../../src/core/models/spec';
import { DEFAULT_RUN } from '../../src/core/train/config';

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

  it('--layers: λ_max of each layer’s block beside the whole Hessian’s, in the JSON', async () => {
    // An untrained default convnet written in-process: the probe reads any checkpoint, and this spares a training run.
    const file = join(mkdtempSync(join(tmpdir(), 'wol-probe-')), 'run.json');
    const model = createModel(DEFAULT_MODEL, 1);
    writeFileSync(file, JSON.stringify(await makeCheckpoint({ ...DEFAULT_RUN, trainSize: 64, testSize: 32 }, model, null)));
    disposeModel(model);
    const probe = run('src/cli/probe.ts', [
      '--checkpoint',
      file,
      '--samples',
      '16',
      '--k',
      '1',
      '--rays',
      '1',
      '--points',
      '2',
      '--trace-samples',
      '2',
      '--max-iter',
      '5',
      '--layers',
      '--json',
    ]);
    expect(probe.status).toBe(0);
    type Probed = {
      eigen: { values: number[] };
      layers: { layer: { name: string; size: number }; values: number[]; hvps: number }[];
    };
    const [a] = Object.values(JSON.parse(probe.stdout) as Record<string, Probed>);
    // The default convnet by hand: conv1 3·3·1·8 + 8 = 80; conv2 3·3·8·16 + 16 = 1168;
    // 28 → 26 → 13 → 11 → 5: dense1 5·5·16·32 + 32 = 12,832; out 32·10 + 10 = 330 (14,410 in all).
    expect(a!.layers.map((l) => [l.layer.name, l.layer.size])).toEqual([
      ['conv1', 80],
      ['conv2', 1168],
      ['dense1', 12832],
      ['out', 330],
    ]);
    for (const l of a!.layers) {
      expect(l.values.length).toBe(1);
      expect(Number.isFinite(l.values[0])).toBe(true);
      expect(l.hvps).toBeLessThanOrEqual(5);
    }
    expect(Number.isFinite(a!.eigen.values[0])).toBe(true);
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
