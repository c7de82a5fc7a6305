/**
 * The toy tab's two views of the landscape, drawn with plotly directly
 * (not through `Plot`): they animate. The contour is drawn once per grid,
 * start and minima; each frame then moves only its trajectory traces
 * (plotly's no-redraw animation path), so the frames stay cheap. The 3D view
 * restyles its paths about ten times a second where WebGL is fast enough.
 */
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Point } from '../../core/toy/landscape-info';
import type { MinimumInfo } from '../../worker/toy-protocol';
import { Plotly, type PlotlyApi, type PlotlyElement, plotly3d } from '../plotly';
import { landscapeExtent, landscapePixels } from './landscape-image';
import type { Grid, Trails } from './state';
import { formatFixed } from '../format';
import {
  CONTOUR_HEIGHT,
  CONTOUR_TOP,
  MOVING_TRACES,
  SURFACE_PATH_TRACES,
  contourLayout,
  contourTraces,
  liftedPaths,
  movingTraces,
  surfaceLayout,
  surfaceTraces,
} from './traces';

const CONFIG = { displaylogo: false, responsive: true };

/** L's contour with the runs on it, `height` pixels tall; a click on it calls `onPick` with the point. */
export function ContourView({
  grid,
  trails,
  start,
  minima,
  onPick,
  ranges,
  height = CONTOUR_HEIGHT,
}: {
  grid: Grid;
  trails: Trails;
  start: Point;
  minima: MinimumInfo[];
  onPick: (p: Point) => void;
  ranges: { x: Point; y: Point };
  height?: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const ref = useRef<HTMLDivElement>(null);
  const drawn = useRef(false);
  // The frame's animation in flight: plotly must not purge the plot under it (its queued step would read the purged data).
  const animating = useRef<Promise<unknown>>(Promise.resolve());
  // Read when the contour is (re)drawn, without redrawing it when they change: the trails move below.
  const currentTrails = useEffectEvent(() => trails);
  const pick = useEffectEvent((p: Point) => onPick(p));
  const landscape = useMemo(() => landscapeImage(grid), [grid]);
  // A new grid, start, minima or language: draw everything (and listen for clicks).
  useEffect(() => {
    const el = ref.current as PlotlyElement | null;
    if (!el) return;
    drawn.current = false;
    let stale = false;
    const layout = { ...contourLayout(ranges, language, height), images: [landscape] };
    void Plotly.newPlot(el, contourTraces(grid, currentTrails(), start, minima, t), layout, CONFIG).then(() => {
      // A drawing that a newer one (or the toy leaving the page) replaced is never animated.
      if (stale) return;
      drawn.current = true;
      el.on('plotly_click', (e) => {
        const p = e.points[0];
        if (p && typeof p.x === 'number' && typeof p.y === 'number') pick([p.x, p.y]);
      });
    });
    // newPlot replaces the previous drawing (and its listeners) itself.
    return () => {
      stale = true;
      drawn.current = false;
    };
  }, [grid, landscape, start, minima, ranges, t, language, height]);
  // Purged when the toy leaves the page, once the frame's animation in flight has settled.
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void animating.current.then(() => Plotly.purge(el));
    };
  }, []);
  // Each frame: only the trajectory traces move, without a redraw of the contour.
  useEffect(() => {
    const el = ref.current;
    if (!el || !drawn.current) return;
    // plotly rejects an animation that the next frame interrupts: that is expected here, not an error.
    animating.current = Plotly.animate(
      el,
      { data: movingTraces(trails), traces: MOVING_TRACES },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: 'immediate' },
    ).catch(() => undefined);
  }, [trails]);
  return <div ref={ref} className="plot toy-contour" style={{ minHeight: height }} data-testid="toy-contour" />;
}

/** The landscape as a layout image under the contour (landscape-image.ts says why). */
function landscapeImage(grid: Grid): Record<string, unknown> {
  const { width, height, rgba } = landscapePixels(grid, CONTOUR_TOP);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
  return { source: canvas.toDataURL(), xref: 'x', yref: 'y', ...landscapeExtent(grid), sizing: 'stretch', layer: 'below' };
}

/** A 3D redraw slower than this is kept out of the animation (it would cost frames): the 3D view then follows at pauses and at the end. */
const LIVE_3D_MS = 8;

/** The 3D bundle, fetched when the first 3D view opens; null until it has come. */
function usePlotly3d(): PlotlyApi | null {
  const [gl, setGl] = useState<PlotlyApi | null>(null);
  useEffect(() => {
    let open = true;
    void plotly3d().then((lib) => open && setGl(lib));
    return () => {
      open = false;
    };
  }, []);
  return gl;
}

/**
 * Draws the surface of `grid` into `ref` (again on a language switch, for
 * plotly's digits) and times one redraw of a path while nothing animates: the
 * cost in ms (null until measured) decides whether the 3D view can follow
 * live. The paths of `trails` are then drawn as they are.
 */
function useSurface(ref: React.RefObject<HTMLDivElement | null>, gl: PlotlyApi | null, grid: Grid, trails: Trails): number | null {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const [cost, setCost] = useState<number | null>(null);
  const currentPaths = useEffectEvent(() => liftedPaths(trails));
  useEffect(() => {
    const el = ref.current;
    if (!el || !gl) return;
    void gl
      .newPlot(el, surfaceTraces(grid), surfaceLayout(language), CONFIG)
      .then(() => {
        const t0 = performance.now();
        return gl
          .restyle(el, { x: [[grid.xs[0]]], y: [[grid.ys[0]]], z: [[grid.z[0]![0]]] }, [SURFACE_PATH_TRACES[0]!])
          .then(() => setCost(performance.now() - t0));
      })
      .then(() => gl.restyle(el, currentPaths(), SURFACE_PATH_TRACES))
      .catch(() => undefined);
    return () => gl.purge(el);
  }, [ref, grid, gl, language]);
  return cost;
}

/** L as a surface with the paths lifted onto it. */
export function SurfaceView({ grid, trails, playing }: { grid: Grid; trails: Trails; playing: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const lastDraw = useRef(0);
  const gl = usePlotly3d();
  const cost = useSurface(ref, gl, grid, trails);
  // Live at about 10 redraws per second where WebGL is fast; where a redraw costs more than LIVE_3D_MS
  // (software rendering), only while paused and at the end, so the 2D animation keeps its frame rate.
  const live = cost === null || cost <= LIVE_3D_MS;
  useEffect(() => {
    const el = ref.current;
    if (!el || !gl || (playing && (!live || performance.now() - lastDraw.current < 100))) return;
    lastDraw.current = performance.now();
    void gl.restyle(el, liftedPaths(trails), SURFACE_PATH_TRACES);
  }, [trails, playing, live, gl]);
  return (
    <div>
      <div ref={ref} className="plot" data-testid="toy-surface" />
      {!gl && <p className="hint">{t('toy.plots.loading3d')}</p>}
      {!live && <p className="hint">{t('toy.plots.slow3d', { ms: formatFixed(cost, 0) })}</p>}
    </div>
  );
}
