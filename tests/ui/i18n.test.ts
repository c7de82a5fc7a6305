import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en/index';
import { pickLanguage, withLanguage } from '../../src/ui/i18n/language';
import { ru } from '../../src/ui/i18n/ru/index';
import { englishText } from '../../src/ui/i18n/text';

/** Every key of a catalog as a dotted path, with its text. */
function entries(catalog: object, prefix = ''): [string, unknown][] {
  return Object.entries(catalog).flatMap(([k, v]): [string, unknown][] =>
    v !== null && typeof v === 'object' ? entries(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the catalogs', () => {
  it('have the same keys, each a non-empty string in both languages', () => {
    const [e, r] = [new Map(entries(en)), new Map(entries(ru))];
    expect([...r.keys()].sort()).toEqual([...e.keys()].sort());
    for (const [key, text] of [...e, ...r]) {
      expect(typeof text, key).toBe('string');
      expect(String(text).trim(), key).not.toBe('');
    }
  });

  it('fill in the same values in both languages', () => {
    const r = new Map(entries(ru));
    for (const [key, text] of entries(en)) expect(placeholders(r.get(key)), key).toEqual(placeholders(text));
  });
});

describe('the interface language', () => {
  it('is the URL’s lang, else the browser’s first one the lab speaks, else English', () => {
    expect(pickLanguage('?lang=ru', ['en-US'])).toEqual({ language: 'ru', problem: null });
    expect(pickLanguage('?c=5', ['de-DE', 'ru-RU', 'en'])).toEqual({ language: 'ru', problem: null });
    expect(pickLanguage('', ['de', 'fr'])).toEqual({ language: 'en', problem: null });
  });

  it('reports a lang it does not speak, naming the value', () => {
    const { language, problem } = pickLanguage('?lang=de', ['ru']);
    expect(language).toBe('ru');
    expect(problem).toEqual({ key: 'lab.url.language', values: { asked: 'de', options: 'en, ru', language: 'ru' } });
    expect(englishText(problem!)).toBe('lang=de is not one of en, ru; using ru');
  });

  it('goes into the URL beside the settings', () => {
    expect(withLanguage('?c=5&lang=en', 'ru')).toBe('?c=5&lang=ru');
    expect(withLanguage('?c=5', 'en')).toBe('?c=5&lang=en');
  });
});
