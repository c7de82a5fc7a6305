import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY } from '../../src/core/toy/options';
import { setNumberLocale } from '../../src/ui/format';
import { toyMessage } from '../../src/ui/toy/text';
import { defaultSetup, toyFromHash, toyToHash } from '../../src/ui/toy-url';
import { englishT, translator } from './charts-i18n';

describe('the toy setup in the URL', () => {
  it('round-trips landscape, start and every setting', () => {
    const setup = {
      landscape: 'ravine' as const,
      start: [-1.25, 0.5] as [number, number],
      settings: { ...DEFAULT_TOY, rho: 0.3, p: Infinity, c: 7, seed: 9 },
    };
    expect(toyFromHash(toyToHash(setup))).toEqual({ setup, problems: [] });
  });

  it('a bare #toy is the default landscape with its start and suggested settings', () => {
    expect(toyFromHash('#toy')).toEqual({ setup: defaultSetup('two-basins'), problems: [] });
    expect(toyFromHash('#toy?landscape=rugged').setup.settings).toMatchObject({ alpha1: 0.6, c: 20, rho: 0.5 });
  });

  it('reports what it cannot read and keeps the defaults for it; keeps out-of-range numbers for the form to flag', () => {
    const { setup, problems } = toyFromHash('#toy?landscape=volcano&rho=abc&p=3&x=&colour=red&lr=5');
    expect(problems.map((m) => toyMessage(englishT, m))).toEqual([
      'toy: landscape "volcano" is not one of two-basins, ravine, rugged; using two-basins',
      'toy: rho=abc is not a number; using 0.1',
      'toy: p=3 is not 2 or inf; using 2',
      "toy: x= is not a finite number; using the landscape's start",
      'toy: unknown setting "colour" ignored',
    ]);
    expect(setup.settings.lr).toBe(5);
    expect(setup.start).toEqual(defaultSetup('two-basins').start);
  });

  it('says its problems in Russian, numbers with a decimal comma and the URL’s text as typed', () => {
    const { problems } = toyFromHash('#toy?rho=0.1.2&colour=red');
    setNumberLocale('ru');
    try {
      expect(problems.map((m) => toyMessage(translator('ru'), m))).toEqual([
        '#toy: rho=0.1.2 — не число; взято 0,1',
        '#toy: неизвестный параметр «colour» пропущен',
      ]);
    } finally {
      setNumberLocale('en');
    }
  });
});
