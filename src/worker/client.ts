/**
 * The page's handles on its workers: typed `send` and a listener for events.
 * A crashed worker (a script error) is reported as an error event (the
 * compute worker's marked `crashed`, with the browser's text).
 */
import type { Command, WorkerEvent } from './protocol';
import type { ToyCommand, ToyEvent } from './toy-protocol';

export interface WorkerHandle<C> {
  send(cmd: C): void;
  terminate(): void;
}

export type LabWorker = WorkerHandle<Command>;
export type ToyWorker = WorkerHandle<ToyCommand>;

function spawn<C, E>(worker: Worker, onEvent: (e: E) => void, crashed: (message: string) => E): WorkerHandle<C> {
  worker.onmessage = (e: MessageEvent<E>) => onEvent(e.data);
  worker.onerror = (e: ErrorEvent) => onEvent(crashed(e.message));
  return {
    send: (cmd) => worker.postMessage(cmd),
    terminate: () => worker.terminate(),
  };
}

/** The compute worker (training and probes). */
export function startWorker(onEvent: (e: WorkerEvent) => void): LabWorker {
  // Vite finds workers by this literal `new Worker(new URL(…), …)` form, so each keeps its own.
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'wide-optima-lab' });
  return spawn<Command, WorkerEvent>(worker, onEvent, (m) => ({ type: 'error', message: m, during: 'init', crashed: true }));
}

/** The toy-landscape worker. */
export function startToyWorker(onEvent: (e: ToyEvent) => void): ToyWorker {
  const worker = new Worker(new URL('./toy-worker.ts', import.meta.url), { type: 'module', name: 'wide-optima-toy' });
  return spawn<ToyCommand, ToyEvent>(worker, onEvent, (m) => ({ type: 'toy-error', message: `the toy worker crashed: ${m}` }));
}
