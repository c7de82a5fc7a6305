/**
 * Messages outside the page's own i18next instance: English for the CLI and
 * for `Error.message` (logs, tests), a message carried by an Error, a message
 * inside another one, and a message's numbers written per the interface's
 * language.
 *
 * A message can name a setting with i18next's nesting, `$t(lab.fields.{{field}})`,
 * and hold another message as `$t({{reason}})` (the inner key, its values
 * beside the outer ones): `within` builds such a pair, so every message stays
 * one key and flat values, shown anywhere by `translate(t, m)`.
 */
import i18next from 'i18next';
import { localizeDigits, numberLocale } from '../format';
import { en } from './en/index';
import type { Language } from './language';
import { type Message, type MessageKey, message, translate } from './message';

/**
 * English as the CLI and the URL write a setting: by its key (`rho`,
 * `alpha2`), which is what `--lab rho=…` and `?rho=…` take; the page names it
 * in words (`radius ρ`).
 */
const byKey = Object.fromEntries(Object.keys(en.lab.fields).map((k) => [k, k]));
const english = i18next.createInstance();
void english.init({
  lng: 'en',
  resources: { en: { translation: { ...en, lab: { ...en.lab, fields: byKey } } } },
  initAsync: false,
  interpolation: { escapeValue: false },
});

/** `m` in English, each setting named by its key (for the CLI and Error messages). */
export const englishText = (m: Message): string => translate(english.t, m);

/** The message `key` with `inner` inside it at `{{slot}}` (its text there is `$t({{slot}})`); the outer values win a clash. */
export const within = (key: MessageKey, values: Record<string, string | number>, inner: Message, slot = 'reason'): Message =>
  message(key, { ...inner.values, ...values, [slot]: inner.key });

/** `m` with its numbers written in `language`'s digits (0,05 and 10 000 in Russian; the interface's by default); text values stay as typed. */
export function localizeMessage(m: Message, language: Language = numberLocale()): Message {
  if (!m.values) return m;
  const values = Object.fromEntries(
    Object.entries(m.values).map(([k, v]) => [k, typeof v === 'number' ? localizeDigits(String(v), language) : v]),
  );
  return { ...m, values };
}

/** An Error that carries its message as a Message, so the page shows it in the student's language; `message` is its English. */
export class MessageError extends Error {
  constructor(
    readonly detail: Message,
    options?: ErrorOptions,
  ) {
    super(englishText(detail), options);
    this.name = 'MessageError';
  }
}
