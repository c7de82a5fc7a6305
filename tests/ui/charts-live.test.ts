import { afterEach, describe, expect, it } from 'vitest';
import type { EpochEvent } from '../../src/core/train/events';
import { plotSeparators } from '../../src/ui/charts/chart';
import {
  accuracyChart,
  accuracyTraces,
  changeLabel,
  changeMarks,
  chartedRuns,
  learningRateChart,
  learningRateTraces,
  lossChart,
  lossTraces,
  rateAt,
  sameEpochCharts,
  scheduleChart,
  sharpnessChart,
  sharpnessTraces,
  stabilityBound,
  stabilityTraces,
} from '../../src/ui/charts/live-traces';
import { type Experiment, newExperiment, reduce } from '../../src/ui/experiment';
import { DEFAULT_LAB, runConfig } from '../../src/ui/lab';
import { setNumberLocale } from '../../src/ui/format';
import { englishT, translator } from './charts-i18n';
import { HEX, stepEvent } from './fixtures';

const { SGD: RED, SWA: BLUE, SAM: GREEN, FGE: PURPLE } = HEX;

/** Two epochs of two steps each. */
const lab = { ...DEFAULT_LAB, epochs: 2, swaStart: 1 };

const epoch = (n: number, over: Partial<EpochEvent> = {}): EpochEvent => ({
  type: 'epoch',
  epoch: n,
  step: 2 * n,
  trainLoss: 1,
  trainAccuracy: 0.5,
  test: { loss: 0.6, accuracy: 0.5 + n / 8 },
  swa: null,
  fge: null,
  sharpness: null,
  swaSharpness: null,
  ...over,
});

/** Runs `m` for `steps` steps: loss 1/s, rate 0.05, two steps per epoch, four in all. */
function train(x: Experiment, m: 'SGD' | 'SWA' | 'SAM', steps: number): Experiment {
  x = reduce(x, { type: 'run-started', method: m, config: runConfig(lab, m) });
  x = reduce(x, {
    type: 'run-event',
    method: m,
    event: { type: 'start', method: m, totalSteps: 4, stepsPerEpoch: 2, numParams: 10, firstStep: 0, branchedFrom: null },
  });
  for (let s = 1; s <= steps; s++) {
    x = reduce(x, {
      type: 'run-event',
      method: m,
      event: stepEvent(s, { epoch: s / 2, loss: 1 / s, etaSeconds: (4 - s) / 10 }),
    });
  }
  return x;
}

