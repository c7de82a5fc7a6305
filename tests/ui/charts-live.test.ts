import { afterEach, describe, expect, it } from 'vitest';
import type { EpochEvent } from '../../src/core/train/events';
import { plotSeparators } from '../../src/ui/charts/chart';
import {
  accuracyTraces,
  changeLabel,
  changeMarks,
  chartedRuns,
  learningRateTraces,
  liveCharts,
  lossTraces,
  scheduleChart,
  sharpnessTraces,
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

    const charts = liveCharts(runs, englishT);
    expect(charts.loss.layout.shapes).toEqual(byEpoch.shapes);
    expect(charts.learningRate.layout.shapes).toEqual(byStep.shapes);
    expect(charts.loss.layout.yaxis).toEqual({ title: { text: 'loss' }, type: 'log' });
    expect(charts.accuracy.layout.yaxis).toEqual({ title: { text: 'test accuracy (%)' } });
    expect(charts.learningRate.layout.xaxis).toEqual({ title: { text: 'step' } });
  });

  it('title the axes in Russian for a Russian t, each chart with an axis object of its own', () => {
    const runs = chartedRuns(train(newExperiment(lab, 'x', 't'), 'SAM', 2).runs);
    const charts = liveCharts(runs, translator('ru'));
    expect(charts.loss.layout.xaxis).toEqual({ title: { text: 'эпоха' } });
    expect(charts.loss.layout.yaxis).toEqual({ title: { text: 'функция потерь' }, type: 'log' });
    expect(charts.accuracy.layout.yaxis).toEqual({ title: { text: 'точность на тесте (%)' } });
    // plotly writes a zoom's range into the layout's axis: one chart's zoom must not move another's.
    expect(charts.accuracy.layout.xaxis).not.toBe(charts.loss.layout.xaxis);
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
});
