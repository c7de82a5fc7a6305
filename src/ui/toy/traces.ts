/**
 * The toy tab's plotly traces and layouts: plain functions from the
 * simulation's data to plotly objects, no React and no drawing.
 *
 * The contour plot holds, in this order: 0 the contour of L, 1–4 the paths
 * (SGD, SWA iterates w, w_SWA, SAM), 5 the ε̂ arrow, 6 SAM's step drawn from
 * w + ε̂ (the gradient taken there: Figure 2 of the SAM paper), 7 the current
 * points, 8 the start, 9 the minima. Traces 1–7 move every frame
 * (`movingTraces`); the rest are drawn once per start. The 3D view holds the surface of L and
 * the four paths lifted onto it.
 *
 * What the reader reads (trace names other than the methods', hover text,
 * titles) is in the language `t` speaks; layouts take the `language` for
 * plotly's decimal sign and thousands separator.
 */
import type { TFunction } from 'i18next';
import type { Data, Layout } from '../plotly';
import type { ToyAnalysis } from '../../core/toy/analysis';
import type { Point } from '../../core/toy/landscape-info';

import type { MinimumInfo } from '../../worker/toy-protocol';
import { COLORS } from '../colors';
import type { Grid, PathKey, Trails } from './state';
import { plotSeparators } from '../charts/chart';
import { minimumName } from './text';
import { METHODS, type Method } from '../../core/methods';

/** The colour scales stop here, so that the basins (L below about 1) get most of the colours. */
export const CONTOUR_TOP = 1.5;
/** w_SWA's colour: a darker blue than SWA's iterates. */
export const AVERAGE_COLOR = '#0b3d91';
const EPS_COLOR = '#ff9f1c';

/** The indices of `movingTraces` in the contour plot. */
export const MOVING_TRACES = [1, 2, 3, 4, 5, 6, 7];

/** The paths of the 3D view, in trace order 1–4. */
const SURFACE_PATHS: readonly PathKey[] = ['SGD', 'SWA', 'SAM', 'average'];

/** How a method's solution is named: SWA's is its average w_SWA. */
export const solutionLabel = (m: Method): string => (m === 'SWA' ? 'SWA (w_SWA)' : m);

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/** A path as x and y arrays; "no points yet" is one missing point, since plotly gives an empty trace no legend entry. */
function xy(ps: Point[]): Data {
  return ps.length ? { x: ps.map((p) => p[0]), y: ps.map((p) => p[1]) } : { x: [null], y: [null] };
}

/**
 * SAM's latest step w_t → w_{t+1} = w_t − η·g(w_t + ε̂) moved to start at the
 * tip of ε̂: the arrow of the gradient SAM took there, scaled by −η (null
 * before SAM's first step).
 */
export function samGradientArrow(t: Trails): [Point, Point] | null {
  const next = last(t.paths.SAM);
  if (!t.eps || !next) return null;
  const [from, tip] = t.eps;
  return [tip, [tip[0] + next[0] - from[0], tip[1] + next[1] - from[1]]];
}

/** The moving traces' data (1–7): the four paths, the ε̂ arrow, SAM's step from w + ε̂, and the latest point of each path in its colour. */
export function movingTraces(t: Trails): Data[] {
  const grad = samGradientArrow(t);
  const heads = [last(t.paths.SGD), last(t.paths.SWA), last(t.paths.average), last(t.paths.SAM)];
  const colors = [COLORS.SGD, COLORS.SWA, AVERAGE_COLOR, COLORS.SAM];
  const present = heads.map((p, i) => [p, i] as const).filter((h): h is readonly [Point, number] => h[0] !== undefined);
  return [
    xy(t.paths.SGD),
    xy(t.paths.SWA),
    xy(t.paths.average),
    xy(t.paths.SAM),
    t.eps ? xy([t.eps[0], t.eps[1]]) : { x: [null], y: [null] },
    grad ? xy(grad) : { x: [null], y: [null] },
    { x: present.map(([p]) => p[0]), y: present.map(([p]) => p[1]), 'marker.color': [present.map(([, i]) => colors[i]!)] },
  ];
}

