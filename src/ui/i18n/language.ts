/**
 * The interface's language: the URL's `lang` when it names one the lab
 * speaks, else the browser's first preferred language the lab speaks, else
 * English. A `lang` it does not speak is reported, naming the value.
 */
import { type Message, message } from './message';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Whether `x` names a language the lab speaks. */
export const isLanguage = (x: string): x is Language => (LANGUAGES as readonly string[]).includes(x);

/** The language for a page opened at `search` in a browser preferring `preferred` (navigator.languages, e.g. "ru-RU"). */
export function pickLanguage(search: string, preferred: readonly string[]): { language: Language; problem: Message | null } {
  const asked = new URLSearchParams(search).get('lang');
  if (asked !== null && isLanguage(asked)) return { language: asked, problem: null };
  const fromBrowser = preferred.map((l) => l.toLowerCase().split('-')[0]!).find(isLanguage) ?? 'en';
  const problem = asked === null ? null : message('lab.url.language', { asked, options: LANGUAGES.join(', '), language: fromBrowser });
  return { language: fromBrowser, problem };
}

/** `query` (a `?…` string) with `lang` set to `language`. */
export function withLanguage(query: string, language: Language): string {
  const q = new URLSearchParams(query);
  q.set('lang', language);
  return `?${q.toString()}`;
}
