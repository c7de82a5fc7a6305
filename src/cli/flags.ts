/** A small `--name value` / `--name=value` / `--flag` parser shared by the terminal commands. */

export class UsageError extends Error {}

export interface ParsedFlags {
  values: Map<string, string>;
  flags: Set<string>;
  /** The value of --name as a finite number, or `fallback` when absent. */
  number(name: string, fallback: number): number;
}

export function parseFlags(argv: readonly string[], valueFlags: readonly string[], booleanFlags: readonly string[]): ParsedFlags {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (booleanFlags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (valueFlags.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return {
    values,
    flags,
    number(name, fallback) {
      const raw = values.get(name);
      if (raw === undefined) return fallback;
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} expects a number, got "${raw}"`);
      return v;
    },
  };
}