/** L over the grid, coloured from its minimum up to CONTOUR_TOP; a click on it picks a start. */
function contourTrace(grid: Grid, t: TFunction): Data {
  return {
    type: 'contour',
    x: grid.xs,
    y: grid.ys,
    z: grid.z,
    colorscale: 'Viridis',
    zmax: CONTOUR_TOP,
    zauto: false,
    zmin: Math.min(...grid.z.flat()),
    ncontours: 30,
    contours: { coloring: 'heatmap' },
    line: { width: 0.5, color: 'rgba(255,255,255,0.35)' },
    colorbar: { title: { text: 'L' }, thickness: 12 },
    hovertemplate: t('toy.plots.hover'),
  };
}

/** The styles of the moving traces 1–6 (trace 7, the current points, is `headsTrace`). */
function pathStyles(t: TFunction): Data[] {
  return [
    { type: 'scatter', mode: 'lines', name: 'SGD', line: { color: COLORS.SGD, width: 2 }, hoverinfo: 'skip' },
    {
      type: 'scatter',
      mode: 'lines',
      name: t('toy.plots.swaIterates'),
      line: { color: COLORS.SWA, width: 1, dash: 'dot' },
      hoverinfo: 'skip',
    },
    { type: 'scatter', mode: 'lines', name: t('toy.plots.average'), line: { color: AVERAGE_COLOR, width: 3 }, hoverinfo: 'skip' },
    { type: 'scatter', mode: 'lines', name: 'SAM', line: { color: COLORS.SAM, width: 2 }, hoverinfo: 'skip' },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: t('toy.plots.eps'),
      line: { color: EPS_COLOR, width: 2 },
      marker: { symbol: 'arrow', angleref: 'previous', size: [0, 12], color: EPS_COLOR },
      hoverinfo: 'skip',
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: t('toy.plots.samStep'),
      line: { color: COLORS.SAM, width: 2, dash: 'dot' },
      marker: { symbol: 'arrow', angleref: 'previous', size: [0, 10], color: COLORS.SAM },
      hoverinfo: 'skip',
    },
  ];
}

/** The latest point of each path, from `movingTraces`' last entry. */
function headsTrace(heads: Data, t: TFunction): Data {
  return {
    x: heads.x,
    y: heads.y,
    type: 'scatter',
    mode: 'markers',
    name: t('toy.plots.now'),
    showlegend: false,
    marker: { size: 10, color: (heads['marker.color'] as string[][])[0], line: { color: '#fff', width: 1.5 } },
    hoverinfo: 'skip',
  };
}

function startTrace(start: Point, t: TFunction): Data {
  return {
    x: [start[0]],
    y: [start[1]],
    type: 'scatter',
    mode: 'markers',
    name: t('toy.plots.start'),
    marker: { symbol: 'star', size: 13, color: '#fff', line: { color: '#000', width: 1 } },
    hoverinfo: 'skip',
  };
}

function minimaTrace(minima: MinimumInfo[], t: TFunction): Data {
  return {
    x: minima.map((m) => m.at[0]),
    y: minima.map((m) => m.at[1]),
    text: minima.map((m) => minimumName(t, m.key)),
    type: 'scatter',
    mode: 'markers+text',
    textposition: 'bottom center',
    textfont: { color: '#fff', size: 11 },
    name: t('toy.plots.minima'),
    showlegend: false,
    marker: { symbol: 'x', size: 9, color: '#fff' },
    hoverinfo: 'skip',
  };
}

/** Every trace of the contour plot, in the order of the header. */
export function contourTraces(grid: Grid, trails: Trails, start: Point, minima: MinimumInfo[], t: TFunction): Data[] {
  const moving = movingTraces(trails);
  const paths = pathStyles(t).map((style, k) => ({ ...moving[k], ...style }));
  return [contourTrace(grid, t), ...paths, headsTrace(moving[paths.length]!, t), startTrace(start, t), minimaTrace(minima, t)];
}

