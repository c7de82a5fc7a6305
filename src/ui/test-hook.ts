/**
 * In test builds only (`vite build --mode test`), exposes the lab's state on
 * `window.__wideOptimaLab` so the end-to-end tests read numbers instead of
 * scraping plotly's DOM. In every other build this is a no-op.
 */
export function installTestHook(read: () => unknown): void {
  if (import.meta.env.MODE !== 'test') return;
  (window as unknown as { __wideOptimaLab: () => unknown }).__wideOptimaLab = read;
}
