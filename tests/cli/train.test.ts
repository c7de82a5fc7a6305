import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../src/cli/args';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run train flags', () => {
  it('builds a SAM config from flags', () => {
    const { config } = parseArgs(['--dataset', 'mnist', '--optimizer', 'sam', '--rho', '0.1', '--p', 'inf', '--adaptive', '--epochs=2']);
    expect(config.dataset).toBe('mnist');
    expect(config.sam).toEqual({ rho: 0.1, p: Infinity, adaptive: true });
    expect(config.swa).toBeNull();
    expect(config.epochs).toBe(2);
  });

  it('takes the initialisation scheme (He/Glorot by default)', () => {
    expect(parseArgs([]).config.model.init).toBe('he-glorot');
    expect(parseArgs(['--init', 'fan-in-uniform']).config.model.init).toBe('fan-in-uniform');
  });

  it('builds a SWA config with its start defaulting to 75 % of the budget', () => {
    const { config } = parseArgs(['--optimizer', 'swa', '--epochs', '8', '--c', '5', '--alpha1', '0.1', '--alpha2', '0.02']);
    expect(config.swa).toEqual({ start: 6, startUnit: 'epoch', alpha1: 0.1, alpha2: 0.02, c: 5, fge: true });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--epochs'], '--epochs needs a value'],
    [['--epochs', 'ten'], '--epochs expects a number, got "ten"'],
    [['--optimizer', 'adam'], '--optimizer must be sgd, sam, swa or swa-sam, got "adam"'],
    [['--rho', '0.1'], '--rho and --p apply only to --optimizer sam or swa-sam'],
    [['--optimizer', 'sam', '--rho', '-1'], 'rho must be ≥ 0, got -1'],
    [['--optimizer', 'swa', '--c', '0'], 'c must be ≥ 1, got 0'],
    [['stray'], 'unexpected argument "stray"'],
    [['--init', 'xavier'], 'model.init must be one of "he-glorot", "fan-in-uniform", got "xavier"'],
  ])('%o is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('exits with code 2 and the usage on bad flags', () => {
    const r = cli(['--optimizer', 'sam', '--rho', '-0.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: rho must be ≥ 0, got -0.5');
    expect(r.stderr).toContain('usage: npm run train');
  });

  it('trains a tiny run and prints a JSON summary', () => {
    const r = cli(['--train-size', '64', '--test-size', '50', '--epochs', '1', '--batch-size', '32', '--quiet']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { final: { test: { accuracy: number } } };
    expect(summary).toMatchObject({ method: 'SGD', status: 'completed', steps: 2, backend: 'cpu' });
    expect(summary.final.test.accuracy).toBeGreaterThanOrEqual(0);
  });
});
