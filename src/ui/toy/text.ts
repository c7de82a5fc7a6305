/**
 * The toy's words that are made from data (a refused setting, a diverged
 * method, a URL problem, a landscape's names), in the language `t` speaks.
 * Numbers are the interface's digits (format.ts): a setting or a value the
 * user chose is written as JavaScript writes it, then localized (0.05 → 0,05).
 */
import type { TFunction } from 'i18next';
import type { LandscapeId, MinimumKey } from '../../core/toy/landscape-info';
import type { ToyFieldError } from '../../core/toy/options';
import type { Divergence } from '../../core/toy/simulation';
import type { Method } from '../../core/methods';
import { formatInteger, localizeDigits } from '../format';
import { type Message, translate } from '../i18n/message';
import { localizeMessage } from '../i18n/text';

/** A number as JavaScript writes it (a setting, a value typed), in the interface's digits. */
export const writtenNumber = (x: number): string => localizeDigits(String(x));

/** `m` in the language `t` speaks; its number values in the interface's digits, its strings as typed. */
export const toyMessage = (t: TFunction, m: Message): string => translate(t, localizeMessage(m));

/** Why a setting is refused (the core's `ToyProblem`), in the language `t` speaks. */
export function fieldErrorText(t: TFunction, e: ToyFieldError): string {
  const name = t(`toy.errors.names.${e.field}`);
  const value = writtenNumber(e.value);
  switch (e.rule) {
    case 'finite':
      return t('toy.errors.finite', { name, value });
    case 'integer':
      return t('toy.errors.integer', { name, value });
    case 'range':
      return t('toy.errors.range', { name, op: e.op, bound: writtenNumber(e.bound), value });
    case 'p':
      return t('toy.errors.p', { value });
    case 'alpha2':
      return t('toy.errors.alpha2', { bound: writtenNumber(e.bound), value });
    case 'swaStart':
      return t('toy.errors.swaStart', { bound: writtenNumber(e.bound), value });
  }
}

/** Why `method` stopped early. */
export const stoppedText = (t: TFunction, method: Method, d: Divergence): string =>
  t('toy.stopped', { method, iteration: formatInteger(d.iteration), knob: d.knob });

/** A landscape's name. */
export const landscapeName = (t: TFunction, id: LandscapeId): string => t(`toy.landscapes.${id}.name`);

/** What a landscape shows. */
export const landscapeDescription = (t: TFunction, id: LandscapeId): string => t(`toy.landscapes.${id}.description`);

/** A named minimum's name ("the narrow basin"). */
export const minimumName = (t: TFunction, key: MinimumKey): string => t(`toy.minima.${key}`);
