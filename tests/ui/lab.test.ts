import { describe, expect, it } from 'vitest';
import { baseLearningRate } from '../../src/core/optim/schedule';
import { stepsPerEpoch, totalSteps } from '../../src/core/train/config';
import { type Message, translate } from '../../src/ui/i18n/message';
import { englishText, localizeMessage } from '../../src/ui/i18n/text';
import { DEFAULT_LAB, PRESETS, type LabConfig, runConfig, validateLab } from '../../src/ui/lab';
import { keptPageKeys, labFromQuery, labToQuery } from '../../src/ui/url-state';
import { translator } from './charts-i18n';

const page = { en: translator('en'), ru: translator('ru') };
/** `m` as the page shows it in `language`. */
const shown = (m: Message | undefined, language: 'en' | 'ru') => translate(page[language], localizeMessage(m!, language));
/** `m` as the CLI prints it (English, a setting named by its key). */
const text = (m: Message | undefined) => englishText(m!);

describe('lab settings', () => {
  it('every preset is valid, and is named and described in both languages', () => {
    for (const p of Object.values(PRESETS)) expect(validateLab({ ...DEFAULT_LAB, ...p.lab })).toEqual({});
    expect(shown({ key: PRESETS.tiny!.label }, 'en')).toBe('Tiny (smoke test)');
    expect(shown({ key: PRESETS.tiny!.label }, 'ru')).toBe('Крошечный (проверка)');
  });

  it('the edge-of-stability preset: full-batch gradient descent at a constant η without momentum, λ_max after every step on the whole batch', () => {
    const lab = { ...DEFAULT_LAB, ...PRESETS.edge!.lab };
    const sgd = runConfig(lab, 'SGD');
    // One batch of all 64 images: an epoch is one step, so the per-epoch tracker measures after every step.
    expect([sgd.trainSize, sgd.batchSize, stepsPerEpoch(sgd), totalSteps(sgd)]).toEqual([64, 64, 1, 80]);
    expect(sgd.sharpness?.samples).toBe(64);
    // Plain GD on the data loss: μ = 0, no weight decay, η = 0.05 at every step, so the bound is 2/η = 40 throughout.
    expect(sgd.sgd).toMatchObject({ lr: 0.05, momentum: 0, weightDecay: 0, schedule: 'constant' });
    const schedule = { kind: sgd.sgd.schedule, lr: sgd.sgd.lr, finalFraction: sgd.sgd.finalFraction };
    expect([0, 40, 79].map((s) => baseLearningRate(schedule, s, 80))).toEqual([0.05, 0.05, 0.05]);
    // SAM on the same path; SWA, if ticked, keeps the same constant rate (c = 1, α₁ = α₂ = η).
    expect(runConfig(lab, 'SAM').sam).toEqual({ rho: 0.05, p: 2, adaptive: false });
    expect(runConfig(lab, 'SWA').swa).toMatchObject({ alpha1: 0.05, alpha2: 0.05, c: 1 });
    expect(PRESETS.edge!.methods).toEqual(['SGD', 'SAM']);
    expect(shown({ key: PRESETS.edge!.label }, 'en')).toBe('Edge of stability');
    expect(shown({ key: PRESETS.edge!.label }, 'ru')).toBe('Край устойчивости');
  });

  it('flags each invalid field with its reason, several at once', () => {
    const errors = validateLab({ ...DEFAULT_LAB, rho: -0.1, c: 2.5, alpha2: 0.2, batchSize: 5000, epochs: Number.NaN });
    expect(text(errors.rho)).toBe('rho must be ≥ 0, got -0.1');
    expect(text(errors.c)).toBe('c must be an integer, got 2.5');
    expect(text(errors.alpha2)).toBe('alpha2 must be ≤ alpha1 (0.05), got 0.2');
    expect(text(errors.batchSize)).toBe('batchSize must be ≤ 1024, got 5000');
    expect(text(errors.epochs)).toBe('epochs must be a finite number, got NaN');
    expect(text(validateLab({ ...DEFAULT_LAB, labelNoise: 0.9 }).labelNoise)).toBe('labelNoise must be ≤ 0.8, got 0.9');
    expect(text(validateLab({ ...DEFAULT_LAB, swaStart: 12 }).swaStart)).toBe(
      'swaStart must be before the end of training (12 epochs), got 12',
    );
    expect(text(validateLab({ ...DEFAULT_LAB, trainSize: 100, batchSize: 128, samples: 64 }).batchSize)).toBe(
      'batchSize must be ≤ trainSize (100), got 128',
    );
  });

  it('names the field in the page’s language and keeps the value, its digits written as the language writes them', () => {
    const errors = validateLab({ ...DEFAULT_LAB, lr: -1, rho: -0.1, alpha2: 0.2, labelNoise: 0.9, dataset: 'cifar' as never });
    expect(shown(errors.lr, 'en')).toBe('learning rate η must be > 0, got -1');
    expect(shown(errors.lr, 'ru')).toBe('learning rate η: нужно > 0, получено -1');
    expect(shown(errors.rho, 'en')).toBe('radius ρ must be ≥ 0, got -0.1');
    expect(shown(errors.rho, 'ru')).toBe('радиус ρ: нужно ≥ 0, получено -0,1');
    expect(shown(errors.alpha2, 'en')).toBe('cycle-end rate α₂ must be ≤ cycle-start rate α₁ (0.05), got 0.2');
    expect(shown(errors.alpha2, 'ru')).toBe('LR в конце цикла α₂: нужно не больше, чем LR в начале цикла α₁ (0,05), получено 0,2');
    expect(shown(errors.labelNoise, 'ru')).toBe('шум в метках: нужно ≤ 0,8, получено 0,9');
    expect(shown(errors.dataset, 'ru')).toBe('набор данных: нужно одно из значений "fashion-mnist", "mnist", получено "cifar"');
  });

  it('SGD, SWA and SAM share seed, data, model and budget, and differ only in their method', () => {
    const [sgd, swa, sam] = (['SGD', 'SWA', 'SAM'] as const).map((m) => runConfig(DEFAULT_LAB, m));
    for (const c of [swa, sam]) {
      expect({ ...c!, sam: null, swa: null }).toEqual(sgd);
    }
    expect(swa!.swa).toEqual({ start: 6, startUnit: 'epoch', alpha1: 0.05, alpha2: 0.01, c: 5, fge: true });
    expect(sam!.sam).toEqual({ rho: 0.05, p: 2, adaptive: false });
    expect(runConfig({ ...DEFAULT_LAB, p: 'inf' }, 'SAM').sam!.p).toBe(Infinity);
  });
});

