import { UsageError } from './flags';

/** Runs a terminal command: exits with the code `main` resolves to; an error prints `error: …` and exits with 1. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * The start of a command's `main`: `parse` applied to the command line (process.argv without node and the
 * script), giving the options, or the exit code to return at once. A UsageError from `parse` prints
 * `error: …`, a blank line and `usage` on stderr and gives 2; `parse` returning 'help' prints `usage` on
 * stdout and gives 0. Any other error propagates (to `runCommand`, which exits with 1).
 */
export function parseCommandLine<T extends object>(parse: (argv: readonly string[]) => T | 'help', usage: string): T | number {
  let options: T | 'help';
  try {
    options = parse(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${usage}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return options;
}
