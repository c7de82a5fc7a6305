import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY, validateToySettings } from '../../src/core/toy/options';
import { setNumberLocale } from '../../src/ui/format';
import { fieldErrorText, stoppedText } from '../../src/ui/toy/text';
import { englishT, translator } from './charts-i18n';

/** Settings refused by every rule there is: range, finite, integer, p, alpha2 ≤ alpha1, swaStart before the end. */
const refused = validateToySettings({ ...DEFAULT_TOY, lr: 0, noise: Number.NaN, c: 2.5, p: 3, alpha2: 0.5, steps: 100, swaStart: 100 });

describe('the toy’s words made from data', () => {
  it('in English, a refused setting reads as the core’s English, which the browser tests read', () => {
    expect(Object.values(refused).map((e) => fieldErrorText(englishT, e))).toEqual([
      'lr must be > 0, got 0',
      'noise must be a finite number, got NaN',
      'p must be 2 or ∞, got 3',
      'alpha2 must be ≤ alpha1 (0.1), got 0.5',
      'c must be an integer, got 2.5',
      'swaStart must be before the last iteration (100), got 100',
    ]);
    for (const e of Object.values(refused)) expect(fieldErrorText(englishT, e)).toBe(e.text);
  });

  it('in Russian, with the settings’ symbols and decimal commas', () => {
    setNumberLocale('ru');
    try {
      const t = translator('ru');
      expect(fieldErrorText(t, refused.alpha2!)).toBe('α₂: должно быть ≤ α₁ (0,1), получено 0,5');
      expect(fieldErrorText(t, refused.lr!)).toBe('η: должно быть > 0, получено 0');
      expect(fieldErrorText(t, refused.c!)).toBe('c: нужно целое число, получено 2,5');
      expect(stoppedText(t, 'SWA', { iteration: 12000, knob: 'α1', text: '' })).toBe(
        'SWA разошёлся на итерации 12\u202f000: шаг слишком велик для кривизны (η·λ > 2); уменьшите α1',
      );
    } finally {
      setNumberLocale('en');
    }
  });

  it('a diverged method reads in English as the simulation words it', () => {
    expect(stoppedText(englishT, 'SGD', { iteration: 17, knob: 'η', text: '' })).toBe(
      'SGD diverged at iteration 17: the step overshoots the curvature (η·λ > 2); lower η',
    );
  });
});
