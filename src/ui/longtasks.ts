/**
 * Watches the page thread for long tasks (over 50 ms), so the lab can show
 * (and its tests can check) that training in the worker does not freeze the
 * page. Chromium reports them through PerformanceObserver('longtask'); the
 * tasks that overlap a training window are reported separately from the
 * rest (drawing the analysis, for instance).
 */
const tasks: { start: number; duration: number }[] = [];
const windows: { start: number; end: number | null }[] = [];
let watching = false;

export function watchLongTasks(): void {
  if (watching || typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
  watching = true;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (tasks.length < 10_000) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
}

/** Marks the start or end of a training window. */
export function markTraining(active: boolean): void {
  const open = windows[windows.length - 1];
  if (active && (!open || open.end !== null)) windows.push({ start: performance.now(), end: null });
  if (!active && open && open.end === null) open.end = performance.now();
}

export interface LongTaskReport {
  supported: boolean;
  /** Long tasks that overlapped training, and the longest of them (ms). */
  training: { count: number; longestMs: number };
  /** All long tasks since the page opened (or the last reset). */
  all: { count: number; longestMs: number };
}

export function longTasks(): LongTaskReport {
  const during = tasks.filter((t) => windows.some((w) => t.start + t.duration >= w.start && (w.end === null || t.start <= w.end)));
  const summary = (ts: typeof tasks) => ({ count: ts.length, longestMs: ts.reduce((m, t) => Math.max(m, t.duration), 0) });
  return { supported: watching, training: summary(during), all: summary(tasks) };
}

export function resetLongTasks(): void {
  tasks.length = 0;
  windows.length = 0;
}
