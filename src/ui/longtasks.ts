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

/** Long tasks of a stretch of time: how many, the longest, and their blocking time (ms). */
export interface LongTaskSummary {
  count: number;
  longestMs: number;
  /**
   * Total blocking time: Σ (duration − 50 ms) over the long tasks, the part of
   * each that kept the page from answering input. A page thread that trains
   * blocks for nearly all of the time; one that only draws, for a few per cent.
   */
  blockingMs: number;
}

export interface LongTaskReport {
  supported: boolean;
  /** Long tasks that overlapped training, and how long the page was training (ms) in all. */
  training: LongTaskSummary & { windowMs: number };
  /** All long tasks since the page opened (or the last reset). */
  all: LongTaskSummary;
}

/** A long task is one over this (ms), as the Long Tasks API counts them. */
export const LONG_TASK_MS = 50;

interface Span {
  start: number;
  duration: number;
}

export function summarize(ts: readonly Span[]): LongTaskSummary {
  return {
    count: ts.length,
    longestMs: ts.reduce((m, t) => Math.max(m, t.duration), 0),
    blockingMs: ts.reduce((b, t) => b + Math.max(0, t.duration - LONG_TASK_MS), 0),
  };
}

/** The report on `ts` given the training windows (an open window ends at `now`). */
export function report(
  ts: readonly Span[],
  ws: readonly { start: number; end: number | null }[],
  now: number,
  supported: boolean,
): LongTaskReport {
  const during = ts.filter((t) => ws.some((w) => t.start + t.duration >= w.start && (w.end === null || t.start <= w.end)));
  const windowMs = ws.reduce((sum, w) => sum + ((w.end ?? now) - w.start), 0);
  return { supported, training: { ...summarize(during), windowMs }, all: summarize(ts) };
}

export function longTasks(): LongTaskReport {
  return report(tasks, windows, performance.now(), watching);
}

export function resetLongTasks(): void {
  tasks.length = 0;
  windows.length = 0;
}
