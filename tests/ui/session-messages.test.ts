import { afterEach, describe, expect, it } from 'vitest';
import { DataSource } from '../../src/core/data/dataset';
import { type CacheLike, cachedReader } from '../../src/core/data/fetch-reader';
import { validateRunConfig } from '../../src/core/train/config';
import { checkChoice, checkNumber } from '../../src/core/validate';
import { setNumberLocale } from '../../src/ui/format';
import { type Message, translate } from '../../src/ui/i18n/message';
import { DEFAULT_LAB, runConfig } from '../../src/ui/lab';
import {
  backendNote,
  deviceLost,
  liveRejected,
  reasonOf,
  runEnded,
  runSkipped,
  saveFailed,
  skipReason,
  switchedNote,
  timingLine,
  workerError,
} from '../../src/ui/session-messages';
import type { BackendNote, BackendTiming } from '../../src/worker/protocol';
import { englishT, translator } from './charts-i18n';

const [tEn, tRu] = [englishT, translator('ru')];
const english = (m: Message) => translate(tEn, m);
const russian = (m: Message) => translate(tRu, m);

/** The English text of what `f` throws. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('it did not throw');
}

/** What `p` rejects with, as text. */
const rejected = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('it did not reject');
    },
    (e: Error) => e.message,
  );

const noCache: CacheLike = {
  open: () =>
    Promise.resolve({ match: () => Promise.resolve(undefined), put: () => Promise.resolve(), delete: () => Promise.resolve(false) }),
};

describe("the core's errors, as the page words them", () => {
  it('a bad setting: its name and value carried over, the same English as the core wrote, and Russian', () => {
    for (const text of [
      thrown(() => checkNumber('rho', -0.1, { min: 0 })),
      thrown(() => checkNumber('c', 2.5, { integer: true })),
      thrown(() => checkNumber('lr', Number.NaN)),
      thrown(() => checkChoice('dataset', 'cifar', ['mnist', 'fashion-mnist'])),
      thrown(() => validateRunConfig({ ...runConfig(DEFAULT_LAB, 'SGD'), trainSize: 100, batchSize: 200 })),
    ]) {
      const m = reasonOf(text);
      expect(m.key, text).not.toBe('session.reason.detail');
      expect(english(m)).toBe(text);
    }
    const rho = reasonOf('rho must be ≥ 0, got -0.1');
    expect(rho).toEqual({ key: 'session.reason.range', values: { name: 'rho', op: '≥', bound: '0', value: '-0.1' } });
    expect(russian(rho)).toBe('параметр rho должен быть ≥ 0, получено -0.1');
  });

  it('a data chunk that could not be read: the file named, and why', async () => {
    const offline = await rejected(
      DataSource.open(
        'fashion-mnist',
        cachedReader('http://x/data/', noCache, () => Promise.reject(new TypeError('Failed to fetch'))),
      ),
    );
    const m = reasonOf(offline);
    expect(m).toEqual({ key: 'session.reason.dataOffline', values: { file: 'fashion-mnist.json', detail: 'Failed to fetch' } });
    expect(english(m)).toBe(offline.replace(/^Dataset/, 'dataset'));
    expect(russian(m)).toBe(
      'не удалось прочитать файл данных fashion-mnist.json: его нет на этом устройстве, а сеть не ответила (Failed to fetch); подключитесь к сети один раз, чтобы загрузить fashion-mnist.json',
    );
    const http = await rejected(DataSource.open('mnist', { read: () => Promise.reject(new Error('HTTP 404 Not Found')) }));
    expect(reasonOf(http)).toEqual({ key: 'session.reason.dataUnreadable', values: { file: 'mnist.json', detail: 'HTTP 404 Not Found' } });
    const missing = await rejected(DataSource.open('mnist', { read: () => Promise.resolve(null) }));
    expect(reasonOf(missing)).toEqual({ key: 'session.reason.dataMissing', values: { file: 'mnist.json' } });
  });

  it('anything else is its own English text', () => {
    expect(reasonOf('Cannot read properties of undefined')).toEqual({
      key: 'session.reason.detail',
      values: { detail: 'Cannot read properties of undefined' },
    });
  });
});

