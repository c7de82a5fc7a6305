/**
 * The toy landscapes as tfjs functions: L elementwise over tensors x and y,
 * so the same expression gives a point's loss, its gradient and Hessian
 * (automatic differentiation, twice) and the contour grid. The formula and
 * its parameters are in landscape-info.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { LANDSCAPE_INFO, type LandscapeId, type LandscapeInfo, type Point, type QuadraticBasin } from './landscape-info';

export * from './landscape-info';

export interface Landscape extends LandscapeInfo {
  /** L elementwise over tensors x and y of one shape. */
  loss(x: tf.Tensor, y: tf.Tensor): tf.Tensor;
}

function quadratic(x: tf.Tensor, y: tf.Tensor, q: QuadraticBasin): tf.Tensor {
  const qx = tf.mul(tf.square(tf.sub(x, q.at[0])), q.curvature[0] / 2);
  const qy = tf.mul(tf.square(tf.sub(y, q.at[1])), q.curvature[1] / 2);
  return tf.add(tf.add(qx, qy), q.level);
}

/** −τ log Σₖ e^(−qₖ/τ), computed as m − τ log Σₖ e^((m − qₖ)/τ) with m = minₖ qₖ (no overflow). */
function softMin(qs: tf.Tensor[], tau: number): tf.Tensor {
  if (qs.length === 1) return qs[0]!;
  const m = qs.slice(1).reduce((a, b) => tf.minimum(a, b), qs[0]!);
  const sum = qs.map((q) => tf.exp(tf.div(tf.sub(m, q), tau))).reduce((a, b) => tf.add(a, b));
  return tf.sub(m, tf.mul(tf.log(sum), tau));
}

function lossOf(l: LandscapeInfo): (x: tf.Tensor, y: tf.Tensor) => tf.Tensor {
  return (x, y) => {
    const base = softMin(
      l.basins.map((q) => quadratic(x, y, q)),
      l.tau,
    );
    if (!l.ripples) return base;
    const { amplitude, frequency } = l.ripples;
    return tf.add(base, tf.mul(tf.add(tf.square(tf.sin(tf.mul(x, frequency))), tf.square(tf.sin(tf.mul(y, frequency)))), amplitude));
  };
}

export const LANDSCAPES = Object.fromEntries(Object.values(LANDSCAPE_INFO).map((l) => [l.id, { ...l, loss: lossOf(l) }])) as Record<
  LandscapeId,
  Landscape
>;

/** L at the point w = (x, y), a tensor of shape [2], as a scalar. */
export function lossAt(l: Landscape, w: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const [x, y] = tf.unstack(w) as [tf.Tensor, tf.Tensor];
    return l.loss(x, y).asScalar();
  });
}

/** L on an n × n grid over the domain: `z[j][i]` = L(xs[i], ys[j]) (plotly's layout). */
export function lossGrid(l: Landscape, n: number): { xs: number[]; ys: number[]; z: number[][] } {
  if (!Number.isInteger(n) || n < 2 || n > 400) throw new RangeError(`grid size must be an integer in [2, 400], got ${n}`);
  const axis = ([a, b]: Point) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  const xs = axis(l.domain.x);
  const ys = axis(l.domain.y);
  const flat = tf.tidy(() => {
    const x = tf.tile(tf.tensor1d(xs), [n]);
    const y = tf.reshape(tf.tile(tf.reshape(tf.tensor1d(ys), [n, 1]), [1, n]), [n * n]);
    return l.loss(x, y).dataSync();
  });
  return { xs, ys, z: ys.map((_, j) => Array.from(flat.subarray(j * n, (j + 1) * n))) };
}
