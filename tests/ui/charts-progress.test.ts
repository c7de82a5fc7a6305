import { afterEach, describe, expect, it } from 'vitest';
import {
  progressShown,
  runProgressText,
  runProgressView,
  sharesSgdRun,
  totalProgressText,
  trainingEta,
} from '../../src/ui/charts/progress';
import { type Experiment, newExperiment, reduce } from '../../src/ui/experiment';
import { DEFAULT_LAB, runConfig } from '../../src/ui/lab';
import { setNumberLocale } from '../../src/ui/format';
import { englishT as t, translator } from './charts-i18n';
import { stepEvent } from './fixtures';

/** Three epochs; SWA branches from SGD at epoch 1. */
const lab = { ...DEFAULT_LAB, epochs: 3, swaStart: 1 };

function started(x: Experiment, m: 'SGD' | 'SWA' | 'SAM', total: number): Experiment {
  x = reduce(x, { type: 'run-started', method: m, config: runConfig(lab, m) });
  return reduce(x, {
    type: 'run-event',
    method: m,
    event: { type: 'start', method: m, totalSteps: total, stepsPerEpoch: total / 3, numParams: 10, firstStep: 0, branchedFrom: null },
  });
}

function stepped(x: Experiment, m: 'SGD' | 'SWA' | 'SAM', step: number, stepsPerSecond: number, etaSeconds: number): Experiment {
  return reduce(x, {
    type: 'run-event',
    method: m,
    event: stepEvent(step, { epoch: 0, stepsPerSecond, etaSeconds }),
  });
}

describe('the progress bars', () => {
  afterEach(() => setNumberLocale('en'));

  it('a training run: step, epoch = step / (total / epochs), rate and ETA rounded up; its bar step / total in its colour', () => {
    let x = started(newExperiment(lab, 'x', 't'), 'SAM', 60);
    x = stepped(x, 'SAM', 30, 12.345, 2.1);
    expect(progressShown(x)).toEqual(['SAM']);
    // 60 steps over 3 epochs: 20 a epoch, so step 30 is epoch 1.5.
    expect(runProgressText(x, 'SAM', undefined, false, t)).toBe('step 30 / 60 · epoch 1.5 / 3 · 12.3 steps/s · ETA 3 s');
    expect(runProgressView(x, 'SAM', undefined, false, t)).toEqual({
      text: 'step 30 / 60 · epoch 1.5 / 3 · 12.3 steps/s · ETA 3 s',
      width: '50.0%',
      color: '#2ca02c',
    });
  });

  it('an analysis in progress: its stage and count, a grey bar at done / total', () => {
    const x = started(newExperiment(lab, 'x', 't'), 'SGD', 60);
    const view = runProgressView(x, 'SGD', { stage: 'rays', done: 1, total: 8 }, false, t);
    expect(view).toEqual({ text: 'analysing: rays 1 / 8', width: '12.5%', color: '#888' });
    expect(runProgressText(x, 'SGD', { stage: 'power iteration', done: 2, total: 3 }, false, t)).toBe('analysing: power iteration 2 / 3');
  });

  it('in Russian: the words of the lecture, a decimal comma in the text, the bar’s width still a CSS length', () => {
    setNumberLocale('ru');
    const ru = translator('ru');
    let x = started(newExperiment(lab, 'x', 't'), 'SAM', 60);
    x = stepped(x, 'SAM', 30, 12.345, 2.1);
    expect(runProgressView(x, 'SAM', undefined, false, ru)).toEqual({
      text: 'шаг 30 / 60 · эпоха 1,5 / 3 · 12,3 шаг/с · осталось 3\u00a0с',
      width: '50.0%',
      color: '#2ca02c',
    });
    expect(runProgressText(x, 'SAM', { stage: 'rays', done: 1, total: 8 }, false, ru)).toBe('анализ: случайные лучи 1 / 8');
    x = reduce(x, { type: 'run-event', method: 'SAM', event: { type: 'end', status: 'diverged', step: 30, message: 'NaN loss' } });
    expect(runProgressText(x, 'SAM', undefined, false, ru)).toBe('разошёлся');
    expect(totalProgressText({ ...x, phase: 'done' }, false, ru)).toBe('готово');
  });

  it('SWA shares SGD’s run until it branches, and says so; the total line warns about η', () => {
    let x = started(started(newExperiment(lab, 'x', 't'), 'SGD', 30), 'SWA', 30);
    x = reduce(x, { type: 'phase', phase: 'training' });
    x = stepped(x, 'SGD', 5, 10, 2.5);
    expect(sharesSgdRun(x)).toBe(true);
    expect(runProgressText(x, 'SWA', undefined, true, t)).toBe("shares SGD's run until epoch 1, then branches from it");
    expect(totalProgressText(x, true, t)).toBe(
      'training: ETA 3 s (paused) · a change of η before SWA branches applies to SGD and SWA alike (they share that part)',
    );
    expect(sharesSgdRun({ ...x, lab: { ...lab, swaStart: 0 } })).toBe(false);
  });

  it('the total ETA is the longest of the runs still training; ended runs say how they ended', () => {
    let x = started(started(newExperiment(lab, 'x', 't'), 'SGD', 30), 'SAM', 30);
    x = stepped(stepped(x, 'SGD', 10, 10, 2), 'SAM', 10, 5, 4);
    expect(trainingEta(x)).toBe(4);
    x = reduce(x, { type: 'run-event', method: 'SAM', event: { type: 'end', status: 'diverged', step: 10, message: 'NaN loss' } });
    expect(trainingEta(x)).toBe(2);
    expect(runProgressText(x, 'SAM', undefined, false, t)).toBe('diverged');
    x = reduce(x, { type: 'run-skipped', method: 'SWA', message: 'SGD ended first' });
    expect(runProgressText(x, 'SWA', undefined, false, t)).toBe('did not start: SGD ended first');
  });

  it('the total line after training', () => {
    const x = newExperiment(lab, 'x', 't');
    expect(totalProgressText({ ...x, phase: 'analyzing' }, false, t)).toBe('analysing the solutions…');
    expect(totalProgressText({ ...x, phase: 'done' }, false, t)).toBe('done');
    expect(totalProgressText({ ...x, phase: 'stopped' }, false, t)).toBe('stopped');
  });
});
