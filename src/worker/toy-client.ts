/** The page's handle on the toy-landscape worker; a crashed worker is reported as a toy error. */
import type { ToyCommand, ToyEvent } from './toy-protocol';

export interface ToyWorker {
  send(cmd: ToyCommand): void;
  terminate(): void;
}

export function startToyWorker(onEvent: (e: ToyEvent) => void): ToyWorker {
  const worker = new Worker(new URL('./toy-worker.ts', import.meta.url), { type: 'module', name: 'wide-optima-toy' });
  worker.onmessage = (e: MessageEvent<ToyEvent>) => onEvent(e.data);
  worker.onerror = (e: ErrorEvent) => onEvent({ type: 'toy-error', message: `the toy worker crashed: ${e.message}` });
  return {
    send: (cmd) => worker.postMessage(cmd),
    terminate: () => worker.terminate(),
  };
}
