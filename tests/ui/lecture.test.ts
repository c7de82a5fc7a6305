import { describe, expect, it } from 'vitest';
import type { EpochEvent } from '../../src/core/train/events';
import { newExperiment, reduce } from '../../src/ui/experiment';
import { en } from '../../src/ui/i18n/en/index';
import { ru } from '../../src/ui/i18n/ru/index';
import { DEFAULT_LAB } from '../../src/ui/lab';
import { panelFigure } from '../../src/ui/lecture/figures';
import { moveOfKey, moveStep, queryWithStep, stepFromQuery } from '../../src/ui/lecture/navigation';
import { SAM_IMAGENET, SAM_PAPER, SWA_PAPER } from '../../src/ui/lecture/paper-tables';
import { LECTURE_STEPS, STEP_IDS } from '../../src/ui/lecture/steps';
import { swaFgeRows } from '../../src/ui/lecture/swa-fge';
import { TOY_SCENES } from '../../src/ui/lecture/toy-scenes';
import { validateToySettings } from '../../src/core/toy/options';
import { analysisPayload } from './fixtures';

describe('the lecture’s steps', () => {
  it('follow the 14 slides in order, each slide covered, ids unique', () => {
    const slides = LECTURE_STEPS.flatMap((s) => s.slides);
    expect(slides).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12, 13, 14]);
    expect(new Set(STEP_IDS).size).toBe(STEP_IDS.length);
    expect(STEP_IDS).toHaveLength(14);
    for (const id of STEP_IDS) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('each have a title, a text and what to look at, in both languages', () => {
    for (const id of STEP_IDS) {
      for (const catalog of [en, ru]) {
        const step = catalog.lecture.steps[id];
        for (const field of ['title', 'body', 'look'] as const) expect(step[field].length, `${id}.${field}`).toBeGreaterThan(3);
      }
    }
  });

  it('show a view each, and every toy scene can run', () => {
    for (const s of LECTURE_STEPS) expect(s.parts.length, s.id).toBeGreaterThan(0);
    for (const [name, setup] of Object.entries(TOY_SCENES)) expect(validateToySettings(setup.settings), name).toEqual({});
    expect(TOY_SCENES['sam-p-inf'].settings.p).toBe(Infinity);
    expect(TOY_SCENES['sam-step'].settings.noise).toBe(0);
    expect(TOY_SCENES['constant-lr'].settings).toMatchObject({ c: 1, alpha1: 0.6, alpha2: 0.6 });
  });
});

describe('moving through the lecture', () => {
  it('opens the step the URL names; no lecture key is no lecture', () => {
    expect(stepFromQuery('?lecture=swa-rays&lang=ru')).toEqual({ step: 'swa-rays', problem: null });
    expect(stepFromQuery('?lang=ru')).toEqual({ step: null, problem: null });
  });

  it('opens the first step on an unknown id, and says which value and why', () => {
    const { step, problem } = stepFromQuery('?lecture=swa-ray');
    expect(step).toBe('plan');
    expect(problem?.key).toBe('lecture.unknownStep');
    expect(problem?.values).toMatchObject({ value: 'swa-ray', first: 'plan' });
    expect(String(problem?.values?.steps)).toContain('swa-rays');
  });

  it('writes the step into the URL beside the other keys, and leaves by removing it', () => {
    expect(queryWithStep('?lang=ru', 'sam-results')).toBe('?lang=ru&lecture=sam-results');
    expect(queryWithStep('?lecture=plan&lang=ru', 'why-wide')).toBe('?lecture=why-wide&lang=ru');
    expect(queryWithStep('?lecture=plan', null)).toBe('');
  });

  it('moves with ← → (and a clicker’s PageUp/PageDown), jumps with Home and End, and stops at the ends', () => {
    expect(['ArrowRight', 'ArrowLeft', 'Home', 'End', 'PageDown', 'PageUp', 'a'].map(moveOfKey)).toEqual([
      'next',
      'previous',
      'first',
      'last',
      'next',
      'previous',
      null,
    ]);
    expect(moveStep('plan', 'next')).toBe('wide-narrow');
    expect(moveStep('plan', 'previous')).toBe('plan');
    expect(moveStep('swa-rays', 'first')).toBe('plan');
    expect(moveStep('plan', 'last')).toBe('sam-results');
    expect(moveStep('sam-results', 'next')).toBe('sam-results');
  });
});

