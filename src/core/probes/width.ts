/**
 * The width of the basin along random rays: along each half-ray from the
 * solution (t > 0, and t < 0 where the grid runs both ways: d and −d are
 * both random directions), the distance |t| at which the train loss first
 * exceeds its value at t = 0 by `delta` (linearly interpolated between grid
 * points), averaged over the half-rays. A half-ray that never rises that much
 * within the grid counts as the grid's end and is reported as censored.
 */
import type { PointValue, RayResult } from './landscape';

export interface RayWidth {
  /** Mean over half-rays of the crossing distance. */
  mean: number;
  /** Crossing distances: for each ray, towards +t, then (where the grid has t < 0) towards −t. */
  perRay: number[];
  /** Half-rays that stayed below the threshold up to the end of the grid. */
  censored: number;
}

/** The crossing distance along the grid points `order` (indices walking away from t = 0), or null if censored. */
function crossing(t: readonly number[], curve: readonly PointValue[], order: readonly number[], threshold: number): number | null {
  let previous = order[0]!;
  for (const i of order.slice(1)) {
    const y = curve[i]!.trainLoss;
    // A non-finite loss has certainly risen past the threshold.
    if (y === null) return Math.abs(t[i]!);
    if (y >= threshold) {
      const y0 = curve[previous]!.trainLoss!;
      return Math.abs(t[previous]! + ((threshold - y0) / (y - y0)) * (t[i]! - t[previous]!));
    }
    previous = i;
  }
  return null;
}

export function rayWidth(r: RayResult, delta: number): RayWidth {
  if (!(delta > 0)) throw new RangeError(`delta must be > 0, got ${delta}`);
  const zero = r.t.indexOf(0);
  if (zero < 0) throw new Error('ray width needs t = 0 on the grid');
  const outward = Array.from({ length: r.t.length - zero }, (_, k) => zero + k);
  const inward = Array.from({ length: zero + 1 }, (_, k) => zero - k);
  const sides = inward.length > 1 ? [outward, inward] : [outward];
  let censored = 0;
  const perRay = r.curves.flatMap((curve) => {
    const base = curve[zero]!.trainLoss;
    if (base === null) throw new Error('the loss at t = 0 is not finite');
    return sides.map((order) => {
      const d = crossing(r.t, curve, order, base + delta);
      if (d !== null) return d;
      censored += 1;
      return Math.abs(r.t[order.at(-1)!]!);
    });
  });
  return { mean: perRay.reduce((a, b) => a + b, 0) / perRay.length, perRay, censored };
}
