/**
 * Picks the tfjs backend by measurement: a few warm training steps of the
 * lab's model on each backend this browser offers (WebGPU, WebGL, the cpu
 * backend; tfjs's wasm backend cannot train convnets: it has no
 * Conv2DBackpropFilter), the fastest wins. "WebGPU first" is not "fastest
 * first": a software WebGPU adapter, or tfjs-webgpu's naive kernels on a
 * small net, can be slower than WebGL or the cpu. Every backend that could
 * not run gets a note saying why, for the page to show.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { installCpuKernels } from '../core/kernels/cpu-kernels';
import type { ModelSpec } from '../core/models/spec';
import { createRng } from '../core/rng';
import { DEFAULT_RUN } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { pickBackend } from './backend-pick';
import type { BackendName, BackendTiming } from './protocol';

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

interface NavigatorWithGpu {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

export interface BackendChoice {
  backend: BackendName;
  notes: string[];
  adapter: string | null;
  /** Measured ms/step per backend (empty when a backend was forced). */
  timings: BackendTiming[];
}

async function tryWebGpu(notes: string[]): Promise<string | null | false> {
  const gpu = (navigator as unknown as NavigatorWithGpu).gpu;
  if (!gpu) {
    notes.push('WebGPU: this browser does not offer it (navigator.gpu is missing).');
    return false;
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    notes.push(`WebGPU: requesting an adapter failed (${(e as Error).message}).`);
    return false;
  }
  if (!adapter) {
    notes.push('WebGPU: no adapter (the browser or its GPU driver has WebGPU switched off).');
    return false;
  }
  try {
    if (!(await tf.setBackend('webgpu'))) {
      notes.push('WebGPU: creating the device failed.');
      return false;
    }
    await tf.ready();
  } catch (e) {
    notes.push(`WebGPU: creating the device failed (${(e as Error).message}).`);
    return false;
  }
  const info = adapter.info;
  const fallback = adapter.isFallbackAdapter ?? info?.isFallbackAdapter ?? false;
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  if (fallback) notes.push('WebGPU runs on a software (fallback) adapter, not a GPU: expect it to be slow.');
  return `${name}${fallback ? ' (software fallback)' : ''}`;
}

/** Sets the cpu backend with the lab's fast kernels. */
async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  installCpuKernels();
}

async function tryWebGl(notes: string[]): Promise<boolean> {
  try {
    if (await tf.setBackend('webgl')) {
      await tf.ready();
      return true;
    }
    notes.push('WebGL: not available in this browser.');
  } catch (e) {
    notes.push(`WebGL: failed to start (${(e as Error).message}).`);
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
  const notes: string[] = [];
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
      notes.push(`${backend}: a training step failed (${(e as Error).message}).`);
      timings.push({ backend, msPerStep: null, note: 'failed' });
    }
  };
  await measure('cpu', async () => {
    await useCpu();
    return true;
  });
  await measure('webgl', () => tryWebGl(notes));
  let adapter: string | null = null;
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

async function setChosen(backend: BackendName, notes: string[]): Promise<void> {
  if (backend === 'cpu') return useCpu();
  if (!(await tf.setBackend(backend))) {
    notes.push(`${backend}: could not be set again; using the cpu backend.`);
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
    const notes: string[] = [];
    const backend = pickBackend(remembered);
    const adapter = backend === 'webgpu' ? await tryWebGpu(notes) : null;
    if (adapter !== false) {
      await setChosen(backend, notes);
      return {
        backend,
        notes: ['The choice measured earlier in this browser (measure again to refresh it).', ...notes],
        adapter,
        timings: remembered,
      };
    }
  }
  if (preferred === 'auto' && model) return measureAndChoose(model);
  const notes: string[] = [];
  if (preferred === 'auto' || preferred === 'webgpu') {
    const adapter = await tryWebGpu(notes);
    if (adapter !== false) return { backend: 'webgpu', notes, adapter, timings: [] };
  } else {
    notes.push(`WebGPU skipped: the ${preferred} backend was requested.`);
  }
  if (preferred !== 'cpu') {
    if (await tryWebGl(notes)) return { backend: 'webgl', notes, adapter: null, timings: [] };
  } else {
    notes.push('WebGL skipped: the cpu backend was requested.');
  }
  await useCpu();
  return { backend: 'cpu', notes, adapter: null, timings: [] };
}

/** Calls `onLost` if the WebGPU device is lost (driver reset, GPU removed, tab backgrounded too long). */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  void device?.lost?.then((info) => onLost(info.message || info.reason || 'the GPU device was lost'));
}
