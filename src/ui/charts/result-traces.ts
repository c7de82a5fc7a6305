/**
 * The comparison charts' plotly traces and layouts: plain functions from the
 * analyses to plotly objects, no React and no drawing.
 *
 *   eigenvalues     the top k eigenvalues λ₁ ≥ … ≥ λ_k of ∇²L at each solution, bars grouped by index,
 *                   error bars the Lanczos residual bounds ‖H u − λ u‖
 *   density         φ(t) ≈ Σ_j τ_j N(t; θ_j, σ²) on a grid, floored at 10⁻⁴·max φ for the log axis
 *   rays            test error (%) and L + λ‖w‖² along w + t·d, one line per direction d, one legend entry per solution
 *   interpolation   L + λ‖w‖² and the test error along (1 − s)·w_SGD + s·w_other, the error on a second y axis
 *   surface         L + λ‖w‖² on the grid w + a·d₁ + b·d₂, as a contour or a 3D surface
 *
 * Each solution is its method's colour (COLORS) in every chart. A point the
 * probes could not evaluate (a non-finite loss) arrives as null and stays
 * null: a gap in its line, never joined across (connectgaps: false). Axis
 * titles and trace names other than the methods' are in `t`'s language.
 */
import type { TFunction } from 'i18next';
import type { PointValue } from '../../core/probes/landscape';
import { METHODS, type Method } from '../../core/methods';
import { COLORS, hexToRgb } from '../colors';
import type { Experiment } from '../experiment';
import type { Data, Layout } from '../plotly';
import { rayWidth } from '../../core/probes/width';
import { formatFixed } from '../format';
import { WIDTH_DELTA } from '../history';
import type { AnalysisPayload } from '../../worker/protocol';
import { type Chart, axis } from './chart';

type Analyses = Experiment['analyses'];

/** How method m's solution is named: SGD's and SAM's final weights ('w_SGD (final)'), SWA's average ('w_SWA'). */
export function solutionName(m: Method, t: TFunction): string {
  return t(`charts.solution.${m}`);
}

/** The methods with an analysis, in METHODS order. */
export function analysedMethods(analyses: Analyses): Method[] {
  return METHODS.filter((m) => analyses[m]);
}

/** The first analysis in METHODS order (they share their settings: directions, Hessian), or undefined. */
export function firstAnalysis(analyses: Analyses): AnalysisPayload | undefined {
  return METHODS.map((m) => analyses[m]).find(Boolean);
}

/** Which loss the Hessian was taken of, as the eigenvalue chart's hint says it; '' before any analysis. */
export function hessianOf(analyses: Analyses, t: TFunction): string {
  const a = firstAnalysis(analyses);
  if (!a) return '';
  return a.hessianL2 ? t('charts.spectrum.hessianL2') : t('charts.spectrum.hessianData');
}

/** One bar group per analysed solution: λ₁ … λ_k labelled 'λ1' … 'λk', error bars the residual bounds. */
export function eigenvalueBars(analyses: Analyses): Data[] {
  return analysedMethods(analyses).map((m) => {
    const a = analyses[m]!;
    return {
      type: 'bar',
      name: m,
      x: a.values.map((_, i) => `λ${i + 1}`),
      y: a.values,
      marker: { color: COLORS[m] },
      error_y: { type: 'data', array: a.residuals, visible: true },
    };
  });
}

/** The density's smallest drawn value, relative to its peak: below it the curve is Gaussian tails, not eigenvalues. */
export const DENSITY_FLOOR = 1e-4;

/** φ(t) of each solution that has a density, each value raised to at least DENSITY_FLOOR · max φ (the axis is logarithmic). */
export function densityTraces(analyses: Analyses): Data[] {
  return analysedMethods(analyses).flatMap((m) => {
    const d = analyses[m]!.density;
    if (!d) return [];
    const floor = DENSITY_FLOOR * Math.max(...d.density);
    return [{ x: d.grid, y: d.density.map((v) => Math.max(v, floor)), name: m, mode: 'lines', line: { color: COLORS[m] } }];
  });
}

/** The eigenvalue bars and the density, with their layouts. */
export function spectrumCharts(analyses: Analyses, t: TFunction): { eigenvalues: Chart; density: Chart } {
  return {
    eigenvalues: { data: eigenvalueBars(analyses), layout: { barmode: 'group', yaxis: axis(t('charts.axis.eigenvalue')) } },
    density: {
      data: densityTraces(analyses),
      layout: { xaxis: axis(t('charts.axis.eigenvalue')), yaxis: axis(t('charts.axis.density'), { type: 'log' }) },
    },
  };
}

