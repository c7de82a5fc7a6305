/**
 * Picks the tfjs backend by measurement: a few warm training steps of the
 * lab's model on each backend this browser offers (WebGPU, WebGL, the cpu
 * backend; tfjs's wasm backend cannot train convnets: it has no
 * Conv2DBackpropFilter), the fastest wins. "WebGPU first" is not "fastest
 * first": a software WebGPU adapter, or tfjs-webgpu's naive kernels on a
 * small net, can be slower than WebGL or the cpu. Every backend that could
 * not run gets a note saying why (plain data: the page words it), for the
 * page to show.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { installCpuKernels } from '../core/kernels/cpu-kernels';
import type { ModelSpec } from '../core/models/spec';
import { createRng } from '../core/rng';
import { DEFAULT_RUN } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { pickBackend } from './backend-pick';
import type { AdapterInfo, BackendName, BackendNote, BackendTiming } from './protocol';

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

interface NavigatorWithGpu {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

export interface BackendChoice {
  backend: BackendName;
  notes: BackendNote[];
  adapter: AdapterInfo | null;
  /** Measured ms/step per backend (empty when a backend was forced). */
  timings: BackendTiming[];
}

/** The browser's text of a thrown error. */
const detailOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Sets the WebGPU backend: its adapter, or false (with a note saying why) when it cannot start. */
async function tryWebGpu(notes: BackendNote[]): Promise<AdapterInfo | false> {
  const gpu = (navigator as unknown as NavigatorWithGpu).gpu;
  if (!gpu) {
    notes.push({ kind: 'webgpuMissing' });
    return false;
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    notes.push({ kind: 'adapterFailed', detail: detailOf(e) });
    return false;
  }
  if (!adapter) {
    notes.push({ kind: 'noAdapter' });
    return false;
  }
  try {
    if (!(await tf.setBackend('webgpu'))) {
      notes.push({ kind: 'deviceFailed' });
      return false;
    }
    await tf.ready();
  } catch (e) {
    notes.push({ kind: 'deviceError', detail: detailOf(e) });
    return false;
  }
  const info = adapter.info;
  const fallback = adapter.isFallbackAdapter ?? info?.isFallbackAdapter ?? false;
  if (fallback) notes.push({ kind: 'softwareAdapter' });
  return { name: [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' '), fallback };
}

/** Sets the cpu backend with the lab's fast kernels. */
async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  installCpuKernels();
}

async function tryWebGl(notes: BackendNote[]): Promise<boolean> {
  try {
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      return true;
    }
    notes.push({ kind: 'webglUnavailable' });
  } catch (e) {
    notes.push({ kind: 'webglFailed', detail: detailOf(e) });
  }
  return false;
}

/**
 * Median ms of a few warm training steps of `model` (batch 64, synthetic
 * images) on the current backend, through the lab's own Trainer. The first
 * steps compile shaders and are not counted; a backend whose warm-up step
 * already takes over `limitMs` is not timed further (it cannot win).
 */
async function timeSteps(model: ModelSpec, limitMs: number): Promise<{ ms: number; early: boolean }> {
  const [h, w, ch] = model.inputShape;
  const steps = 6;
  const n = 64 * steps;
  const rng = createRng(7);
  const set = (count: number) => ({
    labels: Uint8Array.from({ length: count }, (_, i) => i % model.numClasses),
    pixels: Uint8Array.from({ length: count * h * w * ch }, () => Math.floor(rng.next() * 256)),
    count,
    shape: [h, w, ch] as [number, number, number],
    numClasses: model.numClasses,
  });
  const t = new Trainer(
    { ...DEFAULT_RUN, model, trainSize: n, testSize: 64, epochs: 1, batchSize: 64, sharpness: null },
    { train: set(n), test: set(64) },
  );
  const times: number[] = [];
  let last = performance.now();
  let early = false;
  try {
    await t.run((e) => {
      if (e.type !== 'step') return;
      const now = performance.now();
      const ms = now - last;
      last = now;
      if (e.step === 2 && ms > limitMs) {
        times.push(ms);
        early = true;
        t.cancel();
      } else if (e.step > 2) times.push(ms);
      if (e.step === steps - 1) t.cancel();
    });
  } finally {
    t.dispose();
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? Infinity, early };
}

