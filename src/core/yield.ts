/**
 * Lets queued events run (worker messages such as pause, cancel or a new ρ)
 * between training steps. A resolved promise is not enough: it runs as a
 * microtask, before any message. `setImmediate` (Node) and a MessageChannel
 * (browsers, workers) yield without the 4 ms clamp of nested `setTimeout`.
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => void };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return new Promise((resolve) => setImmediate(resolve));
  }
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
