/**
 * Issue 13's views in headless Chromium: after a tiny run on the cpu backend,
 * each view is opened (computed on request where it is computed) and its
 * numbers are read through the test hook or the panel's data attributes, and
 * checked against what the same page computed by other means (the analysis's
 * own values, its whole-Hessian λ_max, the invariances the view is about).
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../src/core/methods';
import { CHROMIUM } from '../../src/node/browser';
import type { LabHookState } from '../../src/ui/test-hook';
import { read, servedBrowser, waitFor } from './helpers';

/** The state once the view of `kind` has arrived and nothing is being computed. */
const arrived =
  (kind: 'plane' | 'trajectory' | 'layers' | 'reparam', ready: (s: LabHookState) => boolean = () => true) =>
  (s: LabHookState) =>
    Boolean(s.experiment?.views?.[kind]) && ready(s) && Object.keys(s.views).length === 0 && Object.keys(s.analysis).length === 0;

describe.skipIf(!existsSync(CHROMIUM))('the papers’ views after a tiny run (cpu backend)', () => {
  const env = servedBrowser(false);
  let done: LabHookState;

  beforeAll(async () => {
    const { page } = env.session;
    // 16 steps, the last 8 in SWA's cyclic phase with c = 2: four snapshots, enough for a plane through three;
    // λ_max tracked at each epoch's end, for the stability line.
    await page.goto(`${env.origin}/?preset=tiny&backend=cpu&trainSize=256&batchSize=16&c=2&track=true`);
    await waitFor(page, 'the backend', (s) => s.backend !== null, 120_000);
    await page.getByTestId('start').click();
    done = await waitFor(page, 'the analysis', (s) => s.experiment?.phase === 'done', 600_000);
  }, 720_000);

  it('sharpness against accuracy: one point per analysed solution of the saved run, with Kendall’s τ', async () => {
    const taus = env.session.page.getByTestId('scatter-taus');
    await taus.waitFor();
    await expect(taus.getAttribute('data-points')).resolves.toBe('3');
    const tau = Number(await taus.getAttribute('data-tau-accuracy'));
    expect(tau).toBeGreaterThanOrEqual(-1);
    expect(tau).toBeLessThanOrEqual(1);
  });

  it('the edge of stability: SGD’s line on the sharpness chart is 2(1 + μ)/η at the rate of each tracked epoch’s last step', async () => {
    const traces = await env.session.page.getByTestId('sharpness-plot').evaluate((el) =>
      ((el as HTMLElement & { data?: { name?: string; x: number[]; y: (number | null)[] }[] }).data ?? []).map((d) => ({
        name: d.name,
        x: d.x,
        y: d.y,
      })),
    );
    const line = traces.find((d) => d.name === 'SGD: 2(1 + μ)/η');
    expect(line).toBeDefined();
    const run = done.experiment!.runs.SGD;
    const mu = run.config.sgd.momentum;
    const tracked = run.epochs.filter((e) => e.sharpness);
    expect(line!.x).toEqual(tracked.map((e) => e.epoch));
    tracked.forEach((e, i) => {
      const lr = run.points.filter((p) => p.step <= e.step).at(-1)!.lr;
      expect(line!.y[i]).toBeCloseTo((2 * (1 + mu)) / lr, 8);
    });
  });

  it('the plane through w_SGD, w_SWA, w_SAM: w_SGD at the origin, each point’s own loss equal to its analysis’s', async () => {
    const { page } = env.session;
    await page.getByTestId('plane-compute').click();
    const s = await waitFor(page, 'the plane', arrived('plane'), 300_000);
    const plane = s.experiment!.views!.plane!.solutions!;
    expect(plane.points.map((p) => p.label)).toEqual(['w_SGD', 'w_SWA', 'w_SAM']);
    expect([plane.points[0]!.a, plane.points[0]!.b]).toEqual([0, 0]);
    expect(plane.points[1]!.b).toBe(0);
    expect(plane.a.length * plane.b.length).toBe(15 * 15);
    plane.points.forEach((p, i) => {
      const own = done.experiment!.analyses[METHODS[i]!]!.own;
      expect(Math.abs(p.value.trainLoss! - own.trainLoss)).toBeLessThan(1e-5 * Math.max(1, own.trainLoss));
      expect(p.value.testError).toBeCloseTo(own.testError, 10);
    });
    // The grid frames the points: each lies inside it.
    for (const p of plane.points) {
      expect(p.a).toBeGreaterThan(plane.a[0]!);
      expect(p.a).toBeLessThan(plane.a.at(-1)!);
      expect(p.b).toBeGreaterThan(plane.b[0]!);
      expect(p.b).toBeLessThan(plane.b.at(-1)!);
    }
  });

  it('the plane through three SWA snapshots: their average at the centroid of their coordinates, in the plane; w_SWA by its projection', async () => {
    const { page } = env.session;
    await page.getByTestId('plane-snapshots-compute').click();
    const s = await waitFor(
      page,
      'the snapshot plane',
      arrived('plane', (s) => Boolean(s.experiment!.views!.plane!.snapshots)),
      300_000,
    );
    const plane = s.experiment!.views!.plane!.snapshots!;
    expect(plane.points.map((p) => p.label)).toEqual(['w₁', 'w₂', 'w₃']);
    const [centroid, swa] = plane.marks;
    expect(centroid!.label).toBe('(w₁+w₂+w₃)/3');
    const mean = (f: (p: { a: number; b: number }) => number) => plane.points.reduce((sum, p) => sum + f(p), 0) / 3;
    const span = Math.max(...plane.points.map((p) => Math.hypot(p.a, p.b)));
    expect(Math.abs(centroid!.a - mean((p) => p.a))).toBeLessThan(1e-4 * span);
    expect(Math.abs(centroid!.b - mean((p) => p.b))).toBeLessThan(1e-4 * span);
    expect(centroid!.distance).toBeLessThan(1e-4 * span);
    expect(swa!.label).toBe('w_SWA');
    // w_SWA's own value is evaluated on the same subsets as its analysis's.
    const own = done.experiment!.analyses.SWA!.own;
    expect(Math.abs(swa!.value.trainLoss! - own.trainLoss)).toBeLessThan(1e-5 * Math.max(1, own.trainLoss));
    expect(swa!.value.testError).toBeCloseTo(own.testError, 10);
    expect(swa!.distance).toBeGreaterThanOrEqual(0);
    expect(plane.points.every((p) => p.value.trainLoss !== null && p.value.testError !== null)).toBe(true);
  });

  it('SWA’s trajectory on its PCA plane: the final weights at the origin, the explained variance a fraction, w_SWA marked', async () => {
    const { page } = env.session;
    await page.getByTestId('trajectory-method').selectOption('SWA');
    await page.getByTestId('trajectory-compute').click();
    const s = await waitFor(
      page,
      'the trajectory',
      arrived('trajectory', (s) => Boolean(s.experiment!.views!.trajectory!.SWA)),
      300_000,
    );
    const v = s.experiment!.views!.trajectory!.SWA!;
    const [pc1, pc2] = v.explained;
    expect(pc1).toBeGreaterThanOrEqual(pc2);
    expect(pc2).toBeGreaterThan(0);
    expect(pc1 + pc2).toBeLessThanOrEqual(1 + 1e-9);
    const steps = v.path.map((p) => p.step);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(done.experiment!.runs.SWA.result!.steps);
    expect(steps.every((step, i) => i === 0 || step > steps[i - 1]!)).toBe(true);
    const last = v.path.at(-1)!;
    expect([last.x, last.y, last.offPlane]).toEqual([0, 0, 0]);
    expect(v.marks.map((m) => m.label)).toEqual(['w_SWA']);
    expect(v.a.length * v.b.length).toBe(15 * 15);
    const shown = page.getByTestId('trajectory-explained');
    expect(Number(await shown.getAttribute('data-pc1'))).toBe(pc1);
  });

  it('per-layer sharpness: every layer’s block below its solution’s whole λ_max (interlacing)', async () => {
    const { page } = env.session;
    await page.getByTestId('layers-compute').click();
    const s = await waitFor(page, 'the per-layer sharpness', arrived('layers'), 300_000);
    const layers = s.experiment!.views!.layers!;
    for (const m of METHODS) {
      const rows = layers.methods[m]!;
      expect(rows.map((r) => r.name)).toEqual(['conv1', 'conv2', 'dense1', 'out']);
      const whole = done.experiment!.analyses[m]!;
      for (const r of rows) {
        expect(r.lambdaMax).toBeGreaterThan(0);
        // Both are Lanczos estimates to the analysis's 1 % tolerance on the same samples.
        expect(r.lambdaMax).toBeLessThanOrEqual(whole.values[0]! * 1.02 + r.residual + whole.residuals[0]!);
      }
    }
    await expect(page.getByTestId('layers-summary').locator('li').count()).resolves.toBe(3);
  });

  it('rescaling conv2 by α = 10: the same function, λ_max moved by a large factor, λ_max(THT) and the width unchanged', async () => {
    const { page } = env.session;
    await page.getByTestId('reparam-alpha').fill('0');
    await expect(page.getByTestId('reparam-alpha-error').textContent()).resolves.toBe('α must be a number > 0 and ≤ 1000, got 0');
    await expect(page.getByTestId('reparam-compute').isDisabled()).resolves.toBe(true);
    await page.getByTestId('reparam-alpha').fill('10');
    await page.getByTestId('reparam-layer').selectOption('1');
    await page.getByTestId('reparam-compute').click();
    const s = await waitFor(page, 'the rescaling', arrived('reparam'), 300_000);
    const r = s.experiment!.views!.reparam!;
    expect([r.method, r.layer, r.down, r.alpha]).toEqual(['SGD', 'conv2', 'dense1/kernel', 10]);
    expect(r.after.testAccuracy).toBe(r.before.testAccuracy);
    expect(Math.abs(r.after.dataLoss / r.before.dataLoss - 1)).toBeLessThan(1e-5);
    expect(Math.abs(r.after.adaptiveLambdaMax / r.before.adaptiveLambdaMax - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.after.width / r.before.width - 1)).toBeLessThan(1e-3);
    expect(r.after.lambdaMax / r.before.lambdaMax).toBeGreaterThan(5);
    expect(r.after.regularizedLoss).not.toBe(r.before.regularizedLoss);
    const row = page.locator('[data-testid="reparam-table"] tr[data-row="lambdaMax"]');
    expect(Number(await row.getAttribute('data-ratio'))).toBeCloseTo(r.after.lambdaMax / r.before.lambdaMax, 10);
  });

  it('keeps the views with the saved run: a reload shows them again', async () => {
    const { page } = env.session;
    const before = (await read(page)).experiment!.views;
    await page.reload();
    await waitFor(page, 'the saved run', (s) => s.experiment?.phase === 'done', 60_000);
    const after = await read(page);
    expect(after.experiment!.views).toEqual(before);
    await page.getByTestId('reparam-table').waitFor();
  });
});