/**
 * Measures every backend this browser offers on the lab's model (cpu
 * first, as the bar to beat; then WebGL and WebGPU), sets the fastest, and
 * reports all the timings.
 */
async function measureAndChoose(model: ModelSpec): Promise<BackendChoice> {
  const notes: BackendNote[] = [];
  const timings: BackendTiming[] = [];
  const measure = async (backend: BackendName, start: () => Promise<boolean>) => {
    if (!(await start())) {
      timings.push({ backend, msPerStep: null, note: 'unavailable' });
      return;
    }
    const best = Math.min(...timings.map((t) => t.msPerStep ?? Infinity));
    try {
      const r = await timeSteps(model, 3 * best);
      timings.push({ backend, msPerStep: r.ms, note: r.early ? 'stopped after one warm step' : null });
    } catch (e) {
      notes.push({ kind: 'stepFailed', backend, detail: detailOf(e) });
      timings.push({ backend, msPerStep: null, note: 'failed' });
    }
  };
  await measure('cpu', async () => {
    await useCpu();
    return true;
  });
  await measure('webgl', () => tryWebGl(notes));
  let adapter: AdapterInfo | null = null;
  await measure('webgpu', async () => {
    const a = await tryWebGpu(notes);
    if (a === false) return false;
    adapter = a;
    return true;
  });
  const backend = pickBackend(timings);
  await setChosen(backend, notes);
  timings.sort((a, b) => ['webgpu', 'webgl', 'cpu'].indexOf(a.backend) - ['webgpu', 'webgl', 'cpu'].indexOf(b.backend));
  return { backend, notes, adapter: backend === 'webgpu' ? adapter : null, timings };
}

async function setChosen(backend: BackendName, notes: BackendNote[]): Promise<void> {
  if (backend === 'cpu') return useCpu();
  if (!(await tf.setBackend(backend))) {
    notes.push({ kind: 'resetFailed', backend });
    return useCpu();
  }
  await tf.ready();
}

/**
 * Sets the tfjs backend. 'auto' measures every backend on `model` and takes
 * the fastest; `remembered` (an earlier measurement in this browser, on
 * this adapter) skips the measurement; a named backend is forced (the
 * user's choice, a fallback after a lost GPU device, the tests), falling
 * back to the next one if it cannot start.
 */
export async function chooseBackend(
  preferred: BackendName | 'auto',
  model: ModelSpec | null,
  remembered: BackendTiming[] | null = null,
): Promise<BackendChoice> {
  if (preferred === 'auto' && remembered && remembered.length > 0) {
    const notes: BackendNote[] = [];
    const backend = pickBackend(remembered);
    const adapter = backend === 'webgpu' ? await tryWebGpu(notes) : null;
    if (adapter !== false) {
      await setChosen(backend, notes);
      return {
        backend,
        notes: [{ kind: 'remembered' }, ...notes],
        adapter,
        timings: remembered,
      };
    }
  }
  if (preferred === 'auto' && model) return measureAndChoose(model);
  const notes: BackendNote[] = [];
  if (preferred === 'auto' || preferred === 'webgpu') {
    const adapter = await tryWebGpu(notes);
    if (adapter !== false) return { backend: 'webgpu', notes, adapter, timings: [] };
  } else {
    notes.push({ kind: 'webgpuSkipped', requested: preferred });
  }
  if (preferred !== 'cpu') {
    if (await tryWebGl(notes)) return { backend: 'webgl', notes, adapter: null, timings: [] };
  } else {
    notes.push({ kind: 'webglSkipped' });
  }
  await useCpu();
  return { backend: 'cpu', notes, adapter: null, timings: [] };
}

/**
 * Calls `onLost` if the WebGPU device is lost (driver reset, GPU removed, tab
 * backgrounded too long), with the browser's reason: its message, else its
 * reason code ('destroyed', 'unknown').
 */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  void device?.lost?.then((info) => onLost(info.message || info.reason || 'unknown'));
}
