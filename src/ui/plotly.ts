/**
 * The page's plotly.js, in two partial bundles (plotly's prebuilt
 * `plotly.js-<name>-dist-min` packages, chosen over its `lib/` modules
 * because those need plotly's own browserify transforms for the WebGL
 * traces): "cartesian" (scatter, bar, contour — every 2D chart) ships with
 * the page, 1.5 MB instead of the full bundle's 4.8 MB; "gl3d" (surface,
 * scatter3d) is fetched when a 3D view first opens.
 */
import Plotly, { type PlotlyApi } from 'plotly.js-cartesian-dist-min';

export type { ClickEvent, Data, Layout, PlotlyApi, PlotlyElement } from 'plotly.js-cartesian-dist-min';
export { Plotly };

let gl3d: Promise<PlotlyApi> | null = null;

/** The 3D bundle, fetched once. */
export function plotly3d(): Promise<PlotlyApi> {
  gl3d ??= import('plotly.js-gl3d-dist-min').then((m) => m.default);
  return gl3d;
}

const THREE_D = new Set(['surface', 'scatter3d', 'mesh3d']);

/** Whether `data` needs the 3D bundle. */
export function needs3d(data: readonly Record<string, unknown>[]): boolean {
  return data.some((t) => THREE_D.has(String(t.type)));
}
