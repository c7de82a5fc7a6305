import { describe, expect, it } from 'vitest';
import { pickBackend, timingSummary } from '../../src/worker/backend-pick';
import type { BackendTiming } from '../../src/worker/protocol';

const t = (backend: BackendTiming['backend'], msPerStep: number | null, note: BackendTiming['note'] = null): BackendTiming => ({
  backend,
  msPerStep,
  note,
});

describe('the backend choice from measured step times', () => {
  it('takes the fastest backend, whatever its name', () => {
    expect(pickBackend([t('webgpu', 9), t('webgl', 14), t('cpu', 61)])).toBe('webgpu');
    expect(pickBackend([t('webgpu', 20), t('webgl', 14), t('cpu', 61)])).toBe('webgl');
  });

  it('never takes a software WebGPU adapter (or software WebGL) that is slower than the cpu backend', () => {
    // This machine without a GPU: WebGPU on SwiftShader 1,393 ms/step, WebGL on SwiftShader 201, cpu 59.
    expect(pickBackend([t('webgpu', 1393), t('webgl', 201), t('cpu', 59)])).toBe('cpu');
    expect(pickBackend([t('webgpu', 180, 'stopped after one warm step'), t('cpu', 59)])).toBe('cpu');
  });

  it('ignores backends that could not be measured, and falls back to the cpu backend when none was', () => {
    expect(pickBackend([t('webgpu', null, 'unavailable'), t('webgl', 30), t('cpu', 61)])).toBe('webgl');
    expect(pickBackend([t('webgpu', null, 'failed'), t('webgl', Number.NaN), t('cpu', null, 'failed')])).toBe('cpu');
    expect(pickBackend([])).toBe('cpu');
  });

  it('breaks exact ties towards the GPU', () => {
    expect(pickBackend([t('cpu', 10), t('webgl', 10)])).toBe('webgl');
  });

  it('says what it measured and what it chose, in English for the records', () => {
    expect(timingSummary([t('webgpu', 9), t('webgl', 14), t('cpu', 61)], 'webgpu')).toBe(
      'webgpu 9.0 ms/step · webgl 14 · cpu 61 — using webgpu',
    );
    expect(timingSummary([t('webgpu', null, 'unavailable'), t('webgl', 201), t('cpu', 59)], 'cpu')).toBe(
      'webgpu unavailable · webgl 201 · cpu 59 — using cpu',
    );
  });
});
