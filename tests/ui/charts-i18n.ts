/** The page's tests' translate functions: an i18next instance of their own over the app's catalogs (not the page's singleton). */
import i18next, { type TFunction, type i18n as I18n } from 'i18next';
import { en } from '../../src/ui/i18n/en/index';
import type { Language } from '../../src/ui/i18n/language';
import { ru } from '../../src/ui/i18n/ru/index';

/** An i18next instance in `language`, set up as the page's (no HTML escaping: React escapes). */
export function i18nIn(language: Language): I18n {
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: language,
    resources: { en: { translation: en }, ru: { translation: ru } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18n;
}

/** `t` in `language`. */
export const translator = (language: Language): TFunction => i18nIn(language).t;

/** The English `t` most tests read their expected strings in. */
export const englishT = translator('en');
