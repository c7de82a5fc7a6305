/**
 * A message made outside React (the session, the form's validation, the URL's
 * problems): a catalog key and its values, translated when it is shown, so it
 * follows the language switch. Values keep the user's input as typed.
 */
import type { ParseKeys, TFunction } from 'i18next';

export type MessageKey = ParseKeys;

export interface Message {
  key: MessageKey;
  values?: Record<string, string | number>;
}

/** The message `key` with `values`. */
export const message = (key: MessageKey, values?: Record<string, string | number>): Message => (values ? { key, values } : { key });

/**
 * `m` in the language `t` speaks. A message's key is only known at run time,
 * so its values are checked where it is made (by the catalogs' test: the same
 * placeholders in both languages), not by `t`'s per-key types.
 */
export function translate(t: TFunction, m: Message): string {
  const lookUp = t as unknown as (key: string, values: Record<string, string | number>) => string;
  return lookUp(m.key, m.values ?? {});
}
