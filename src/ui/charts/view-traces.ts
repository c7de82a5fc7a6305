/**
 * The charts of issue 13's views computed on request: plain functions from a
 * view's numbers to plotly objects (no React, no drawing).
 */
import type { TFunction } from 'i18next';
import { METHODS, type Method } from '../../core/methods';
import type { LayersView, PlaneView, ReparamMeasures, ReparamView, TrajectoryView } from '../../worker/protocol';
import { COLORS } from '../colors';
import { formatFixed, formatInteger } from '../format';
import type { Data } from '../plotly';
import { type Chart, axis } from './chart';

/** The colour of a point labelled w_SGD, w_SWA or w_SAM; the FGE colour (snapshots, their average) otherwise. */
function pointColour(label: string): string {
  const m = METHODS.find((k: Method) => label === `w_${k}`);
  return m ? COLORS[m] : COLORS.FGE;
}

/**
 * Labelled points over a contour, each in its solution's colour (white
 * labels, white outlines to stand out on any colour): filled circles for the
 * points a view is built on, crosses for the marks it projects onto it.
 */
function labelled(points: readonly { label: string; x: number; y: number }[], kind: 'point' | 'mark'): Data {
  return {
    type: 'scatter',
    mode: 'markers+text',
    x: points.map((p) => p.x),
    y: points.map((p) => p.y),
    text: points.map((p) => p.label),
    textposition: kind === 'point' ? 'top center' : 'bottom center',
    textfont: { color: '#ffffff' },
    marker: {
      color: points.map((p) => pointColour(p.label)),
      size: 11,
      symbol: kind === 'point' ? 'circle' : 'x',
      line: { color: '#ffffff', width: 1.5 },
    },
    showlegend: false,
    hoverinfo: 'text',
  };
}

/** A plane's three points and its marks, at their coordinates (a, b). */
function planeMarkers(view: PlaneView): Data[] {
  const at = (p: { label: string; a: number; b: number }) => ({ label: p.label, x: p.a, y: p.b });
  return [labelled(view.points.map(at), 'point'), ...(view.marks.length ? [labelled(view.marks.map(at), 'mark')] : [])];
}

/**
 * The SWA paper's Figure 1 on the lab's plane: test error (%) and the
 * L2-regularised train loss (log₁₀, so the basin's floor is not one flat
 * colour) as filled contours over (a, b), the same scale on both axes so that
 * distances read true, with the points and marks on top.
 */
export function planeCharts(view: PlaneView, t: TFunction): { testError: Chart; trainLoss: Chart } {
  const { a, b } = view;
  const contour = (z: (number | null)[][], title: string): Data => ({
    type: 'contour',
    x: a,
    y: b,
    z,
    colorscale: 'Viridis',
    contours: { coloring: 'heatmap' },
    colorbar: { title: { text: title }, thickness: 12 },
  });
  const layout = (title: string) => ({
    title: { text: title },
    xaxis: axis('a'),
    yaxis: axis('b', { scaleanchor: 'x', scaleratio: 1 }),
  });
  const percent = view.testError.map((row) => row.map((v) => (v === null ? null : 100 * v)));
  const logLoss = view.trainLoss.map((row) => row.map((v) => (v === null || v <= 0 ? null : Math.log10(v))));
  return {
    testError: { data: [contour(percent, '%'), ...planeMarkers(view)], layout: layout(t('charts.axis.testErrorPercent')) },
    trainLoss: { data: [contour(logLoss, 'log₁₀'), ...planeMarkers(view)], layout: layout(t('charts.axis.trainLossL2')) },
  };
}

/**
 * A run's path on its PCA plane (Li et al. 2018): the train loss (log₁₀) as a
 * filled contour, the kept iterates joined in step order and coloured from
 * the first to the last, the final weights at the origin, and the marks
 * (w_SWA) by their projection. The axes are framed separately (PC1 usually
 * spans far more than PC2), as the paper draws them.
 */
