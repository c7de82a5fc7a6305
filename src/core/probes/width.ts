/**
 * The width of the basin along random rays: for each ray, the distance t at
 * which the train loss first exceeds its value at t = 0 by `delta`
 * (linearly interpolated between grid points), averaged over rays. A ray that
 * never rises that much within the grid counts as the grid's end and is
 * reported as censored.
 */
import type { RayResult } from './landscape';

export interface RayWidth {
  /** Mean over rays of the crossing distance. */
  mean: number;
  /** Per-ray crossing distances. */
  perRay: number[];
  /** Rays that stayed below the threshold up to the end of the grid. */
  censored: number;
}

export function rayWidth(r: RayResult, delta: number): RayWidth {
  if (!(delta > 0)) throw new RangeError(`delta must be > 0, got ${delta}`);
  const zero = r.t.indexOf(0);
  if (zero < 0) throw new Error('ray width needs t = 0 on the grid');
  let censored = 0;
  const perRay = r.curves.map((curve) => {
    const base = curve[zero]!.trainLoss;
    if (base === null) throw new Error('the loss at t = 0 is not finite');
    const threshold = base + delta;
    for (let i = zero + 1; i < r.t.length; i++) {
      const y = curve[i]!.trainLoss;
      // A non-finite loss has certainly risen past the threshold.
      if (y === null || y >= threshold) {
        const y0 = curve[i - 1]!.trainLoss!;
        if (y === null) return r.t[i]!;
        return r.t[i - 1]! + ((threshold - y0) / (y - y0)) * (r.t[i]! - r.t[i - 1]!);
      }
    }
    censored += 1;
    return r.t[r.t.length - 1]!;
  });
  return { mean: perRay.reduce((a, b) => a + b, 0) / perRay.length, perRay, censored };
}