describe('URL state', () => {
  it('round-trips every field', () => {
    const lab: LabConfig = {
      ...DEFAULT_LAB,
      dataset: 'mnist',
      rho: 0.1,
      c: 7,
      adaptive: true,
      p: 'inf',
      directions: 'filter',
      backend: 'webgl',
    };
    expect(labFromQuery(labToQuery(lab))).toEqual({ lab, problems: [] });
  });

  it('reports unreadable values and keeps the defaults for them; keeps out-of-range numbers for the form to flag', () => {
    const { lab, problems } = labFromQuery('?rho=abc&c=0&dataset=cifar&adaptive=maybe&bogus=1');
    expect(lab.rho).toBe(DEFAULT_LAB.rho);
    expect(lab.c).toBe(0);
    expect(lab.dataset).toBe('fashion-mnist');
    expect(problems.map(text)).toEqual([
      'rho=abc is not a number; using 0.05',
      'dataset=cifar is not one of fashion-mnist, mnist; using fashion-mnist',
      'adaptive=maybe is not true or false; using false',
      'unknown setting "bogus" ignored',
    ]);
    // In Russian the URL's key and value stay as written; the default is written with a decimal comma.
    expect(shown(problems[0], 'ru')).toBe('rho=abc — не число; используется 0,05');
    expect(text(validateLab(lab).c)).toBe('c must be ≥ 1, got 0');
  });
});

describe('presets in the URL', () => {
  it('explicit fields override the preset they start from', () => {
    const base = { ...DEFAULT_LAB, ...PRESETS.tiny!.lab };
    const { lab } = labFromQuery('?preset=tiny&trainSize=256&c=2', base);
    expect([lab.trainSize, lab.c, lab.epochs, lab.model]).toEqual([256, 2, 1, 'small']);
  });
});

describe('the page keys beside the settings', () => {
  it('keep the language and the lecture’s step and presentation, not the preset the settings now hold', () => {
    expect(keptPageKeys('?preset=noisy&lang=ru&c=5&lecture=swa-rays&present=1')).toEqual([
      ['lang', 'ru'],
      ['lecture', 'swa-rays'],
      ['present', '1'],
    ]);
    expect(labFromQuery('?lecture=swa-rays&present=1&lang=ru').problems).toEqual([]);
  });
});