describe("the session's messages", () => {
  it("frame a worker's error by what it was doing; the offline chunk keeps the words the browser tests look for", () => {
    const e = workerError({
      type: 'error',
      during: 'train',
      message:
        'Dataset file fashion-mnist-train-001.bin could not be read (fashion-mnist-train-001.bin is not stored on this device and the network did not answer (Failed to fetch); connect once to fetch it)',
    });
    expect(e.key).toBe('session.error.train');
    expect(english(e)).toBe(
      'The worker failed while training: dataset file fashion-mnist-train-001.bin could not be read (fashion-mnist-train-001.bin is not stored on this device and the network did not answer (Failed to fetch); connect once to fetch it)',
    );
    expect(russian(e)).toMatch(/^Воркер завершился с ошибкой при обучении: не удалось прочитать файл данных fashion-mnist-train-001\.bin/);
    const boom = { type: 'error', message: 'boom', during: 'memory' } as const;
    expect(english(workerError(boom))).toBe('The worker failed: boom');
    expect(russian(workerError(boom))).toBe('Воркер завершился с ошибкой: boom');
    expect(english(workerError({ ...boom, during: 'analyze' }))).toBe('The worker failed while analysing a solution: boom');
    expect(english(workerError({ ...boom, during: 'init', crashed: true }))).toBe('The compute worker crashed: boom');
  });

  it('say how a run diverged or failed, naming the method and the value', () => {
    const diverged = runEnded('SAM', {
      status: 'diverged',
      message: 'training loss became NaN (diverged); the last weights with a finite loss were kept',
    });
    expect(english(diverged!)).toBe('SAM diverged: its training loss became NaN. Its last weights with a finite loss are kept.');
    expect(russian(diverged!)).toBe(
      'Обучение SAM разошлось: функция потерь на обучении стала равна NaN. Сохранены последние веса с конечной функцией потерь.',
    );
    const weights = runEnded('SGD', {
      status: 'diverged',
      message: 'weights became Infinity (diverged); the last weights with a finite loss were kept',
    });
    expect(english(weights!)).toBe('SGD diverged: its weights became Infinity. Its last weights with a finite loss are kept.');
    expect(english(runEnded('SWA', { status: 'failed', message: 'out of memory' })!)).toBe('SWA failed: out of memory');
    expect(runEnded('SGD', { status: 'completed', message: null })).toBeNull();
    expect(runEnded('SGD', { status: 'cancelled', message: 'cancelled after 3 of 8 steps' })).toBeNull();
  });

  it('say why a branch never started, from its settings (its saved reason stays the English text)', () => {
    const r = { config: runConfig({ ...DEFAULT_LAB, swaStart: 3 }, 'SWA'), skipped: 'the run whose first part it shares ended early' };
    expect(english(runSkipped('SWA', r))).toBe("SWA did not start: the run whose first part it shares ended before SWA's start (epoch 3).");
    expect(russian(runSkipped('SWA', r))).toBe(
      'SWA не запущен: запуск, с которым он делит первую часть, закончился до начала SWA (эпоха 3).',
    );
    expect(english(skipReason(r)!)).toBe("the run whose first part it shares ended before SWA's start (epoch 3)");
    expect(skipReason({ config: r.config })).toBeNull();
  });

  it('name a full storage (the text the storage test reads), and other save failures by their text', () => {
    const full = new Error("this browser's storage for the lab is full (QuotaExceededError)", {
      cause: new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    });
    expect(english(saveFailed(full))).toBe(
      'Could not save the run in this browser: this browser\'s storage for the lab is full (QuotaExceededError). The run stays on this page: "Export run (JSON)" keeps it as a file.',
    );
    expect(saveFailed(new Error('IndexedDB could not be opened'))).toEqual({
      key: 'session.save.failed',
      values: { detail: 'IndexedDB could not be opened' },
    });
  });

  it("say a lost device and a refused live change in the user's language", () => {
    expect(english(deviceLost('gone', 'cpu'))).toBe('The GPU device was lost (gone). Finished runs are kept; continuing on cpu.');
    expect(russian(deviceLost('gone', 'cpu'))).toBe('Устройство GPU потеряно (gone). Завершённые запуски сохранены; продолжаем на cpu.');
    expect(english(liveRejected('SAM', 'rho must be ≥ 0, got -0.1'))).toBe('Change not applied to SAM: rho must be ≥ 0, got -0.1');
    expect(russian(liveRejected('SAM', 'rho must be ≥ 0, got -0.1'))).toBe(
      'Изменение не применено к SAM: параметр rho должен быть ≥ 0, получено -0.1',
    );
  });
});

