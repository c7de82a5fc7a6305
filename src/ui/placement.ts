/**
 * Where runs train. On the cpu backend with two or more cores, SGD and SWA
 * share one worker (SWA branches from SGD's state at its start, so its first
 * part is not trained twice) and SAM, the costliest, gets its own: each
 * worker is one core. On a GPU backend (or one core) one worker trains all
 * three, their steps interleaved.
 */
import { METHODS, type Method } from '../core/methods';
import type { BackendName } from '../worker/protocol';

/** The backend a worker falls back to when its GPU device is lost. */
export const FALLBACK: Record<BackendName, BackendName> = { webgpu: 'webgl', webgl: 'cpu', cpu: 'cpu' };

/** Which methods train together in one worker (see the header): one group per worker. */
export function placeRuns(methods: readonly Method[], backend: BackendName, cores: number): Method[][] {
  const chosen = METHODS.filter((m) => methods.includes(m));
  if (backend !== 'cpu' || cores < 2) return chosen.length ? [chosen] : [];
  return [chosen.filter((m) => m !== 'SAM'), chosen.filter((m) => m === 'SAM')].filter((g) => g.length > 0);
}
