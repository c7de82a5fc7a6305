/**
 * Saving, exporting and importing experiments: JSON export/import (the import
 * is checked against a schema, and a malformed file changes nothing), CSV
 * export of the epoch table and the random rays, and the latest experiments
 * kept in IndexedDB so a reload restores them.
 */
import { validateRunConfig } from '../core/train/config';
import type { Experiment } from './experiment';
import { type Message, message } from './i18n/message';
import { MessageError, within } from './i18n/text';
import { validateLab } from './lab';
import { METHODS } from '../core/methods';
import { type Check, arrayOf, bool, nullable, num, numOrNull, object, oneOf, recordOf, str } from './schema';

const evaluation = object({ loss: num, accuracy: num });
const sharpness = nullable(object({ lambdaMax: num, residual: num, hvps: num }));
const epochEvent = object({
  epoch: num,
  step: num,
  trainLoss: num,
  trainAccuracy: num,
  test: evaluation,
  swa: nullable(object({ loss: num, accuracy: num, models: num, spread: num })),
  fge: nullable(object({ loss: num, accuracy: num, models: num })),
  sharpness,
  swaSharpness: sharpness,
});
const weights = object({ params: arrayOf(arrayOf(num)), state: arrayOf(arrayOf(num)) });
const pointValue = object({ trainLoss: numOrNull, trainError: numOrNull, testError: numOrNull });
const rayResult = object({ t: arrayOf(num), curves: arrayOf(arrayOf(pointValue)), nonFinite: num });
const run: Check = object({
  method: oneOf(...METHODS),
  status: oneOf('waiting', 'training', 'completed', 'cancelled', 'diverged', 'failed'),
  points: arrayOf(object({ step: num, epoch: num, loss: num, lr: num, rho: numOrNull })),
  stride: num,
  epochs: arrayOf(epochEvent),
  changes: arrayOf(object({ step: num, changes: object({}) })),
  progress: object({ step: num, total: num }),
  result: nullable(object({ status: str, steps: num, elapsedSeconds: num })),
  solution: nullable(weights),
});
const analysis = object({
  runId: str,
  values: arrayOf(num),
  residuals: arrayOf(num),
  hvps: num,
  converged: bool,
  ratio: numOrNull,
  trace: object({ trace: num, se: num, hvps: num }),
  density: nullable(object({ grid: arrayOf(num), density: arrayOf(num) })),
  rays: rayResult,
  eigenRay: nullable(rayResult),
  own: object({ trainLoss: num, testError: num }),
});
const planeView = object({
  plane: oneOf('solutions', 'snapshots'),
  points: arrayOf(object({ label: str, a: num, b: num, value: pointValue }), 3),
  marks: arrayOf(object({ label: str, a: num, b: num, distance: num, value: pointValue })),
  a: arrayOf(num),
  b: arrayOf(num),
  trainLoss: arrayOf(arrayOf(numOrNull)),
  testError: arrayOf(arrayOf(numOrNull)),
});
const onPlane = { x: num, y: num, offPlane: num };
const trajectoryView = object({
  method: oneOf(...METHODS),
  explained: arrayOf(num, 2),
  path: arrayOf(object({ step: num, ...onPlane })),
  marks: arrayOf(object({ label: str, ...onPlane })),
  a: arrayOf(num),
  b: arrayOf(num),
  trainLoss: arrayOf(arrayOf(numOrNull)),
});
const layerRow = object({ name: str, size: num, lambdaMax: num, residual: num, hvps: num, converged: bool });
const reparamSide = object({
  testAccuracy: num,
  dataLoss: num,
  regularizedLoss: num,
  lambdaMax: num,
  trace: num,
  traceSe: num,
  adaptiveLambdaMax: num,
  width: num,
  widthCensored: num,
});
const experiment = object({
  format: oneOf('wide-optima-lab/experiment'),
  version: oneOf(1),
  id: str,
  createdAt: str,
  lab: object({}),
  phase: oneOf('idle', 'training', 'analyzing', 'done', 'stopped'),
  runs: object(Object.fromEntries(METHODS.map((m) => [m, run]))),
  analyses: recordOf(METHODS, analysis),
  interpolations: recordOf(METHODS, object({ s: arrayOf(num), values: arrayOf(pointValue), nonFinite: num })),
  surface: nullable(
    object({ method: oneOf(...METHODS), result: object({ a: arrayOf(num), b: arrayOf(num), trainLoss: arrayOf(arrayOf(numOrNull)) }) }),
  ),
  views: nullable(
    object({
      plane: nullable(recordOf(['solutions', 'snapshots'], planeView)),
      trajectory: nullable(recordOf(METHODS, trajectoryView)),
      layers: nullable(object({ methods: recordOf(METHODS, arrayOf(layerRow)) })),
      reparam: nullable(object({ method: oneOf(...METHODS), layer: str, down: str, alpha: num, before: reparamSide, after: reparamSide })),
    }),
  ),
});