const epoch = (e: number, swa: EpochEvent['swa'], fge: EpochEvent['fge']): EpochEvent => ({
  type: 'epoch',
  epoch: e,
  step: 10 * e,
  trainLoss: 1,
  trainAccuracy: 0.5,
  test: { loss: 1, accuracy: 0.7 },
  swa,
  fge,
  sharpness: null,
  swaSharpness: null,
});

describe('SWA against FGE, measured', () => {
  it('gives one row per epoch with both, the gap FGE − SWA and the spread', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    x = reduce(x, { type: 'run-event', method: 'SWA', event: epoch(1, null, null) });
    x = reduce(x, {
      type: 'run-event',
      method: 'SWA',
      event: epoch(2, { loss: 1, accuracy: 0.8, models: 2, spread: 0.5 }, { loss: 1, accuracy: 0.81, models: 2 }),
    });
    x = reduce(x, {
      type: 'run-event',
      method: 'SWA',
      event: epoch(3, { loss: 1, accuracy: 0.82, models: 3, spread: 0.25 }, { loss: 1, accuracy: 0.815, models: 3 }),
    });
    const rows = swaFgeRows(x);
    expect(rows.map((r) => [r.epoch, r.models, r.spread])).toEqual([
      [2, 2, 0.5],
      [3, 3, 0.25],
    ]);
    expect(rows[0]!.gap).toBeCloseTo(0.01, 12);
    expect(rows[1]!.gap).toBeCloseTo(-0.005, 12);
    expect(panelFigure('swa-fge', x)).toBe(2);
  });
});

describe('the number each run view shows', () => {
  it('is read from the run the view draws, or null before it exists', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    expect(panelFigure('spectrum', x)).toBeNull();
    expect(panelFigure('rays', x)).toBeNull();
    x = reduce(x, { type: 'analysis', method: 'SGD', analysis: analysisPayload('SGD') });
    x = reduce(x, { type: 'analysis', method: 'SWA', analysis: analysisPayload('SWA') });
    expect(panelFigure('spectrum', x)).toBe(40);
    expect(panelFigure('rays', x)).toBe(2);
    expect(panelFigure('schedule', x)).toBe(DEFAULT_LAB.swaStart);
  });
});

describe('the papers’ tables', () => {
  it('are transcribed whole (MISSION.md §2, §3)', () => {
    expect(SWA_PAPER).toHaveLength(6);
    expect(SWA_PAPER[0]).toEqual({
      model: 'CIFAR-100 VGG-16',
      budget: 200,
      sgd: [72.55, 0.1],
      fge: 74.26,
      swa: [
        [73.91, 0.12],
        [74.17, 0.15],
        [74.27, 0.25],
      ],
    });
    expect(SWA_PAPER[5]!.swa[2]).toEqual([96.79, 0.05]);
    expect(SAM_PAPER).toHaveLength(6);
    expect(SAM_PAPER[3]).toEqual({
      model: 'Shake-Shake 26 2x96d',
      augmentation: 'basic',
      cifar10: { sam: [2.3, '<0.1'], sgd: [2.7, '0.1'] },
      cifar100: { sam: [15.1, '0.1'], sgd: [17.0, '0.1'] },
    });
    expect(SAM_IMAGENET.map((r) => [r.sam, r.sgd])).toEqual([
      [22.5, 22.9],
      [20.9, 22.3],
      [18.4, 20.9],
    ]);
  });
});
