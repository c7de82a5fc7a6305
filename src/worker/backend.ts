/**
 * Picks the fastest tfjs backend this browser can train convnets on:
 * WebGPU, then WebGL, then the cpu backend (tfjs's wasm backend cannot train
 * convnets: it has no Conv2DBackpropFilter). Every backend that was skipped
 * gets a note saying why, for the page to show.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { installCpuKernels } from '../core/kernels/cpu-kernels';
import type { BackendName } from './protocol';

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

/** Sets the tfjs backend: `preferred` forces one (used after a lost GPU device, and by tests). */
export async function chooseBackend(preferred: BackendName | 'auto'): Promise<BackendChoice> {
  const notes: string[] = [];
  if (preferred === 'auto' || preferred === 'webgpu') {
    const adapter = await tryWebGpu(notes);
    if (adapter !== false) return { backend: 'webgpu', notes, adapter };
  } else {
    notes.push(`WebGPU skipped: the ${preferred} backend was requested.`);
  }
  if (preferred !== 'cpu') {
    try {
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        return { backend: 'webgl', notes, adapter: null };
      }
      notes.push('WebGL: not available in this browser.');
    } catch (e) {
      notes.push(`WebGL: failed to start (${(e as Error).message}).`);
    }
  } else {
    notes.push('WebGL skipped: the cpu backend was requested.');
  }
  await tf.setBackend('cpu');
  await tf.ready();
  installCpuKernels();
  notes.push('Training on the CPU: correct but slow; use a browser with WebGPU or WebGL for speed.');
  return { backend: 'cpu', notes, adapter: null };
}

/** Calls `onLost` if the WebGPU device is lost (driver reset, GPU removed, tab backgrounded too long). */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }).device;
  device?.lost?.then((info) => onLost(info.message || info.reason || 'the GPU device was lost'));
}

