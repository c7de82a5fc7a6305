import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/experiment.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run experiment flags', () => {
  it.each([
    [['--preset', 'huge'], 'error: unknown preset "huge" (one of lecture, quick, full, noisy, edge, tiny)'],
    [['--lab', 'labelNoise=0.95'], 'error: --lab: labelNoise: labelNoise must be ≤ 0.8, got 0.95'],
    [['--lab', 'rho=abc'], 'error: --lab: rho=abc is not a number; using 0.05'],
    [['--lab', 'colour=red'], 'error: --lab: unknown setting "colour" ignored'],
    [
      ['--variants', 'sgd,adam'],
      'error: --variants: no variant "adam" (one of sgd, swa1, swa1.25, swa1.5, sam0.01, sam0.05, sam0.1, asam0.5)',
    ],
    [['--bogus'], 'error: unknown option --bogus'],
    [['--seeds', 'three'], 'error: --seeds expects a number, got "three"'],
    [['--rhos', '0.05,x'], 'error: --rhos expects numbers ≥ 0, got "0.05,x"'],
  ])('%o exits with code 2 before training: %s', (argv, message) => {
    const r = cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: npm run experiment');
  });
});