describe('the training charts', () => {
  afterEach(() => setNumberLocale('en'));

  it('draw one loss line and one rate staircase per run with points, in METHODS order and the run’s colour', () => {
    let x = newExperiment(lab, 'x', 't');
    x = train(train(x, 'SAM', 2), 'SGD', 4);
    const runs = chartedRuns(x.runs);
    expect(runs.map((r) => r.method)).toEqual(['SGD', 'SAM']);

    const loss = lossTraces(runs);
    expect(loss.map((t) => [t.name, (t.line as { color: string }).color])).toEqual([
      ['SGD', RED],
      ['SAM', GREEN],
    ]);
    expect(loss[0]).toMatchObject({ x: [0.5, 1, 1.5, 2], y: [1, 0.5, 1 / 3, 0.25], mode: 'lines' });

    const lr = learningRateTraces(runs);
    expect(lr[1]).toMatchObject({ x: [1, 2], y: [0.05, 0.05], name: 'SAM', line: { color: GREEN, shape: 'hv' } });
  });

  it('mark a live change at its step: s on the step axis, s / (steps per epoch) on the epoch axes', () => {
    let x = train(newExperiment(lab, 'x', 't'), 'SAM', 2);
    x = reduce(x, { type: 'run-event', method: 'SAM', event: { type: 'hyperparams', step: 3, changes: { rho: 0.1 } } });
    const runs = chartedRuns(x.runs);

    const byStep = changeMarks(runs, 'step');
    expect(byStep.shapes).toEqual([
      { type: 'line', x0: 3, x1: 3, yref: 'paper', y0: 0, y1: 1, line: { color: GREEN, dash: 'dot', width: 1.5 } },
    ]);
    expect(byStep.annotations).toHaveLength(1);
    expect(byStep.annotations[0]).toMatchObject({ x: 3, text: 'SAM: ρ→0.1', font: { size: 10, color: GREEN } });

    // 4 steps over 2 epochs: step 3 is epoch 1.5.
    const byEpoch = changeMarks(runs, 'epoch');
    expect(byEpoch.shapes[0]).toMatchObject({ x0: 1.5, x1: 1.5 });
    expect(byEpoch.annotations[0]).toMatchObject({ x: 1.5 });

    const [loss, accuracy, learningRate] = [lossChart(runs, englishT), accuracyChart(runs, englishT), learningRateChart(runs, englishT)];
    expect(loss.layout.shapes).toEqual(byEpoch.shapes);
    expect(accuracy.layout.shapes).toEqual(byEpoch.shapes);
    expect(sharpnessChart(runs, englishT).layout.shapes).toEqual(byEpoch.shapes);
    expect(learningRate.layout.shapes).toEqual(byStep.shapes);
    expect(loss.layout.yaxis).toEqual({ title: { text: 'loss' }, type: 'log' });
    expect(accuracy.layout.yaxis).toEqual({ title: { text: 'test accuracy (%)' } });
    expect(learningRate.layout.xaxis).toEqual({ title: { text: 'step' } });
  });

  it('title the axes in Russian for a Russian t, each chart with an axis object of its own', () => {
    const runs = chartedRuns(train(newExperiment(lab, 'x', 't'), 'SAM', 2).runs);
    const ru = translator('ru');
    const [loss, accuracy] = [lossChart(runs, ru), accuracyChart(runs, ru)];
    expect(loss.layout.xaxis).toEqual({ title: { text: 'эпоха' } });
    expect(loss.layout.yaxis).toEqual({ title: { text: 'функция потерь' }, type: 'log' });
    expect(accuracy.layout.yaxis).toEqual({ title: { text: 'точность на тесте (%)' } });
    // plotly writes a zoom's range into the layout's axis: one chart's zoom must not move another's.
    expect(accuracy.layout.xaxis).not.toBe(loss.layout.xaxis);
    expect(scheduleChart({ c: 2, alpha1: 0.05, alpha2: 0.01 }, translator('ru')).layout.xaxis).toEqual({
      title: { text: 'итерация i (в фазе SWA)' },
    });
  });

  it('label a change with the lecture’s symbols, in the order it was made, digits in the language’s style', () => {
    expect(changeLabel({ lr: 0.1, rho: 0.02 })).toBe('η→0.1 ρ→0.02');
    expect(changeLabel({ alpha1: 0.05, alpha2: 0.01, c: 4 })).toBe('α₁→0.05 α₂→0.01 c→4');
    setNumberLocale('ru');
    expect(changeLabel({ lr: 0.1, rho: 0.02 })).toBe('η→0,1 ρ→0,02');
  });

  it('a branched SWA run starts its curve with SGD’s steps up to the branch point', () => {
    let x = train(newExperiment(lab, 'x', 't'), 'SGD', 4);
    x = reduce(x, { type: 'run-started', method: 'SWA', config: runConfig(lab, 'SWA') });
    x = reduce(x, {
      type: 'run-event',
      method: 'SWA',
      event: { type: 'start', method: 'SWA', totalSteps: 4, stepsPerEpoch: 2, numParams: 10, firstStep: 2, branchedFrom: 'SGD' },
    });
    const swa = lossTraces(chartedRuns(x.runs))[1]!;
    expect(swa).toMatchObject({ name: 'SWA', x: [0.5, 1], y: [1, 0.5], line: { color: BLUE } });
  });

  it('test accuracy: w per run; in SWA’s phase w_SWA dashed and FGE dotted, a missing FGE a gap', () => {
    let x = train(newExperiment(lab, 'x', 't'), 'SWA', 4);
    const swaEval = { loss: 0.5, accuracy: 0.875, models: 2, spread: 1 };
    x = reduce(x, { type: 'run-event', method: 'SWA', event: epoch(1) });
    x = reduce(x, { type: 'run-event', method: 'SWA', event: epoch(2, { swa: swaEval, fge: null }) });
    const acc = accuracyTraces(chartedRuns(x.runs));
    expect(acc.map((t) => t.name)).toEqual(['SWA (w)', 'w_SWA', 'FGE']);
    expect(acc[0]).toMatchObject({ x: [1, 2], y: [62.5, 75], mode: 'lines+markers', line: { color: BLUE } });
    expect(acc[1]).toMatchObject({ x: [2], y: [87.5], line: { color: BLUE, dash: 'dash' } });
    expect(acc[2]).toMatchObject({ x: [2], y: [Number.NaN], line: { color: PURPLE, dash: 'dot' } });
  });

  it('sharpness: a line only where λ_max was tracked, at w and at w_SWA', () => {
    let x = train(newExperiment(lab, 'x', 't'), 'SWA', 4);
    x = reduce(x, { type: 'run-event', method: 'SWA', event: epoch(1) });
    expect(sharpnessTraces(chartedRuns(x.runs))).toEqual([]);
    const reading = (lambdaMax: number) => ({ lambdaMax, residual: 0.1, hvps: 2 });
    x = reduce(x, { type: 'run-event', method: 'SWA', event: epoch(2, { sharpness: reading(40), swaSharpness: reading(25) }) });
    const sharp = sharpnessTraces(chartedRuns(x.runs));
    expect(sharp).toEqual([
      { x: [2], y: [40], name: 'SWA (w)', mode: 'lines+markers', line: { color: BLUE } },
      { x: [2], y: [25], name: 'w_SWA', mode: 'lines+markers', line: { color: BLUE, dash: 'dash' } },
    ]);
  });

  it('the stability bound 2(1 + μ)/η, by hand and against heavy-ball iterates on a quadratic', () => {
    // 2 · 1.9 / 0.05 = 76; 2 / 0.05 = 40; 2 · 1.5 / 0.1 = 30.
    expect(stabilityBound(0.05, 0.9)).toBeCloseTo(76, 12);
    expect(stabilityBound(0.05, 0)).toBeCloseTo(40, 12);
    expect(stabilityBound(0.1, 0.5)).toBeCloseTo(30, 12);
    expect(stabilityBound(0, 0.9)).toBeNull();
    // x_{k+1} = x_k − η·λ·x_k + μ·(x_k − x_{k−1}) on f(x) = λx²/2: |x| shrinks 1 % below the bound, grows 1 % above it.
    const after = (lr: number, mu: number, lambda: number) => {
      let [previous, x] = [1, 1];
      for (let k = 0; k < 1000; k++) [previous, x] = [x, x - lr * lambda * x + mu * (x - previous)];
      return Math.abs(x);
    };
    for (const [lr, mu, bound] of [
      [0.05, 0.9, 76],
      [0.05, 0, 40],
      [0.1, 0.5, 30],
    ] as const) {
      expect(after(lr, mu, 0.99 * bound)).toBeLessThan(1e-3);
      expect(after(lr, mu, 1.01 * bound)).toBeGreaterThan(1e3);
    }
  });

  it('the rate in force at a step: the last kept point’s at or before it', () => {
    const points = [
      { step: 2, lr: 0.1 },
      { step: 4, lr: 0.2 },
      { step: 6, lr: 0.3 },
    ];
    expect([1, 2, 3, 4, 5, 6, 100].map((s) => rateAt(points, s))).toEqual([null, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3]);
    expect(rateAt([], 3)).toBeNull();
  });

  it('sharpness: each run’s stability bound at its tracked epochs, η the rate in force there, on a log axis', () => {
    const reading = { lambdaMax: 30, residual: 0.1, hvps: 2 };
    // Plain GD (μ = 0): η = 0.05 up to step 2, then 0.02 (a live change).
    const gd = { ...lab, momentum: 0 };
    let x = reduce(newExperiment(gd, 'x', 't'), { type: 'run-started', method: 'SGD', config: runConfig(gd, 'SGD') });
    for (let s = 1; s <= 4; s++) x = reduce(x, { type: 'run-event', method: 'SGD', event: stepEvent(s, { lr: s <= 2 ? 0.05 : 0.02 }) });
    expect(stabilityTraces(chartedRuns(x.runs))).toEqual([]);
    x = reduce(x, { type: 'run-event', method: 'SGD', event: epoch(1, { sharpness: reading }) });
    x = reduce(x, { type: 'run-event', method: 'SGD', event: epoch(2, { sharpness: reading }) });
    const [line] = stabilityTraces(chartedRuns(x.runs));
    // 2 / 0.05 = 40 at epoch 1 (step 2), 2 / 0.02 = 100 at epoch 2 (step 4).
    expect(line).toMatchObject({ x: [1, 2], name: 'SGD: 2/η', mode: 'lines', line: { color: RED, dash: 'dashdot' } });
    (line!.y as number[]).forEach((y, i) => expect(y).toBeCloseTo([40, 100][i]!, 10));

    // The default momentum μ = 0.9 at the fixture's rate 0.05: 2 · 1.9 / 0.05 = 76; none where only w_SWA was tracked.
    let swa = train(newExperiment(lab, 'x', 't'), 'SWA', 4);
    swa = reduce(swa, { type: 'run-event', method: 'SWA', event: epoch(1, { sharpness: reading }) });
    swa = reduce(swa, { type: 'run-event', method: 'SWA', event: epoch(2, { swaSharpness: reading }) });
    const chart = sharpnessChart(chartedRuns(swa.runs), englishT);
    expect(chart.data.map((t) => t.name)).toEqual(['SWA (w)', 'w_SWA', 'SWA: 2(1 + μ)/η']);
    expect(chart.data[2]!.x).toEqual([1]);
    expect((chart.data[2]!.y as number[])[0]).toBeCloseTo(76, 10);
    expect(chart.layout.yaxis).toEqual({ title: { text: 'λ_max' }, type: 'log' });
  });

  it('the epoch charts stay the same through steps, and change with an epoch, a live change or a new run', () => {
    const before = train(newExperiment(lab, 'x', 't'), 'SGD', 1);
    const steps = reduce(before, { type: 'run-event', method: 'SGD', event: stepEvent(2, { epoch: 1 }) });
    expect(sameEpochCharts(before.runs, steps.runs)).toBe(true);
    const withEpoch = reduce(steps, { type: 'run-event', method: 'SGD', event: epoch(1) });
    expect(sameEpochCharts(steps.runs, withEpoch.runs)).toBe(false);
    const changed = reduce(steps, { type: 'run-event', method: 'SGD', event: { type: 'hyperparams', step: 3, changes: { lr: 0.1 } } });
    expect(sameEpochCharts(steps.runs, changed.runs)).toBe(false);
    expect(sameEpochCharts(steps.runs, train(steps, 'SAM', 1).runs)).toBe(false);
  });

  it('plotly writes numbers as the text does: a decimal comma and a narrow no-break space between thousands in Russian', () => {
    expect(plotSeparators('en')).toBe('.,');
    expect(plotSeparators('ru')).toBe(',\u202f');
  });

  it('the SWA schedule preview: three cycles of α(i), nothing for an invalid schedule, at most 600 points', () => {
    // c = 2: t(i) = 1/2, 1, 1/2, …, so α = (α₁ + α₂)/2 = 0.03, then α₂ = 0.01.
    const chart = scheduleChart({ c: 2, alpha1: 0.05, alpha2: 0.01 }, englishT);
    expect(chart.data).toHaveLength(1);
    expect(chart.data[0]!.x).toEqual([1, 2, 3, 4, 5, 6]);
    (chart.data[0]!.y as number[]).forEach((a, i) => expect(a).toBeCloseTo(i % 2 === 0 ? 0.03 : 0.01, 12));
    expect(chart.data[0]).toMatchObject({ name: 'α(i)', line: { color: BLUE } });
    expect(chart.layout.showlegend).toBe(false);
    expect(chart.layout.xaxis).toEqual({ title: { text: 'iteration i (within the SWA phase)' } });
    expect(scheduleChart({ c: 2, alpha1: 0.01, alpha2: 0.05 }, englishT).data[0]!.x).toEqual([]);
    expect(scheduleChart({ c: 2.5, alpha1: 0.05, alpha2: 0.01 }, englishT).data[0]!.x).toEqual([]);
    expect((scheduleChart({ c: 300, alpha1: 0.05, alpha2: 0.01 }, englishT).data[0]!.x as number[]).length).toBe(600);
  });
});

describe('the sharpness chart’s hint', () => {
  it('names the form’s checkbox as the form does, in either language', () => {
    expect(translator('en')('charts.live.sharpnessOff')).toBe('Switch on “track λ_max during training” to see this curve.');
    expect(translator('ru')('charts.live.sharpnessOff')).toBe(
      'Чтобы увидеть эту кривую, включите в настройках «следить за λ_max во время обучения».',
    );
  });

  it('the stability bound’s reading names the edge-of-stability preset as its button does, in either language', () => {
    expect(translator('en')('charts.live.stabilityHint')).toContain('the “Edge of stability” preset');
    expect(translator('ru')('charts.live.stabilityHint')).toContain('пресет «Край устойчивости»');
  });
});
