/**
 * A small declarative schema checker for imported files: each check returns
 * the first problem as "path: reason", or null. Only what the lab reads is
 * described; anything else in a file is ignored.
 */
export type Check = (value: unknown, path: string) => string | null;

const describe = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v);

export const num: Check = (v, path) =>
  typeof v === 'number' && Number.isFinite(v) ? null : `${path}: expected a finite number, got ${describe(v)}`;
/** A number, or null where the lab stores a non-finite value as null. */
export const numOrNull: Check = (v, path) => (v === null ? null : num(v, path));
export const str: Check = (v, path) => (typeof v === 'string' ? null : `${path}: expected text, got ${describe(v)}`);
export const bool: Check = (v, path) => (typeof v === 'boolean' ? null : `${path}: expected true or false, got ${describe(v)}`);

export const oneOf =
  (...options: readonly unknown[]): Check =>
  (v, path) =>
    options.includes(v) ? null : `${path}: expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(v)}`;

export const nullable =
  (inner: Check): Check =>
  (v, path) =>
    v === null || v === undefined ? null : inner(v, path);

export const arrayOf =
  (item: Check, maxLength = 1_000_000): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return `${path}: expected a list, got ${describe(v)}`;
    if (v.length > maxLength) return `${path}: more than ${maxLength} entries`;
    for (let i = 0; i < v.length; i++) {
      const p = item(v[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  };

export const object =
  (fields: Record<string, Check>): Check =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path}: expected an object, got ${describe(v)}`;
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
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path}: expected an object, got ${describe(v)}`;
    for (const [k, x] of Object.entries(v)) {
      if (!keys.includes(k)) return `${path}: unexpected key "${k}"`;
      const p = item(x, `${path}.${k}`);
      if (p) return p;
    }
    return null;
  };
