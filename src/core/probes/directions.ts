/**
 * Directions in parameter space for the landscape probes, as flat
 * Float32Arrays in `paramShapes(spec)` order.
 *
 *  - 'unit': d ~ N(0, I) scaled to ‖d‖₂ = 1 (the SWA paper's random rays);
 *  - 'filter': filter-normalised (Li et al., 2018): d ~ N(0, I), then each
 *    filter of d (a conv kernel's output channel, a dense layer's output
 *    unit) is scaled to the norm of the same filter of w; biases and
 *    BatchNorm parameters get 0.
 *
 * The Gaussian draws depend only on (seed, index), so every solution gets the
 * same draws; filter normalisation then uses each solution's own filter norms.
 */
import type { ParamShape } from '../models/spec';
import { createRng } from '../rng';
import { checkChoice, checkNumber } from '../validate';
import type { FlatParams } from '../params';

export type DirectionKind = 'unit' | 'filter';

/** The seeded Gaussian draw number `index` (same for every solution). */
function gaussianDraw(size: number, seed: number, index: number): FlatParams {
  const rng = createRng((seed * 1000003 + index) >>> 0);
  return Float32Array.from({ length: size }, () => rng.normal());
}

/**
 * `count` directions of the given kind. `w` (the solution, flat) is needed for
 * 'filter'.
 */
export function randomDirections(
  shapes: readonly ParamShape[],
  kind: DirectionKind,
  count: number,
  seed: number,
  w?: FlatParams,
): FlatParams[] {
  checkChoice('direction kind', kind, ['unit', 'filter'] as const);
  checkNumber('direction count', count, { min: 1, max: 100, integer: true });
  const size = shapes.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  return Array.from({ length: count }, (_, i) => {
    const d = gaussianDraw(size, seed, i);
    if (kind === 'unit') {
      let s = 0;
      for (const x of d) s += x * x;
      const n = Math.sqrt(s);
      return d.map((x) => x / n);
    }
    if (!w || w.length !== size) throw new Error('filter-normalised directions need the solution weights');
    return filterNormalize(shapes, d, w);
  });
}

/** Scales each filter of `d` to the norm of the same filter of `w`; zero for biases and BatchNorm parameters. */
export function filterNormalize(shapes: readonly ParamShape[], d: FlatParams, w: FlatParams): FlatParams {
  const out = new Float32Array(d.length);
  let offset = 0;
  for (const p of shapes) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (p.kind === 'kernel') {
      // Channels-last: the last axis indexes filters (conv output channels, dense output units).
      const filters = p.shape[p.shape.length - 1]!;
      const dn = new Float64Array(filters);
      const wn = new Float64Array(filters);
      for (let i = 0; i < size; i++) {
        dn[i % filters]! += d[offset + i]! ** 2;
        wn[i % filters]! += w[offset + i]! ** 2;
      }
      for (let i = 0; i < size; i++) {
        const f = i % filters;
        out[offset + i] = dn[f]! > 0 ? (d[offset + i]! * Math.sqrt(wn[f]!)) / Math.sqrt(dn[f]!) : 0;
      }
    }
    offset += size;
  }
  return out;
}