/** An import refused: `source` is not a saved run, for the reason `reason` (a message of its own, kept inside). */
const notRun = (source: string, reason: Message, cause?: unknown) =>
  new MessageError(within('lab.import.notRun', { source }, reason), cause === undefined ? undefined : { cause });

/**
 * Validates an imported value; throws a MessageError naming `source` and the
 * first problem (its `detail` for the page, its `message` in English).
 */
export function parseExperiment(value: unknown, source: string): Experiment {
  const problem = experiment(value, '');
  if (problem) throw notRun(source, problem);
  const x = value as Experiment;
  // Runs saved before these settings existed: clean labels and the He/Glorot initialisation, as they were trained.
  const saved = x.lab as Partial<typeof x.lab>;
  x.lab = { ...x.lab, labelNoise: saved.labelNoise ?? 0, init: saved.init ?? 'he-glorot' };
  const labError = Object.entries(validateLab(x.lab))[0];
  if (labError) throw notRun(source, within('lab.import.atPath', { path: `lab.${labError[0]}` }, labError[1], 'inner'));
  for (const m of METHODS) {
    const r = x.runs[m];
    try {
      validateRunConfig(r.config);
    } catch (e) {
      // The core's own check, in its English.
      throw notRun(source, message('lab.import.runConfig', { method: m, detail: (e as Error).message }), e);
    }
    if (r.method !== m) throw notRun(source, message('lab.import.method', { method: m, got: String(r.method) }));
  }
  // A run that was still going when saved is shown as stopped.
  return { ...x, phase: x.phase === 'training' || x.phase === 'analyzing' ? 'stopped' : x.phase };
}

const csvRow = (cells: (string | number | null | undefined)[]) =>
  cells.map((c) => (c === null || c === undefined ? '' : String(c))).join(',');

/** One row per method and epoch: losses, accuracies, w_SWA / FGE accuracy, λ_max. */
export function epochsCsv(x: Experiment): string {
  const rows = [
    csvRow([
      'method',
      'epoch',
      'step',
      'train_loss',
      'train_accuracy',
      'test_loss',
      'test_accuracy',
      'swa_accuracy',
      'fge_accuracy',
      'lambda_max',
      'swa_lambda_max',
    ]),
  ];
  for (const m of METHODS) {
    for (const e of x.runs[m].epochs) {
      rows.push(
        csvRow([
          m,
          e.epoch,
          e.step,
          e.trainLoss,
          e.trainAccuracy,
          e.test.loss,
          e.test.accuracy,
          e.swa?.accuracy,
          e.fge?.accuracy,
          e.sharpness?.lambdaMax,
          e.swaSharpness?.lambdaMax,
        ]),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/** One row per method, direction and t: train loss (CE + λ‖w‖²) and test error; empty where not finite. */
export function raysCsv(x: Experiment): string {
  const rows = [csvRow(['method', 'direction', 't', 'train_loss', 'test_error'])];
  for (const m of METHODS) {
    const a = x.analyses[m];
    a?.rays.curves.forEach((curve, d) => curve.forEach((p, i) => rows.push(csvRow([m, d, a.rays.t[i], p.trainLoss, p.testError]))));
  }
  return `${rows.join('\n')}\n`;
}

const DB = 'wide-optima-lab';
const STORE = 'experiments';
/** How many finished experiments are kept. */
const KEEP = 10;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Saves (or replaces) an experiment and drops the oldest beyond KEEP, in one
 * transaction (tabs saving at the same time are serialised by IndexedDB and
 * keep each other's runs: ids are random UUIDs). A full storage is reported
 * as such (a MessageError).
 */
export async function saveExperiment(x: Experiment): Promise<void> {
  const db = await openDb();
  try {
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    await request(store.put(x));
    const all = (await request(store.getAll())) as Experiment[];
    const old = all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(KEEP);
    for (const o of old) await request(store.delete(o.id));
  } catch (e) {
    if (e instanceof DOMException && e.name === 'QuotaExceededError')
      throw new MessageError(message('lab.storage.full', { name: e.name }), { cause: e });
    throw e;
  } finally {
    db.close();
  }
}

/** Every saved experiment that still validates, newest first. */
export async function listExperiments(): Promise<Experiment[]> {
  const db = await openDb();
  try {
    const all = (await request(db.transaction(STORE, 'readonly').objectStore(STORE).getAll())) as unknown[];
    const valid: Experiment[] = [];
    for (const x of all) {
      try {
        valid.push(parseExperiment(x, 'a saved run'));
      } catch {
        // A record from an older version of the lab that no longer validates is left out, not shown half-read.
      }
    }
    return valid.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  } finally {
    db.close();
  }
}