/** The contour plot's height in the toy tab (an embedding may ask for less). */
export const CONTOUR_HEIGHT = 460;

/** The contour plot's layout: the landscape's domain, x and y at one scale, `height` pixels tall. */
export function contourLayout(ranges: { x: Point; y: Point }, language: string, height = CONTOUR_HEIGHT): Layout {
  return {
    margin: { l: 40, r: 10, t: 10, b: 30 },
    height,
    separators: plotSeparators(language),
    xaxis: { range: ranges.x, title: { text: 'x' } },
    yaxis: { range: ranges.y, title: { text: 'y' }, scaleanchor: 'x' },
    legend: { orientation: 'h', y: -0.12 },
    uirevision: 'toy',
  };
}

/** The 3D view's traces: the surface of L (coloured like the contour) and the four paths, empty until `liftedPaths`. */
export function surfaceTraces(grid: Grid): Data[] {
  return [
    {
      type: 'surface',
      x: grid.xs,
      y: grid.ys,
      z: grid.z,
      colorscale: 'Viridis',
      cmin: Math.min(...grid.z.flat()),
      cmax: CONTOUR_TOP,
      showscale: false,
      opacity: 0.9,
      hoverinfo: 'skip',
    },
    ...SURFACE_PATHS.map((k) => ({
      type: 'scatter3d',
      mode: 'lines',
      x: [],
      y: [],
      z: [],
      name: k === 'average' ? 'w_SWA' : k,
      line: { width: k === 'SWA' ? 2 : 6, color: k === 'average' ? AVERAGE_COLOR : COLORS[k] },
    })),
  ];
}

/** The 3D view's layout (its axes are the symbols x, y, L in every language). */
export function surfaceLayout(language: string): Layout {
  return {
    margin: { l: 0, r: 0, t: 0, b: 0 },
    height: 460,
    separators: plotSeparators(language),
    scene: {
      xaxis: { title: { text: 'x' } },
      yaxis: { title: { text: 'y' } },
      zaxis: { title: { text: 'L' } },
      camera: { eye: { x: -1.2, y: -1.6, z: 1.1 } },
    },
    showlegend: false,
    uirevision: 'toy3d',
  };
}

/** The indices of the paths in the 3D view. */
export const SURFACE_PATH_TRACES = [1, 2, 3, 4];

/**
 * A restyle of the 3D paths: each point that has a height, at (x, y, L + 0.02)
 * (just above the surface, so it is not hidden in it).
 */
export function liftedPaths(t: Trails): { x: number[][]; y: number[][]; z: number[][] } {
  const lifted = SURFACE_PATHS.map((k) => {
    const ps = t.paths[k].slice(t.paths[k].length - t.heights[k].length);
    return { x: ps.map((p) => p[0]), y: ps.map((p) => p[1]), z: t.heights[k].map((h) => h + 0.02) };
  });
  return { x: lifted.map((l) => l.x), y: lifted.map((l) => l.y), z: lifted.map((l) => l.z) };
}

/** L(w* + t·d) along one ray through each method's solution, `which` the random one or the top eigenvector. */
export function rayCurves(results: Record<Method, ToyAnalysis>, which: 'randomRay' | 'eigenRay'): Data[] {
  return METHODS.map((m) => ({
    type: 'scatter',
    mode: 'lines',
    name: solutionLabel(m),
    x: results.SGD.t,
    y: results[m][which].loss,
    line: { color: COLORS[m], width: 2 },
  }));
}

/** A ray plot's layout: L against t, under `title` (in the reader's language; `Plot` sets plotly's digits). */
export function rayLayout(title: string): Layout {
  return { title: { text: title }, xaxis: { title: { text: 't' } }, yaxis: { title: { text: 'L' } } };
}