export function trajectoryChart(view: TrajectoryView, t: TFunction): Chart {
  const logLoss = view.trainLoss.map((row) => row.map((v) => (v === null || v <= 0 ? null : Math.log10(v))));
  const colour = COLORS[view.method];
  const data: Data[] = [
    {
      type: 'contour',
      x: view.a,
      y: view.b,
      z: logLoss,
      colorscale: 'Viridis',
      contours: { coloring: 'heatmap' },
      colorbar: { title: { text: 'log₁₀' }, thickness: 12 },
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: view.method,
      x: view.path.map((p) => p.x),
      y: view.path.map((p) => p.y),
      text: view.path.map((p) => t('charts.views.trajectory.step', { step: formatInteger(p.step) })),
      hoverinfo: 'text',
      line: { color: '#ffffff', width: 1.5 },
      marker: {
        size: 6,
        color: view.path.map((p) => p.step),
        colorscale: [
          [0, '#ffffff'],
          [1, colour],
        ],
        line: { color: colour, width: 1 },
      },
      showlegend: false,
    },
  ];
  if (view.marks.length) data.push(labelled(view.marks, 'mark'));
  const percent = (f: number) => `${formatFixed(100 * f, 1)} %`;
  return {
    data,
    layout: {
      title: { text: t('charts.axis.trainLossL2') },
      xaxis: axis(`PC1 (${percent(view.explained[0])})`),
      yaxis: axis(`PC2 (${percent(view.explained[1])})`),
    },
  };
}

/**
 * Per-layer sharpness: λ_max of each layer's block of the Hessian, bars per
 * layer grouped by solution (error bars: Lanczos's residual bounds), and each
 * solution's whole-Hessian λ_max from its analysis as a dashed line in its
 * colour — by Cauchy interlacing every block's bar stays below its line.
 */
export function layersChart(view: LayersView, whole: Partial<Record<Method, number>>, t: TFunction): Chart {
  const methods = METHODS.filter((m) => view.methods[m]);
  const data: Data[] = methods.map((m) => {
    const rows = view.methods[m]!;
    return {
      type: 'bar',
      name: m,
      x: rows.map((r) => r.name),
      y: rows.map((r) => r.lambdaMax),
      error_y: { type: 'data', array: rows.map((r) => r.residual), visible: true },
      marker: { color: COLORS[m] },
    };
  });
  const shapes = methods.flatMap((m) =>
    whole[m] === undefined
      ? []
      : [
          {
            type: 'line',
            xref: 'paper',
            x0: 0,
            x1: 1,
            y0: whole[m],
            y1: whole[m],
            line: { color: COLORS[m], dash: 'dash', width: 1.5 },
          },
        ],
  );
  return {
    data,
    layout: { barmode: 'group', xaxis: axis(t('charts.views.layers.layer')), yaxis: axis('λ_max(H_BB)'), shapes },
  };
}

/** The reparametrisation view's rows, in the order the table and the chart show them. */
export const REPARAM_ROWS = [
  'testAccuracy',
  'dataLoss',
  'regularizedLoss',
  'lambdaMax',
  'trace',
  'adaptiveLambdaMax',
  'width',
] as const satisfies readonly (keyof ReparamMeasures)[];

/** The rows that rescaling leaves unchanged (up to float error): the function, its loss, λ_max(THT) and the filter-normalised width. */
export const REPARAM_INVARIANT: ReadonlySet<(typeof REPARAM_ROWS)[number]> = new Set([
  'testAccuracy',
  'dataLoss',
  'adaptiveLambdaMax',
  'width',
]);

/** after / before for each row (null where before is 0). */
export function reparamRatios(view: ReparamView): Record<(typeof REPARAM_ROWS)[number], number | null> {
  return Object.fromEntries(REPARAM_ROWS.map((k) => [k, view.before[k] === 0 ? null : view.after[k] / view.before[k]])) as Record<
    (typeof REPARAM_ROWS)[number],
    number | null
  >;
}

/**
 * log₁₀(after / before) of every measure, labelled with the ratio: the
 * invariant ones (green) have no bar, λ_max, the trace and L + λ‖w‖² (red)
 * rise or fall with α.
 */
export function reparamChart(view: ReparamView, label: (row: (typeof REPARAM_ROWS)[number]) => string, t: TFunction): Chart {
  const ratios = reparamRatios(view);
  const rows = REPARAM_ROWS.filter((k) => ratios[k] !== null && ratios[k] > 0);
  return {
    data: [
      {
        type: 'bar',
        x: rows.map(label),
        y: rows.map((k) => Math.log10(ratios[k]!)),
        text: rows.map((k) => `×${formatFixed(ratios[k], 3)}`),
        textposition: 'outside',
        cliponaxis: false,
        marker: { color: rows.map((k) => (REPARAM_INVARIANT.has(k) ? COLORS.SAM : COLORS.SGD)) },
        showlegend: false,
      },
    ],
    layout: { yaxis: axis(t('charts.views.reparam.logRatio'), { zeroline: true }), margin: { l: 56, r: 16, t: 36, b: 90 } },
  };
}
