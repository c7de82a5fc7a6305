import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { analyzePoint, basinOf } from '../../src/core/toy/analysis';
import { LANDSCAPES, type Landscape, type Point } from '../../src/core/toy/landscapes';
import { DEFAULT_TOY, type ToySettings, validateToySettings } from '../../src/core/toy/options';
import { ToySimulation } from '../../src/core/toy/simulation';
import { samTwoCycleAmplitude } from '../../src/core/toy/stability';
import { useNodeCpuBackend } from '../../src/node/backend';
import { referenceGradient, referenceLoss } from './reference';

beforeAll(async () => {
  await useNodeCpuBackend();
});

const L = LANDSCAPES['two-basins'];
const run = (settings: Partial<ToySettings>, start: Point = L.start) => new ToySimulation(L, start, { ...DEFAULT_TOY, ...settings });
const close = (a: Point, b: Point, tol = 1e-4) => expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(tol);

describe('the toy runs use the lab optimizers exactly', () => {
  it('SGD: w ← w − η(∇L(w) + σz), z ~ N(0, I) from the seed', () => {
    const sim = run({ noise: 0.4, seed: 3 });
    const f = sim.advance(15);
    const rng = createRng(3);
    let w: Point = [...L.start];
    for (let k = 0; k < 15; k++) {
      const z = [rng.normal(), rng.normal()];
      const g = referenceGradient(L, w);
      w = [w[0] - 0.05 * (g[0] + 0.4 * z[0]!), w[1] - 0.05 * (g[1] + 0.4 * z[1]!)];
      close(f.paths.SGD[k]!, w);
    }
    sim.dispose();
  });

  it('SWA coincides with SGD until its start, then follows α(i) and averages ŵ and every c-th iterate (Algorithm 1)', () => {
    const s = { swaStart: 20, c: 4, alpha1: 0.1, alpha2: 0.02, steps: 60 };
    const sim = run(s);
    const f = sim.advance(60);
    expect(f.paths.SWA.slice(0, 20)).toEqual(f.paths.SGD.slice(0, 20));
    const hat = f.paths.SWA[19]!;
    const snapshots = [hat, ...f.paths.SWA.slice(20).filter((_, k) => (k + 1) % 4 === 0)];
    expect(f.swaModels).toBe(1 + 40 / 4);
    const mean: Point = [0, 1].map((d) => snapshots.reduce((a, p) => a + p[d]!, 0) / snapshots.length) as Point;
    close(f.swaAverage[f.swaAverage.length - 1]!, mean, 1e-5);
    // The last iteration, 60, is the 40th of the cyclic phase: α(i) = (1 − t(i))·α1 + t(i)·α2 with
    // t(i) = (mod(i − 1, c) + 1)/c (MISSION.md §2); t(40) = (mod(39, 4) + 1)/4 = 1, so α(40) = α2 = 0.02.
    const i = 60 - s.swaStart;
    const t = (((i - 1) % s.c) + 1) / s.c;
    expect(t).toBe(1);
    expect(f.lr.SWA).toBeCloseTo((1 - t) * s.alpha1 + t * s.alpha2, 12);
    expect(f.lr.SWA).toBeCloseTo(0.02, 12);
    close(sim.endPoints().SWA, mean, 1e-5);
    sim.dispose();
  });

  it('SAM: ε̂ = ρg/‖g‖₂ (p = 2) or ρ sign(g) (p = ∞) from the same noisy gradient, then w ← w − η∇L(w + ε̂)', () => {
    for (const p of [2, Infinity]) {
      const sim = run({ rho: 0.3, p, noise: 0.5, seed: 9 });
      const f = sim.advance(1);
      const rng = createRng(9);
      const z = [rng.normal() * 0.5, rng.normal() * 0.5];
      const g0 = referenceGradient(L, L.start);
      const g: Point = [g0[0] + z[0]!, g0[1] + z[1]!];
      const n = Math.hypot(...g);
      const eps: Point = p === 2 ? [(0.3 * g[0]) / n, (0.3 * g[1]) / n] : [0.3 * Math.sign(g[0]), 0.3 * Math.sign(g[1])];
      const tip: Point = [L.start[0] + eps[0], L.start[1] + eps[1]];
      close(f.samPerturbed!, tip, 1e-5);
      const gs = referenceGradient(L, tip);
      close(f.paths.SAM[0]!, [L.start[0] - 0.05 * (gs[0] + z[0]!), L.start[1] - 0.05 * (gs[1] + z[1]!)], 1e-5);
      sim.dispose();
    }
  });

  it('live changes apply from the next iteration; fixed settings and bad values are refused with the reason', () => {
    const sim = run({ noise: 0 });
    sim.advance(5);
    sim.update({ rho: 0 });
    const f = sim.advance(3);
    expect(f.paths.SAM.length).toBe(3);
    expect(() => sim.update({ steps: 10 })).toThrow('steps cannot change during a run; reset to apply');
    expect(() => sim.update({ rho: -1 })).toThrow('rho must be ≥ 0, got -1');
    expect(() => sim.update({ alpha2: 0.5 })).toThrow('alpha2 must be ≤ alpha1 (0.1), got 0.5');
    expect(() => sim.update({ p: 3 })).toThrow('p must be 2 or ∞, got 3');
    expect(sim.options.rho).toBe(0);
    sim.dispose();
    expect(validateToySettings({ ...DEFAULT_TOY, swaStart: 1000 }).swaStart).toEqual({
      field: 'swaStart',
      rule: 'swaStart',
      bound: 1000,
      value: 1000,
      text: 'swaStart must be before the last iteration (1000), got 1000',
    });
    expect(validateToySettings({ ...DEFAULT_TOY, lr: 0 }).lr).toEqual({
      field: 'lr',
      rule: 'range',
      op: '>',
      bound: 0,
      value: 0,
      text: 'lr must be > 0, got 0',
    });
    expect(() => run({ c: 0 })).toThrow('c must be ≥ 1, got 0');
    expect(() => run({}, [Number.NaN, 0])).toThrow('start must be a finite point, got (NaN, 0)');
  });

  it('a diverging method stops with a message at its last finite point; the others go on', () => {
    // A steep bowl (curvature 100) where η = 0.5 overshoots: η·λ = 50.
    const steep: Landscape = { ...L, loss: (x, y) => tf.mul(tf.add(tf.square(x), tf.square(y)), 50) };
    const sim = new ToySimulation(steep, [0.5, 0.5], {
      ...DEFAULT_TOY,
      lr: 0.5,
      alpha1: 0.01,
      alpha2: 0.005,
      swaStart: 1,
      noise: 0,
      rho: 0,
    });
    const f = sim.advance(100);
    expect(f.stopped.SGD?.text).toMatch(/^SGD diverged at iteration \d+: the step overshoots the curvature \(η·λ > 2\); lower η$/);
    expect(f.stopped.SGD?.knob).toBe('η');
    expect(f.stopped.SGD?.text).toContain(`at iteration ${f.stopped.SGD?.iteration}:`);
    expect(f.stopped.SWA).toBeUndefined();
    const end = sim.endPoints().SGD;
    expect(end.every((v) => Number.isFinite(v) && Math.abs(v) < 1e3)).toBe(true);
    expect(sim.advance(5).paths.SGD).toEqual([]);
    sim.dispose();
  });

  it('keeps tfjs memory flat across many iterations and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const sim = run({ swaStart: 10, c: 2 });
    sim.advance(20);
    const mid = tf.memory().numTensors;
    for (let k = 0; k < 10; k++) sim.advance(20);
    expect(tf.memory().numTensors).toBe(mid);
    analyzePoint(L, sim.endPoints().SAM, createRng(1));
    expect(tf.memory().numTensors).toBe(mid);
    sim.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('SAM’s swing at a minimum', () => {
  it('settles into the two-cycle ±ηλρ/(2 − ηλ) that the stability table shows', () => {
    // L = ½λ‖w‖² with λ = 10; η = 0.15 gives ηλ = 1.5, so A = 1.5·0.1/0.5 = 0.3.
    const bowl: Landscape = { ...L, loss: (x, y) => tf.mul(tf.add(tf.square(x), tf.square(y)), 5) };
    const sim = new ToySimulation(bowl, [0.05, 0], { ...DEFAULT_TOY, lr: 0.15, rho: 0.1, noise: 0, swaStart: 1 });
    const f = sim.advance(200);
    const [a, b] = f.paths.SAM.slice(-2);
    expect(samTwoCycleAmplitude(0.15, 10, 0.1)).toBeCloseTo(0.3, 12);
    expect(Math.abs(a![0])).toBeCloseTo(0.3, 5);
    expect(b![0]).toBeCloseTo(-a![0], 5);
    expect(samTwoCycleAmplitude(0.25, 10, 0.1)).toBe(Infinity);
    sim.dispose();
  });
});

describe('the default lesson', () => {
  it('from the default start, SGD ends in the narrow basin, SWA’s average and SAM in the wide one (seeds 1–5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const sim = run({ seed });
      while (!sim.done) sim.advance(100);
      const ends = sim.endPoints();
      expect(basinOf(L, ends.SGD).named?.kind).toBe('narrow');
      expect(basinOf(L, ends.SWA).named?.kind).toBe('wide');
      expect(basinOf(L, ends.SAM).named?.kind).toBe('wide');
      sim.dispose();
    }
  }, 60_000);

  it('analyses a solution like the convnet panels: eigenvalues, rays through w*, widths', () => {
    const a = analyzePoint(L, [-1.5, 1], createRng(2));
    expect(a.eigen.values[0]).toBeCloseTo(38, 1);
    expect(a.t[(a.t.length - 1) / 2]).toBe(0);
    // At the narrow minimum L = its level, −0.5 (the wide basin adds −τ·log(1 + e^(−35.5)), about 2·10⁻¹⁷).
    expect(referenceLoss(L, [-1.5, 1])).toBeCloseTo(-0.5, 12);
    expect(a.loss).toBeCloseTo(-0.5, 5);
    expect(a.randomRay.loss[(a.t.length - 1) / 2]).toBeCloseTo(-0.5, 5);
    // Along a direction of curvature λ the loss rises by 0.1 at t = √(2·0.1/λ).
    expect(a.width.eigen.mean).toBeCloseTo(Math.sqrt(0.2 / 38), 2);
    const w = analyzePoint(L, [1, -0.5], createRng(2));
    expect(w.width.random.mean).toBeCloseTo(Math.sqrt(0.2 / 0.3), 1);
    expect(w.basin.named?.label).toBe('the wide basin');
  });
});
