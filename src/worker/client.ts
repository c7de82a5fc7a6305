/**
 * The page's handle on the compute worker: typed `send` and a listener for
 * events. A crashed worker (a script error) is reported as an error event.
 */
import type { Command, WorkerEvent } from './protocol';

export interface LabWorker {
  send(cmd: Command): void;
  terminate(): void;
}

export function startWorker(onEvent: (e: WorkerEvent) => void): LabWorker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'wide-optima-lab' });
  worker.onmessage = (e: MessageEvent<WorkerEvent>) => onEvent(e.data);
  worker.onerror = (e: ErrorEvent) => onEvent({ type: 'error', message: `the compute worker crashed: ${e.message}`, during: 'init' });
  return {
    send: (cmd) => worker.postMessage(cmd),
    terminate: () => worker.terminate(),
  };
}
