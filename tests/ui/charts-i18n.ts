/** The charts' tests' translate functions: an i18next instance of their own over the app's catalogs (not the page's singleton). */
import i18next, { type TFunction } from 'i18next';
import { en } from '../../src/ui/i18n/en/index';
import type { Language } from '../../src/ui/i18n/language';
import { ru } from '../../src/ui/i18n/ru/index';

/** `t` in `language`, as the page's i18next is set up (no HTML escaping: React escapes). */
export function translator(language: Language): TFunction {
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: language,
    resources: { en: { translation: en }, ru: { translation: ru } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18n.t;
}

/** The English `t` most tests read their expected strings in. */
export const englishT = translator('en');
