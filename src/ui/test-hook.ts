/**
 * In test builds only (`vite build --mode test`), exposes the lab's state on
 * `window.__wideOptimaLab` so the end-to-end tests read numbers instead of
 * scraping plotly's DOM, and `window.__wideOptimaLabLoseDevice` to exercise
 * the lost-GPU-device path, and `window.__wideOptimaLabMemory` for every worker's
 * tfjs memory. In every other build this is a no-op.
 */
export function installTestHook(read: () => unknown, session: { simulateDeviceLoss(m: string): void; memory(): Promise<unknown> }): void {
  if (import.meta.env.MODE !== 'test') return;
  const w = window as unknown as {
    __wideOptimaLab: () => unknown;
    __wideOptimaLabLoseDevice: (m: string) => void;
    __wideOptimaLabMemory: () => Promise<unknown>;
  };
  w.__wideOptimaLab = read;
  w.__wideOptimaLabLoseDevice = (m) => session.simulateDeviceLoss(m);
  w.__wideOptimaLabMemory = () => session.memory();
}

/** In test builds only: the toy tab's state on `window.__wideOptimaToy`. */
export function installToyHook(read: () => unknown): void {
  if (import.meta.env.MODE !== 'test') return;
  (window as unknown as { __wideOptimaToy: () => unknown }).__wideOptimaToy = read;
}