/** What a ray chart plots of a point: the test error in %, or the regularised train loss; null stays null (a gap). */
const RAY_VALUES = {
  testError: (p: PointValue) => (p.testError === null ? null : 100 * p.testError),
  trainLoss: (p: PointValue) => p.trainLoss,
};

/**
 * One line per ray of each analysed solution, value(p) against t, in the
 * solution's colour; a solution's rays share one legend entry (the first).
 */
export function rayTraces(analyses: Analyses, value: keyof typeof RAY_VALUES): Data[] {
  return analysedMethods(analyses).flatMap((m) => {
    const rays = analyses[m]!.rays;
    return rays.curves.map((curve, d) => ({
      x: rays.t,
      y: curve.map(RAY_VALUES[value]),
      name: m,
      legendgroup: m,
      showlegend: d === 0,
      mode: 'lines',
      line: { color: COLORS[m], width: 1.5 },
      connectgaps: false,
    }));
  });
}

/** Per point of t, over the rays with a finite value there: the mean, the least and the greatest (null where none has one). */
export function rayBand(
  curves: readonly (readonly PointValue[])[],
  value: keyof typeof RAY_VALUES,
): Record<'mean' | 'min' | 'max', (number | null)[]> {
  const n = curves[0]?.length ?? 0;
  const at = Array.from({ length: n }, (_, i) => curves.map((c) => RAY_VALUES[value](c[i]!)).filter((v): v is number => v !== null));
  const or = (vs: number[], f: (vs: number[]) => number) => (vs.length ? f(vs) : null);
  return {
    mean: at.map((vs) => or(vs, (v) => v.reduce((a, b) => a + b, 0) / v.length)),
    min: at.map((vs) => or(vs, (v) => Math.min(...v))),
    max: at.map((vs) => or(vs, (v) => Math.max(...v))),
  };
}

/** `hex` ('#1f77b4') with opacity `alpha`, as plotly takes a fill colour. */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * Per analysed solution, the mean over its rays (a line in its colour) inside
 * the band from the least to the greatest ray (filled, faint): the solutions
 * read apart at a glance where their single rays overlap.
 */
export function rayBandTraces(analyses: Analyses, value: keyof typeof RAY_VALUES, t: TFunction): Data[] {
  return analysedMethods(analyses).flatMap((m) => {
    const rays = analyses[m]!.rays;
    const band = rayBand(rays.curves, value);
    const edge = { x: rays.t, mode: 'lines', legendgroup: m, showlegend: false, hoverinfo: 'skip', line: { width: 0 }, connectgaps: false };
    return [
      { ...edge, y: band.min, name: t('charts.rays.least', { method: m }) },
      { ...edge, y: band.max, name: t('charts.rays.greatest', { method: m }), fill: 'tonexty', fillcolor: withAlpha(COLORS[m], 0.18) },
      {
        x: rays.t,
        y: band.mean,
        name: t('charts.rays.mean', { method: m }),
        legendgroup: m,
        mode: 'lines',
        line: { color: COLORS[m], width: 2.5 },
        connectgaps: false,
      },
    ];
  });
}

/** Each analysed solution's mean basin width along its rays (core/probes/width.ts: where the train loss has risen by `delta`), or nothing where it cannot be measured. */
export function rayWidths(analyses: Analyses, delta: number): { method: Method; width: number; censored: number }[] {
  return analysedMethods(analyses).flatMap((m) => {
    try {
      const w = rayWidth(analyses[m]!.rays, delta);
      return [{ method: m, width: w.mean, censored: w.censored }];
    } catch {
      return [];
    }
  });
}

/**
 * A dotted vertical line at each solution's width, in its colour, on both ray
 * charts: at t = width, and at t = −width where the rays run both ways; the
 * line on the right is labelled with the width.
 */
function widthMarks(widths: ReturnType<typeof rayWidths>, bothWays: boolean): Pick<Layout, 'shapes' | 'annotations'> {
  const line = (w: (typeof widths)[number], x: number) => ({
    type: 'line',
    xref: 'x',
    yref: 'paper',
    x0: x,
    x1: x,
    y0: 0,
    y1: 1,
    line: { color: COLORS[w.method], dash: 'dot', width: 1.5 },
  });
  return {
    shapes: widths.flatMap((w) => (bothWays ? [line(w, -w.width), line(w, w.width)] : [line(w, w.width)])),
    annotations: widths.map((w, k) => ({
      x: w.width,
      xref: 'x',
      yref: 'paper',
      y: 1 - 0.08 * k,
      text: `${w.method} ${formatFixed(w.width, 1)}`,
      showarrow: false,
      xanchor: 'left',
      font: { color: COLORS[w.method], size: 11 },
    })),
  };
}

