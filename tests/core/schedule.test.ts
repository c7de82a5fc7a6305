import { describe, expect, it } from 'vitest';
import { baseLearningRate, cyclePosition, cyclicLearningRate } from '../../src/core/optim/schedule';
import { CyclicClock } from '../../src/core/optim/swa';

describe('cyclic schedule α(i) = (1 − t(i))α1 + t(i)α2, t(i) = (mod(i−1, c) + 1)/c', () => {
  it('matches hand-computed values for α1 = 0.05, α2 = 0.01, c = 4 across cycle boundaries', () => {
    // t = 1/4, 2/4, 3/4, 1, then the cycle restarts: 0.04, 0.03, 0.02, 0.01, 0.04, …
    const expected = [0.04, 0.03, 0.02, 0.01, 0.04, 0.03, 0.02, 0.01, 0.04];
    expected.forEach((a, k) => expect(cyclicLearningRate(k + 1, { alpha1: 0.05, alpha2: 0.01, c: 4 })).toBeCloseTo(a, 12));
  });

  it('matches hand-computed values for α1 = 1, α2 = 0, c = 3', () => {
    const expected = [2 / 3, 1 / 3, 0, 2 / 3, 1 / 3, 0, 2 / 3];
    expected.forEach((a, k) => expect(cyclicLearningRate(k + 1, { alpha1: 1, alpha2: 0, c: 3 })).toBeCloseTo(a, 12));
  });

  it('is the constant α2 when c = 1', () => {
    for (let i = 1; i <= 5; i++) expect(cyclicLearningRate(i, { alpha1: 0.1, alpha2: 0.02, c: 1 })).toBe(0.02);
  });

  it('t(i) ends each cycle at exactly 1', () => {
    expect([1, 2, 3, 4, 5, 6].map((i) => cyclePosition(i, 3))).toEqual([1 / 3, 2 / 3, 1, 1 / 3, 2 / 3, 1]);
  });
});

describe('CyclicClock', () => {
  it('asks for a snapshot when mod(i, c) = 0', () => {
    const clock = new CyclicClock({ alpha1: 0.05, alpha2: 0.01, c: 3 });
    const ticks = Array.from({ length: 7 }, () => clock.tick());
    expect(ticks.map((t) => t.snapshot)).toEqual([false, false, true, false, false, true, false]);
    expect(ticks[2]!.lr).toBeCloseTo(0.01, 12);
  });

  it('restarts the cycle when c changes, and applies new α immediately', () => {
    const clock = new CyclicClock({ alpha1: 0.05, alpha2: 0.01, c: 4 });
    clock.tick();
    clock.tick(); // i = 2 of a 4-cycle, interrupted
    clock.setOptions({ c: 2 });
    const a = clock.tick();
    const b = clock.tick();
    expect([a.i, a.t, a.snapshot]).toEqual([1, 0.5, false]);
    expect(a.lr).toBeCloseTo(0.03, 12);
    expect([b.i, b.t, b.snapshot]).toEqual([2, 1, true]);
    clock.setOptions({ alpha1: 0.09 });
    // Same c: the cycle continues (i = 3, t = 1/2), with the new α1.
    const c = clock.tick();
    expect(c.i).toBe(3);
    expect(c.lr).toBeCloseTo(0.5 * 0.09 + 0.5 * 0.01, 12);
  });

  it('peekRate previews without advancing', () => {
    const clock = new CyclicClock({ alpha1: 1, alpha2: 0, c: 2 });
    expect(clock.peekRate()).toBeCloseTo(0.5, 12);
    expect(clock.tick().lr).toBeCloseTo(0.5, 12);
  });
});

describe('base schedules', () => {
  const s = { lr: 0.1, finalFraction: 0.1 };
  it('constant', () => {
    expect(baseLearningRate({ ...s, kind: 'constant' }, 7, 10)).toBe(0.1);
  });
  it('linear: η₀ at the first step, f·η₀ at the last, halfway between in the middle', () => {
    const k = { ...s, kind: 'linear' as const };
    expect(baseLearningRate(k, 0, 11)).toBeCloseTo(0.1, 12);
    expect(baseLearningRate(k, 5, 11)).toBeCloseTo(0.055, 12);
    expect(baseLearningRate(k, 10, 11)).toBeCloseTo(0.01, 12);
  });
  it('cosine: η₀(f + (1 − f)(1 + cos πx)/2)', () => {
    const k = { ...s, kind: 'cosine' as const };
    expect(baseLearningRate(k, 0, 5)).toBeCloseTo(0.1, 12);
    // x = 1/4: (1 + cos(π/4))/2 = 0.853553…
    expect(baseLearningRate(k, 1, 5)).toBeCloseTo(0.1 * (0.1 + 0.9 * 0.8535533905932737), 12);
    expect(baseLearningRate(k, 4, 5)).toBeCloseTo(0.01, 12);
  });
});
