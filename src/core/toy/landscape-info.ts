/**
 * The 2D toy landscapes as plain data, free of tfjs (the page reads them; the
 * worker evaluates them). Every landscape is one member of the family
 *
 *   L(w) = −τ log Σₖ exp(−qₖ(w)/τ) + A·(sin²(κx) + sin²(κy)),
 *   qₖ(w) = ℓₖ + ½λₓₖ(x − aₖ)² + ½λ_yₖ(y − bₖ)²:
 *
 * quadratic basins joined by a smooth minimum (with one basin, L = q₁), each
 * keeping its own Hessian diag(λₓₖ, λ_yₖ) right up to the ridge where two of
 * them meet; narrow means sharp, and a sharp basin's walls keep rising, as a
 * network's loss does around a sharp minimum. The ripples add many narrow
 * local minima (curvature up to 2Aκ²). `landscapeTex` writes exactly this
 * function for each landscape, so the formula on screen is the one run.
 */
import type { ToySettings } from './options';

export type Point = [number, number];
export type LandscapeId = 'two-basins' | 'ravine' | 'rugged';
export const LANDSCAPE_IDS: readonly LandscapeId[] = ['two-basins', 'ravine', 'rugged'];

/** A named minimum's name in the page's catalogs (`toy.minima.<key>`). */
export type MinimumKey = 'narrowBasin' | 'wideBasin' | 'sharpRavine' | 'bowlCentre';

export interface NamedMinimum {
  /** What the student reads, in English: "the narrow basin", "the wide basin" (the page shows `toy.minima.<key>`). */
  label: string;
  key: MinimumKey;
  kind: 'narrow' | 'wide';
  /** A point in its basin of attraction (the minimum itself is found numerically). */
  near: Point;
}

/** A quadratic basin qₖ: level ℓ, centre (a, b), curvatures (λₓ, λ_y). */
export interface QuadraticBasin {
  level: number;
  at: Point;
  curvature: Point;
}

export interface LandscapeInfo {
  id: LandscapeId;
  /** The landscape's name and what to look for, in English (the page shows `toy.landscapes.<id>`). */
  name: string;
  description: string;
  domain: { x: Point; y: Point };
  /** The default start point. */
  start: Point;
  minima: NamedMinimum[];
  basins: QuadraticBasin[];
  /** τ of the smooth minimum (unused with one basin). */
  tau: number;
  ripples: { amplitude: number; frequency: number } | null;
  /** Settings that show this landscape's point (applied over the defaults when it is chosen). */
  suggested: Partial<ToySettings>;
}

const WIDE: QuadraticBasin = { level: 0, at: [1, -0.5], curvature: [0.3, 0.3] };

export const LANDSCAPE_INFO: Record<LandscapeId, LandscapeInfo> = {
  'two-basins': {
    id: 'two-basins',
    name: 'Narrow deep basin, wide shallow basin',
    description: 'The narrow basin is deeper (L = −0.5 against 0) and 127 times sharper (curvature 38 against 0.3).',
    domain: { x: [-3.5, 3.5], y: [-3, 3] },
    start: [-1.3, 1.15],
    minima: [
      { label: 'the narrow basin', key: 'narrowBasin', kind: 'narrow', near: [-1.5, 1] },
      { label: 'the wide basin', key: 'wideBasin', kind: 'wide', near: WIDE.at },
    ],
    basins: [{ level: -0.5, at: [-1.5, 1], curvature: [38, 38] }, WIDE],
    tau: 0.05,
    ripples: null,
    suggested: {},
  },
  ravine: {
    id: 'ravine',
    name: 'Sharp ravine, wide shallow basin',
    description: 'A ravine, fairly flat along x (curvature 1.5) and sharp across it (38), beside the wide basin (0.3).',
    domain: { x: [-3.5, 3.5], y: [-3, 3] },
    start: [-1.9, 1.3],
    minima: [
      { label: 'the sharp ravine', key: 'sharpRavine', kind: 'narrow', near: [-1.4, 1.1] },
      { label: 'the wide basin', key: 'wideBasin', kind: 'wide', near: WIDE.at },
    ],
    basins: [{ level: -0.5, at: [-1.4, 1.1], curvature: [1.5, 38] }, WIDE],
    tau: 0.05,
    ripples: null,
    suggested: {},
  },
  rugged: {
    id: 'rugged',
    name: 'Rugged bowl',
    description:
      'A wide bowl covered in ripples: many narrow local minima (curvature up to 4.7), one wide basin at large scale (0.2). SGD stays in the first ripple it meets. SWA’s large cyclic steps (α₁ = 0.6) hop across ripples toward the centre, and w_SWA follows (its average includes the way there). SAM with ρ about half the ripple spacing can end near a crest: ε̂ reaches into the next trough, so the step sees that trough’s gradient, a case where the first-order ε̂ misleads.',
    domain: { x: [-3, 3], y: [-3, 3] },
    start: [2.1, 1.55],
    minima: [{ label: 'the centre of the bowl', key: 'bowlCentre', kind: 'wide', near: [0, 0] }],
    basins: [{ level: 0, at: [0, 0], curvature: [0.2, 0.2] }],
    tau: 0.05,
    ripples: { amplitude: 0.25, frequency: 3 },
    suggested: { alpha1: 0.6, c: 20, rho: 0.5 },
  },
};

const num = (v: number) => String(Number(v.toFixed(4)));
const shifted = (v: string, c: number) => (c === 0 ? v : `(${v}${c > 0 ? '-' : '+'}${num(Math.abs(c))})`);

/** q(w) of one basin in TeX. */
function basinTex(q: QuadraticBasin): string {
  const [lx, ly] = q.curvature;
  const level = q.level === 0 ? '' : `${num(q.level)}+`;
  if (lx === ly) {
    const centre =
      q.at[0] === 0 && q.at[1] === 0 ? String.raw`\lVert w\rVert^2` : String.raw`\lVert w-(${num(q.at[0])},\,${num(q.at[1])})\rVert^2`;
    return `${level}${num(lx / 2)}\\,${centre}`;
  }
  return `${level}${num(lx / 2)}\\,${shifted('x', q.at[0])}^2+${num(ly / 2)}\\,${shifted('y', q.at[1])}^2`;
}

/** L(w) of `l` in TeX, from its parameters. */
export function landscapeTex(l: LandscapeInfo): string {
  const names = l.basins.length === 2 ? ['n', 'w'] : l.basins.map((_, k) => String(k + 1));
  const ripples = l.ripples
    ? String.raw`+${num(l.ripples.amplitude)}\,\big(\sin^2 ${num(l.ripples.frequency)}x+\sin^2 ${num(l.ripples.frequency)}y\big)`
    : '';
  if (l.basins.length === 1) return `L(w)=${basinTex(l.basins[0]!)}${ripples}`;
  const sum = names.map((k) => `e^{-q_${k}/\\tau}`).join('+');
  const defs = l.basins.map((q, k) => `q_${names[k]}=${basinTex(q)}`).join(',\\;');
  return String.raw`L(w)=-\tau\log\!\big(${sum}\big)${ripples},\;\; ${defs},\;\; \tau=${num(l.tau)}`;
}
