/**
 * The page's handle on its LabSession: the browser's surroundings (workers,
 * IndexedDB, the remembered backend timings in localStorage) and React's
 * subscription. Everything the lab does is in session.ts.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ModelSpec } from '../core/models/spec';
import { startWorker } from '../worker/client';
import type { BackendName, BackendTiming } from '../worker/protocol';
import { saveExperiment } from './persistence';
import { Publisher } from './publisher';
import { LabSession } from './session';
import type { SessionEnv, SessionState } from './session-types';

const TIMINGS_KEY = 'wide-optima-lab/backend-timings';

/** This browser and its GPU adapter, as the key of the remembered timings (a new driver or GPU measures again). */
async function browserKey(): Promise<string> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  let adapter = 'no WebGPU adapter';
  try {
    const a = await gpu?.requestAdapter();
    if (a?.info)
      adapter = [a.info.vendor, a.info.architecture, a.info.device, a.info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  } catch {
    adapter = 'WebGPU adapter request failed';
  }
  return `${navigator.userAgent} | ${adapter}`;
}

function browserEnv(): SessionEnv {
  const key = browserKey();
  return {
    spawn: (onEvent) => startWorker(onEvent),
    dataUrl: new URL('data/', document.baseURI).href,
    cores: navigator.hardwareConcurrency || 1,
    save: saveExperiment,
    async recall() {
      try {
        const saved = JSON.parse(localStorage.getItem(TIMINGS_KEY) ?? 'null') as { key: string; timings: BackendTiming[] } | null;
        return saved && saved.key === (await key) && Array.isArray(saved.timings) && saved.timings.length > 0 ? saved.timings : null;
      } catch {
        return null;
      }
    },
    remember(timings) {
      void key.then((k) => {
        try {
          if (timings.length) localStorage.setItem(TIMINGS_KEY, JSON.stringify({ key: k, timings }));
          else localStorage.removeItem(TIMINGS_KEY);
        } catch {
          // Storage full or switched off: the choice is measured again next time, nothing else is lost.
        }
      });
    },
    newId: () => crypto.randomUUID(),
    now: () => new Date().toISOString(),
  };
}

/**
 * One LabSession for the page's lifetime (opened on mount, disposed on
 * unmount) and its current state. The page passes the backend and model it
 * opened with, which never change: a new backend is a new page load.
 */
export function useLabSession(backend: BackendName | 'auto', model: ModelSpec): { session: LabSession | null; state: SessionState | null } {
  // The session between the effect that opens it and the renders that read it (published at once, see publisher.ts).
  const [slot] = useState(() => new Publisher<{ session: LabSession | null }>({ session: null }));
  useEffect(() => {
    const s = new LabSession(browserEnv(), backend, model);
    slot.set({ session: s }, true);
    return () => {
      s.dispose();
      if (slot.state.session === s) slot.set({ session: null }, true);
    };
  }, [slot, backend, model]);
  const { session } = useSyncExternalStore(slot.subscribe, slot.getSnapshot);
  const state = useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getSnapshot ?? noState);
  return { session, state };
}

const noSubscribe = () => () => {};
const noState = () => null;
