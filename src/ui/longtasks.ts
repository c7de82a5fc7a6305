/**
 * Watches the page thread for long tasks (over 50 ms), so the lab can show
 * (and its tests can check) that training in the worker never freezes the
 * page. Chromium reports them through PerformanceObserver('longtask').
 */
let longest = 0;
let count = 0;
let watching = false;

export function watchLongTasks(): void {
  if (watching || typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
  watching = true;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      count += 1;
      longest = Math.max(longest, e.duration);
    }
  }).observe({ type: 'longtask' });
}

/** Longest task and number of long tasks since the last reset. */
export function longTasks(): { longestMs: number; count: number; supported: boolean } {
  return { longestMs: longest, count, supported: watching };
}

export function resetLongTasks(): void {
  longest = 0;
  count = 0;
}
