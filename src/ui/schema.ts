/**
 * A small declarative schema checker for imported files: each check returns
 * the first problem as a message naming its path ("path: reason" in
 * English), or null. Only what the lab reads is described; anything else in
 * a file is ignored.
 */
import { type Message, message } from './i18n/message';

export type Check = (value: unknown, path: string) => Message | null;

/** What a value is, as the catalog's `lab.schema.kinds` names it. */
const kind = (v: unknown) => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v);
/** A value as the file wrote it. */
const json = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));

export const num: Check = (v, path) =>
  typeof v === 'number' && Number.isFinite(v) ? null : message('lab.schema.number', { path, got: kind(v) });
/** A number, or null where the lab stores a non-finite value as null. */
export const numOrNull: Check = (v, path) => (v === null ? null : num(v, path));
export const str: Check = (v, path) => (typeof v === 'string' ? null : message('lab.schema.text', { path, got: kind(v) }));
export const bool: Check = (v, path) => (typeof v === 'boolean' ? null : message('lab.schema.boolean', { path, got: kind(v) }));

export const oneOf =
  (...options: readonly unknown[]): Check =>
  (v, path) =>
    options.includes(v) ? null : message('lab.schema.oneOf', { path, options: options.map(json).join(', '), value: json(v) });

export const nullable =
  (inner: Check): Check =>
  (v, path) =>
    v === null || v === undefined ? null : inner(v, path);

export const arrayOf =
  (item: Check, maxLength = 1_000_000): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return message('lab.schema.list', { path, got: kind(v) });
    if (v.length > maxLength) return message('lab.schema.tooLong', { path, max: maxLength });
    for (let i = 0; i < v.length; i++) {
      const p = item(v[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  };

export const object =
  (fields: Record<string, Check>): Check =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return message('lab.schema.object', { path, got: kind(v) });
    for (const [k, check] of Object.entries(fields)) {
      const p = check((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (p) return p;
    }
    return null;
  };

/** An object whose keys are optional members of `keys`, each value checked by `item`. */
export const recordOf =
  (keys: readonly string[], item: Check): Check =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return message('lab.schema.object', { path, got: kind(v) });
    for (const [k, x] of Object.entries(v)) {
      if (!keys.includes(k)) return message('lab.schema.unexpectedKey', { path, key: k });
      const p = item(x, `${path}.${k}`);
      if (p) return p;
    }
    return null;
  };
