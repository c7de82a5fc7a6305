import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../src/core/models/spec';
import { validateSamOptions } from '../../src/core/optim/sam';
import { validateCyclicOptions } from '../../src/core/optim/schedule';
import { validateSgdOptions } from '../../src/core/optim/sgd';
import { DEFAULT_RUN, type RunConfig, validateRunConfig } from '../../src/core/train/config';

const sam = { rho: 0.05, p: 2, adaptive: false };
const cyc = { alpha1: 0.05, alpha2: 0.01, c: 2 };

describe('every bad hyperparameter is rejected with its value in the message', () => {
  it.each([
    [{ ...sam, rho: -0.1 }, 'rho must be ≥ 0, got -0.1'],
    [{ ...sam, rho: Number.NaN }, 'rho must be a finite number, got NaN'],
    [{ ...sam, p: 1 }, 'p must be > 1, got 1'],
    [{ ...sam, p: 0.5 }, 'p must be > 1, got 0.5'],
    [{ ...sam, p: Number.NaN }, 'p must be a finite number, got NaN'],
  ])('SAM %o', (o, message) => expect(() => validateSamOptions(o)).toThrow(message));

  it.each([
    [{ ...cyc, c: 0 }, 'c must be ≥ 1, got 0'],
    [{ ...cyc, c: 2.5 }, 'c must be an integer, got 2.5'],
    [{ ...cyc, alpha1: 0.01, alpha2: 0.05 }, 'alpha1 must be ≥ alpha2, got alpha1 = 0.01 < alpha2 = 0.05'],
    [{ ...cyc, alpha2: -0.01 }, 'alpha2 must be ≥ 0, got -0.01'],
    [{ ...cyc, alpha1: Number.POSITIVE_INFINITY }, 'alpha1 must be a finite number, got Infinity'],
  ])('SWA schedule %o', (o, message) => expect(() => validateCyclicOptions(o)).toThrow(message));

  it.each([
    [{ momentum: 1, weightDecay: 0 }, 'momentum must be < 1, got 1'],
    [{ momentum: -0.5, weightDecay: 0 }, 'momentum must be ≥ 0, got -0.5'],
    [{ momentum: 0.9, weightDecay: -1e-4 }, 'weightDecay must be ≥ 0, got -0.0001'],
  ])('SGD %o', (o, message) => expect(() => validateSgdOptions(o)).toThrow(message));

  const run = (o: Partial<RunConfig>) => () => validateRunConfig({ ...DEFAULT_RUN, ...o });
  it.each([
    [{ epochs: -1 }, 'epochs must be > 0, got -1'],
    [{ epochs: Number.NaN }, 'epochs must be a finite number, got NaN'],
    [{ batchSize: 0 }, 'batchSize must be ≥ 1, got 0'],
    [{ batchSize: 12.5 }, 'batchSize must be an integer, got 12.5'],
    [{ batchSize: 20000 }, 'batchSize must be ≤ 4096, got 20000'],
    [{ trainSize: 100, batchSize: 128 }, 'batchSize must be ≤ trainSize (100), got 128'],
    [{ trainSize: 70000 }, 'trainSize must be ≤ 60000, got 70000'],
    [{ seed: -3 }, 'seed must be ≥ 0, got -3'],
    [{ dataset: 'cifar10' as never }, 'dataset must be one of "fashion-mnist", "mnist", got "cifar10"'],
    [{ sgd: { ...DEFAULT_RUN.sgd, lr: 0 } }, 'lr must be > 0, got 0'],
    [{ sgd: { ...DEFAULT_RUN.sgd, schedule: 'step' as never } }, 'schedule must be one of "constant", "linear", "cosine", got "step"'],
    [{ sam: { ...sam, rho: -1 } }, 'rho must be ≥ 0, got -1'],
    [{ swa: { ...cyc, c: 0, start: 1, startUnit: 'epoch' as const, fge: true } }, 'c must be ≥ 1, got 0'],
    [
      { swa: { ...cyc, start: 10, startUnit: 'epoch' as const, fge: true } },
      'swa.start must come before the end of training (step 1560), got step 1560',
    ],
    [{ model: { ...DEFAULT_MODEL, convs: [{ filters: 0, kernel: 3 }] } }, 'model.convs[0].filters must be ≥ 1, got 0'],
    [
      {
        model: {
          ...DEFAULT_MODEL,
          convs: [
            { filters: 8, kernel: 7 },
            { filters: 8, kernel: 7 },
            { filters: 8, kernel: 7 },
          ],
        },
      },
      'model.convs[2] leaves no spatial extent',
    ],
  ])('run config %o', (o, message) => expect(run(o)).toThrow(message));

  it('accepts the defaults', () => {
    expect(validateRunConfig(DEFAULT_RUN)).toBe(DEFAULT_RUN);
  });
});