/** How the ray charts draw the rays: per solution a mean and its band (with the widths marked), or every ray. */
export type RayView = 'band' | 'every';

/**
 * The two ray charts: test error (%) and train loss (log axis), against the
 * distance t. As bands, each solution's width at `delta` is marked and the t
 * axis runs to twice the widest on each side of t = 0 (where that is inside
 * the rays), so the difference between the basins fills the chart.
 */
export function rayCharts(
  analyses: Analyses,
  t: TFunction,
  view: RayView = 'every',
  delta = WIDTH_DELTA,
): { testError: Chart; trainLoss: Chart } {
  const bands = view === 'band';
  const traces = (value: keyof typeof RAY_VALUES) => (bands ? rayBandTraces(analyses, value, t) : rayTraces(analyses, value));
  const widths = bands ? rayWidths(analyses, delta) : [];
  const tEnd = Math.max(0, ...analysedMethods(analyses).map((m) => analyses[m]!.rays.t.at(-1) ?? 0));
  const bothWays = analysedMethods(analyses).some((m) => (analyses[m]!.rays.t[0] ?? 0) < 0);
  const frame = widths.length ? Math.min(tEnd, 2 * Math.max(...widths.map((w) => w.width))) : tEnd;
  const xaxis = () => axis(t('charts.axis.distance'), bands && frame > 0 ? { range: [bothWays ? -frame : 0, frame] } : {});
  const marks = bands ? widthMarks(widths, bothWays) : {};
  return {
    testError: { data: traces('testError'), layout: { title: { text: t('charts.axis.testErrorPercent') }, xaxis: xaxis(), ...marks } },
    trainLoss: {
      data: traces('trainLoss'),
      layout: { title: { text: t('charts.axis.trainLossL2') }, xaxis: xaxis(), yaxis: { type: 'log' }, ...marks },
    },
  };
}

/** The solutions interpolated from w_SGD, in the order they are drawn. */
const INTERPOLATED = ['SWA', 'SAM'] as const;

/**
 * For each solution interpolated from w_SGD: its train loss (solid) and test
 * error (dotted, on the right axis y2) against s, in its colour.
 */
export function interpolationTraces(interpolations: Experiment['interpolations'], t: TFunction): Data[] {
  return INTERPOLATED.flatMap((m) => {
    const r = interpolations[m];
    if (!r) return [];
    const color = COLORS[m];
    return [
      {
        x: r.s,
        y: r.values.map((p) => p.trainLoss),
        name: t('charts.interpolation.trainLoss', { method: m }),
        mode: 'lines+markers',
        line: { color },
      },
      {
        x: r.s,
        y: r.values.map((p) => p.testError),
        name: t('charts.interpolation.testError', { method: m }),
        mode: 'lines+markers',
        yaxis: 'y2',
        line: { color, dash: 'dot' },
      },
    ];
  });
}

/** The interpolation chart: s on x, the loss on the left axis, the test error on the right. */
export function interpolationChart(interpolations: Experiment['interpolations'], t: TFunction): Chart {
  return {
    data: interpolationTraces(interpolations, t),
    layout: {
      xaxis: axis('s'),
      yaxis: axis(t('charts.axis.trainLossL2')),
      yaxis2: axis(t('charts.axis.testError'), { overlaying: 'y', side: 'right' }),
    },
  };
}

/** How the surface is drawn: contour lines over a heatmap, or a 3D surface (plotly's 3D bundle). */
export type SurfaceView = 'contour' | 'surface';

/** The loss on the (a, b) grid around the surface's solution, titled with the solution's name; null before one is computed. */
export function surfaceChart(surface: Experiment['surface'], view: SurfaceView, t: TFunction): Chart | null {
  if (!surface) return null;
  const { a, b, trainLoss } = surface.result;
  return {
    data: [
      {
        type: view,
        x: a,
        y: b,
        z: trainLoss,
        colorscale: 'Viridis',
        contours: view === 'contour' ? { coloring: 'heatmap' } : undefined,
      },
    ],
    layout: { title: { text: solutionName(surface.method, t) }, xaxis: axis('a'), yaxis: axis('b') },
  };
}
