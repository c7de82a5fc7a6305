import { describe, expect, it } from 'vitest';
import type { EpochEvent } from '../../src/core/train/events';
import { translate } from '../../src/ui/i18n/message';
import { MessageError, localizeMessage } from '../../src/ui/i18n/text';
import { type Experiment, MAX_POINTS, newExperiment, reduce } from '../../src/ui/experiment';
import { DEFAULT_LAB, runConfig } from '../../src/ui/lab';
import { epochsCsv, parseExperiment, raysCsv } from '../../src/ui/persistence';
import { translator } from './charts-i18n';
import { analysisPayload, stepEvent } from './fixtures';

const epoch = (n: number): EpochEvent => ({
  type: 'epoch',
  epoch: n,
  step: 31 * n,
  trainLoss: 1 / n,
  trainAccuracy: 0.5,
  test: { loss: 0.6, accuracy: 0.8 },
  swa: null,
  fge: null,
  sharpness: { lambdaMax: 12.5, residual: 0.1, hvps: 5 },
  swaSharpness: null,
});

function sample(): Experiment {
  let x = newExperiment(DEFAULT_LAB, 'x1', '2026-11-25T08:00:00Z');
  x = reduce(x, { type: 'run-started', method: 'SGD', config: runConfig(DEFAULT_LAB, 'SGD') });
  x = reduce(x, {
    type: 'run-event',
    method: 'SGD',
    event: { type: 'start', method: 'SGD', totalSteps: 62, stepsPerEpoch: 31, numParams: 14410, firstStep: 0, branchedFrom: null },
  });
  for (let s = 1; s <= 62; s++) {
    x = reduce(x, {
      type: 'run-event',
      method: 'SGD',
      event: stepEvent(s, { epoch: s / 31, loss: 2 / s, etaSeconds: (62 - s) / 10 }),
    });
  }
  x = reduce(x, { type: 'run-event', method: 'SGD', event: epoch(1) });
  x = reduce(x, { type: 'run-event', method: 'SGD', event: epoch(2) });
  x = reduce(x, {
    type: 'analysis',
    method: 'SGD',
    analysis: analysisPayload('SGD', {
      values: [12, 8],
      residuals: [0.01, 0.02],
      hvps: 14,
      ratio: 1.5,
      trace: { trace: 80, se: 4, hvps: 4, samples: 4 },
      rays: {
        t: [0, 20],
        curves: [
          [
            { trainLoss: 0.4, trainError: 0.1, testError: 0.2 },
            { trainLoss: null, trainError: null, testError: null },
          ],
        ],
        nonFinite: 1,
      },
      hessianL2: false,
      own: { trainLoss: 0.4, testError: 0.2 },
      seconds: 3,
    }),
  });
  return x;
}

/** Where a field sits in a saved run: keys and list indices from the top. */
type Path = [string, ...(string | number)[]];

/** A JSON copy of `x` (as a file holds it) and the object that holds the field at `path` in that copy. */
function copyAt(x: unknown, path: Path): { copy: unknown; parent: Record<string | number, unknown>; key: string | number } {
  const copy = JSON.parse(JSON.stringify(x)) as unknown;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  return { copy, parent, key: path[path.length - 1]! };
}

/** `x` as a file holds it, with the field at `path` set to `value` (a copy of it). */
function withField(x: unknown, path: Path, value: unknown): unknown {
  const { copy, parent, key } = copyAt(x, path);
  parent[key] = JSON.parse(JSON.stringify(value)) as unknown;
  return copy;
}

/** `x` as a file holds it, without the field at `path`. */
function withoutField(x: unknown, path: Path): unknown {
  const { copy, parent, key } = copyAt(x, path);
  delete parent[key];
  return copy;
}

