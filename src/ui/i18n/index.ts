/**
 * The page's i18next instance (i18next with react-i18next: kept, typed
 * libraries for catalogs, interpolation and React bindings, in place of a
 * hand-written lookup). Both catalogs are bundled: no request, so the lab
 * switches language offline.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setNumberLocale } from '../format';
import { en } from './en/index';
import { type Language, pickLanguage } from './language';
import { ru } from './ru/index';

/** The keys asked for that no catalog has (a test build's lecture hook lists them; the catalogs' unit test keeps it empty). */
export const missingKeys = new Set<string>();

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

/** Starts i18next in the language the URL or the browser asks for (a `lang` it does not speak is reported by the form's problems). */
export function startI18n(): void {
  const { language } = pickLanguage(window.location.search, navigator.languages);
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    // A test build falls back to no language, so a key one catalog lacks is reported (the lecture hook's missingKeys), not hidden.
    fallbackLng: import.meta.env.MODE === 'test' ? false : 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
    saveMissing: true,
    missingKeyHandler: (_languages, _namespace, key) => missingKeys.add(key),
  });
  setNumberLocale(language);
  document.documentElement.lang = language;
}

/** Switches the interface to `language` (and the page's `lang` attribute). */
export function setLanguage(language: Language): void {
  setNumberLocale(language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
