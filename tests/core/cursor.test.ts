import { describe, expect, it } from 'vitest';
import { EpochTotals, cloneCursor, nextEpochOrder, startCursor } from '../../src/core/train/cursor';
import { isMethod } from '../../src/core/methods';

describe('EpochTotals', () => {
  it('gives the means of the batch values: losses 1, 2, 4 → 7/3; correct 10, 20, 30 of 3 × 32 → 60/96', () => {
    const t = new EpochTotals();
    t.add(1, 10);
    t.add(2, 20);
    t.add(4, 30);
    const m = t.take(32);
    expect(m.trainLoss).toBeCloseTo(7 / 3, 12);
    expect(m.trainAccuracy).toBeCloseTo(60 / 96, 12);
  });

  it('starts afresh after take, and a clone counts on its own', () => {
    const t = new EpochTotals();
    t.add(3, 1);
    const c = t.clone();
    t.take(1);
    t.add(5, 1);
    expect(t.take(1)).toEqual({ trainLoss: 5, trainAccuracy: 1 });
    c.add(1, 0);
    expect(c.take(1)).toEqual({ trainLoss: 2, trainAccuracy: 0.5 });
  });
});

describe('Cursor', () => {
  it('starts at step 0 with a permutation of the training set, the same for the same seed', () => {
    const a = startCursor(50, 7);
    const b = startCursor(50, 7);
    expect(a.step).toBe(0);
    expect([...a.order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...a.order]).toEqual([...b.order]);
    expect([...startCursor(50, 8).order]).not.toEqual([...a.order]);
  });

  it('a clone draws the same next orders as the original, independently', () => {
    const a = startCursor(40, 3);
    a.step = 12;
    const b = cloneCursor(a);
    nextEpochOrder(a, 40);
    expect([...b.order]).not.toEqual([...a.order]);
    nextEpochOrder(b, 40);
    expect([...b.order]).toEqual([...a.order]);
    expect(b.step).toBe(12);
    b.epochs.push({} as never);
    expect(a.epochs).toHaveLength(0);
  });
});

describe('isMethod', () => {
  it('accepts the three methods and nothing else', () => {
    expect(['SGD', 'SWA', 'SAM'].every(isMethod)).toBe(true);
    expect(['SWA+SAM', 'sgd', '', null, 1].some(isMethod)).toBe(false);
  });
});