describe('experiments', () => {
  it('the reducer keeps curves, epochs and progress', () => {
    const x = sample();
    expect(x.runs.SGD.points.length).toBe(62);
    expect(x.runs.SGD.progress).toMatchObject({ step: 62, total: 62, etaSeconds: 0 });
    expect(x.runs.SGD.epochs.length).toBe(2);
  });

  it('thins long curves to at most MAX_POINTS, keeping evenly spaced steps', () => {
    let x = newExperiment(DEFAULT_LAB, 'x', 't');
    for (let s = 1; s <= 2 * MAX_POINTS + 10; s++) {
      x = reduce(x, {
        type: 'run-event',
        method: 'SAM',
        event: {
          type: 'step',
          step: s,
          epoch: 0,
          loss: 1,
          accuracy: 0,
          lr: 0.1,
          rho: 0.05,
          phase: 'base',
          swaModels: 0,
          stepsPerSecond: 1,
          etaSeconds: 1,
        },
      });
    }
    const pts = x.runs.SAM.points;
    expect(pts.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(pts.every((p) => p.step % x.runs.SAM.stride === 0)).toBe(true);
  });

  it('round-trips through JSON and validates', () => {
    const x = sample();
    expect(parseExperiment(JSON.parse(JSON.stringify(x)), 'run.json')).toEqual(x);
  });

  it('a run saved before label noise and the initialisation option existed loads as trained: clean labels, He/Glorot', () => {
    const old = withoutField(withoutField(sample(), ['lab', 'labelNoise']), ['lab', 'init']);
    const x = parseExperiment(old, 'old.json');
    expect(x.lab.labelNoise).toBe(0);
    expect(x.lab.init).toBe('he-glorot');
    const odd = withField(sample(), ['lab', 'init'], 'xavier');
    expect(() => parseExperiment(odd, 'odd.json')).toThrow(
      'odd.json is not a saved Wide Optima Lab run: lab.init: init must be one of "he-glorot", "fan-in-uniform", got "xavier"',
    );
  });

  it('rejects malformed files with the path of the first problem', () => {
    const good = sample();
    const bad = (path: Path, value: unknown) => () => parseExperiment(withField(good, path, value), 'run.json');
    expect(() => parseExperiment('hello', 'run.json')).toThrow(
      'run.json is not a saved Wide Optima Lab run: : expected an object, got string',
    );
    expect(bad(['format'], 'other')).toThrow('format: expected one of "wide-optima-lab/experiment", got "other"');
    expect(bad(['runs', 'SGD', 'epochs', 0, 'test', 'accuracy'], 'high')).toThrow(
      'runs.SGD.epochs[0].test.accuracy: expected a finite number, got string',
    );
    expect(bad(['analyses', 'SGD', 'rays', 'curves'], 3)).toThrow('analyses.SGD.rays.curves: expected a list, got number');
    expect(bad(['analyses', 'ADAM'], good.analyses.SGD)).toThrow('analyses: unexpected key "ADAM"');
    expect(bad(['lab', 'rho'], -1)).toThrow('lab.rho: rho must be ≥ 0, got -1');
    expect(bad(['runs', 'SAM', 'config', 'batchSize'], 0)).toThrow('runs.SAM.config: batchSize must be ≥ 1, got 0');
  });

  it('carries the reason as a message, which the page shows in the student’s language, naming the setting', () => {
    const refusal = (path: Path, value: unknown) => {
      try {
        parseExperiment(withField(sample(), path, value), 'run.json');
      } catch (e) {
        expect(e).toBeInstanceOf(MessageError);
        const { detail } = e as MessageError;
        return (['en', 'ru'] as const).map((l) => translate(translator(l), localizeMessage(detail, l)));
      }
      throw new Error('accepted');
    };
    expect(refusal(['lab', 'rho'], -1)).toEqual([
      'run.json is not a saved Wide Optima Lab run: lab.rho: radius ρ must be ≥ 0, got -1',
      'run.json — не сохранённый запуск Wide Optima Lab: lab.rho — радиус ρ: нужно ≥ 0, получено -1',
    ]);
    expect(refusal(['runs', 'SGD', 'epochs', 0, 'test', 'accuracy'], 'high')).toEqual([
      'run.json is not a saved Wide Optima Lab run: runs.SGD.epochs[0].test.accuracy: expected a finite number, got string',
      'run.json — не сохранённый запуск Wide Optima Lab: runs.SGD.epochs[0].test.accuracy: ожидалось конечное число, а это строка',
    ]);
  });

  it('a run saved mid-training comes back as stopped', () => {
    const x = { ...sample(), phase: 'training' as const };
    expect(parseExperiment(JSON.parse(JSON.stringify(x)), 'x').phase).toBe('stopped');
  });

  it('exports epochs and rays as CSV, non-finite values as empty cells', () => {
    const x = sample();
    const epochs = epochsCsv(x).trim().split('\n');
    expect(epochs[0]).toBe(
      'method,epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,swa_accuracy,fge_accuracy,lambda_max,swa_lambda_max',
    );
    expect(epochs[1]).toBe('SGD,1,31,1,0.5,0.6,0.8,,,12.5,');
    expect(raysCsv(x).trim().split('\n')).toEqual(['method,direction,t,train_loss,test_error', 'SGD,0,0,0.4,0.2', 'SGD,0,20,,']);
  });
});
