/**
 * Offline use and updates. The service worker (vite.config.ts) is
 * registered once the page has loaded; a new build it finds waits until every
 * tab of the lab is closed, so a lecture never changes under the lecturer's
 * hands. The first page load of a new build says so, once.
 */
import { registerSW } from 'virtual:pwa-register';
import { type Message, message } from './i18n/message';

declare const __BUILD_ID__: string;

const KEY = 'wide-optima-lab.build';

/** Registers the service worker (where the browser has them; the dev server builds none). */
export function registerOffline(): void {
  if (import.meta.env.PROD && 'serviceWorker' in navigator) void registerSW({ immediate: true });
}

/** "Updated" (naming both builds) when this page load is the first of a build other than the one seen last in this browser, else null. */
export function updateNote(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage()): Message | null {
  if (!storage) return null;
  const last = storage.getItem(KEY);
  try {
    storage.setItem(KEY, __BUILD_ID__);
  } catch {
    return null;
  }
  return last !== null && last !== __BUILD_ID__ ? message('app.updated', { build: __BUILD_ID__, last }) : null;
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