describe("the header's backend lines", () => {
  afterEach(() => setNumberLocale('en'));

  it('word each note kind in both languages, with its values', () => {
    const notes: BackendNote[] = [
      { kind: 'remembered' },
      { kind: 'webgpuMissing' },
      { kind: 'noAdapter' },
      { kind: 'deviceFailed' },
      { kind: 'softwareAdapter' },
      { kind: 'webglUnavailable' },
      { kind: 'webglSkipped' },
      { kind: 'adapterFailed', detail: 'x' },
      { kind: 'deviceError', detail: 'x' },
      { kind: 'webglFailed', detail: 'x' },
      { kind: 'stepFailed', backend: 'webgl', detail: 'x' },
      { kind: 'resetFailed', backend: 'webgl' },
      { kind: 'webgpuSkipped', requested: 'webgl' },
    ];
    for (const m of [...notes.map(backendNote), switchedNote('cpu')]) {
      for (const text of [english(m), russian(m)]) expect(text, m.key).not.toMatch(/\{\{|\$t\(|backend\.note/);
    }
    expect(english(backendNote({ kind: 'stepFailed', backend: 'webgl', detail: 'lost context' }))).toBe(
      'webgl: a training step failed (lost context).',
    );
    expect(russian(backendNote({ kind: 'webgpuSkipped', requested: 'cpu' }))).toBe('WebGPU пропущен: запрошен бэкенд cpu.');
    expect(backendNote({ kind: 'remembered' })).toEqual({ key: 'backend.note.remembered' });
  });

  it('write the measured step times with the numbers in the language (one decimal under 10 ms)', () => {
    const timings: BackendTiming[] = [
      { backend: 'webgpu', msPerStep: 9.43, note: null },
      { backend: 'webgl', msPerStep: 14.2, note: null },
      { backend: 'cpu', msPerStep: 61, note: null },
    ];
    expect(timingLine(tEn, timings, 'webgpu')).toBe('webgpu 9.4 ms/step · webgl 14 · cpu 61 — using webgpu');
    setNumberLocale('ru');
    expect(timingLine(tRu, timings, 'webgpu')).toBe('webgpu 9,4 мс/шаг · webgl 14 · cpu 61 — выбран webgpu');
    const unmeasured: BackendTiming[] = [
      { backend: 'webgpu', msPerStep: null, note: 'unavailable' },
      { backend: 'webgl', msPerStep: null, note: null },
      { backend: 'cpu', msPerStep: 59, note: null },
    ];
    expect(timingLine(tRu, unmeasured, 'cpu')).toBe('webgpu недоступен · webgl не измерен · cpu 59 — выбран cpu');
    setNumberLocale('en');
    expect(timingLine(tEn, unmeasured, 'cpu')).toBe('webgpu unavailable · webgl not measured · cpu 59 — using cpu');
  });
});
