import { describe, expect, it } from 'vitest';
import { report, summarize } from '../../src/ui/longtasks';

describe('long-task report', () => {
  it('sums the blocking time as each task’s part over 50 ms', () => {
    // 120 ms blocks 70, 51 ms blocks 1, 400 ms blocks 350: 421 in all.
    expect(
      summarize([
        { start: 0, duration: 120 },
        { start: 500, duration: 51 },
        { start: 900, duration: 400 },
      ]),
    ).toEqual({
      count: 3,
      longestMs: 400,
      blockingMs: 421,
    });
    expect(summarize([])).toEqual({ count: 0, longestMs: 0, blockingMs: 0 });
  });

  it('counts a task in training when it overlaps a window, and the open window up to now', () => {
    const tasks = [
      { start: 0, duration: 60 }, // before the first window (it starts at 100)
      { start: 80, duration: 70 }, // overlaps its start: 80..150
      { start: 1_500, duration: 100 }, // between the windows
      { start: 2_950, duration: 90 }, // in the open window
    ];
    const windows = [
      { start: 100, end: 1_000 },
      { start: 2_000, end: null },
    ];
    const r = report(tasks, windows, 3_000, true);
    expect(r.training).toEqual({ count: 2, longestMs: 90, blockingMs: 20 + 40, windowMs: 900 + 1_000 });
    expect(r.all.count).toBe(4);
    expect(r.supported).toBe(true);
  });
});
