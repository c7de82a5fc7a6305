/**
 * The 2D toy tab: SGD, SWA and SAM on a landscape the student sees whole.
 * The three runs live in their own worker (the convnet lab's optimizers on
 * two-element tensors); the page asks for a few iterations per animation
 * frame and moves only the trajectory traces (plotly's no-redraw animation
 * path), so the contour is drawn once per start and the frames stay cheap.
 */
import { type Data, Plotly, type PlotlyApi, type PlotlyElement, plotly3d } from '../plotly';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ToyAnalysis } from '../../core/toy/analysis';
import { LANDSCAPE_IDS, LANDSCAPE_INFO, type LandscapeId, type Point, landscapeTex } from '../../core/toy/landscape-info';
import { LIVE_TOY_FIELDS, TOY_METHODS, type ToyMethod, type ToySettings, validateToySettings } from '../../core/toy/options';
import { samTwoCycleAmplitude } from '../../core/toy/stability';
import { startToyWorker, type ToyWorker } from '../../worker/client';
import type { MinimumInfo, ToyEvent } from '../../worker/toy-protocol';
import { installToyHook } from '../test-hook';
import { defaultSetup, toyFromHash, toyToHash } from '../toy-url';
import { Formula, Panel } from './Formula';
import { COLORS, Plot } from './Plot';

const GRID = 81;
/** The colour scales stop here, so that the basins (L below about 1) get most of the colours. */
const CONTOUR_TOP = 1.5;
const AVERAGE_COLOR = '#0b3d91';
type Grid = { xs: number[]; ys: number[]; z: number[][] };

interface Trails {
  paths: Record<ToyMethod | 'average', Point[]>;
  heights: Record<ToyMethod | 'average', number[]>;
  /** SAM's latest iterate and w + ε̂. */
  eps: [Point, Point] | null;
  iteration: number;
  done: boolean;
  models: number;
  lr: Record<ToyMethod, number>;
  stopped: Partial<Record<ToyMethod, string>>;
}

const emptyTrails = (start: Point, settings: ToySettings): Trails => ({
  paths: { SGD: [start], SWA: [start], SAM: [start], average: [] },
  heights: { SGD: [], SWA: [], SAM: [], average: [] },
  eps: null,
  iteration: 0,
  done: false,
  models: 0,
  lr: { SGD: settings.lr, SWA: settings.lr, SAM: settings.lr },
  stopped: {},
});

const last = <T,>(xs: T[]): T | undefined => xs[xs.length - 1];
const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const pt = (p: Point) => `(${p[0].toFixed(2)}, ${p[1].toFixed(2)})`;

/** The moving traces, in the order the contour plot holds them after the contour itself. */
function movingTraces(t: Trails): Data[] {
  // An empty trace gets no legend entry from plotly, so "no points yet" is one missing point.
  const xy = (ps: Point[]) => (ps.length ? { x: ps.map((p) => p[0]), y: ps.map((p) => p[1]) } : { x: [null], y: [null] });
  const heads = [last(t.paths.SGD), last(t.paths.SWA), last(t.paths.average), last(t.paths.SAM)];
  const present = heads.map((p, i) => [p, i] as const).filter((h): h is readonly [Point, number] => h[0] !== undefined);
  return [
    xy(t.paths.SGD),
    xy(t.paths.SWA),
    xy(t.paths.average),
    xy(t.paths.SAM),
    t.eps ? xy([t.eps[0], t.eps[1]]) : { x: [null], y: [null] },
    {
      x: present.map(([p]) => p[0]),
      y: present.map(([p]) => p[1]),
      'marker.color': [present.map(([, i]) => [COLORS.SGD, COLORS.SWA, AVERAGE_COLOR, COLORS.SAM][i]!)],
    },
  ];
}

function contourData(grid: Grid, trails: Trails, start: Point, minima: MinimumInfo[]): Data[] {
  const moving = movingTraces(trails);
  return [
    {
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
      hovertemplate: 'x %{x:.2f}, y %{y:.2f}<br>L %{z:.3f}<extra>click: start here</extra>',
    },
    { ...moving[0], type: 'scatter', mode: 'lines', name: 'SGD', line: { color: COLORS.SGD, width: 2 }, hoverinfo: 'skip' },
    {
      ...moving[1],
      type: 'scatter',
      mode: 'lines',
      name: 'SWA iterates w',
      line: { color: COLORS.SWA, width: 1, dash: 'dot' },
      hoverinfo: 'skip',
    },
    {
      ...moving[2],
      type: 'scatter',
      mode: 'lines',
      name: 'w_SWA (running average)',
      line: { color: AVERAGE_COLOR, width: 3 },
      hoverinfo: 'skip',
    },
    { ...moving[3], type: 'scatter', mode: 'lines', name: 'SAM', line: { color: COLORS.SAM, width: 2 }, hoverinfo: 'skip' },
    {
      ...moving[4],
      type: 'scatter',
      mode: 'lines+markers',
      name: 'SAM: ε̂ at w',
      line: { color: '#ff9f1c', width: 2 },
      marker: { symbol: 'arrow', angleref: 'previous', size: [0, 12], color: '#ff9f1c' },
      hoverinfo: 'skip',
    },
    {
      x: moving[5]!.x,
      y: moving[5]!.y,
      type: 'scatter',
      mode: 'markers',
      name: 'now',
      showlegend: false,
      marker: { size: 10, color: (moving[5]!['marker.color'] as string[][])[0], line: { color: '#fff', width: 1.5 } },
      hoverinfo: 'skip',
    },
    {
      x: [start[0]],
      y: [start[1]],
      type: 'scatter',
      mode: 'markers',
      name: 'start',
      marker: { symbol: 'star', size: 13, color: '#fff', line: { color: '#000', width: 1 } },
      hoverinfo: 'skip',
    },
    {
      x: minima.map((m) => m.at[0]),
      y: minima.map((m) => m.at[1]),
      text: minima.map((m) => m.label),
      type: 'scatter',
      mode: 'markers+text',
      textposition: 'bottom center',
      textfont: { color: '#fff', size: 11 },
      name: 'minima',
      showlegend: false,
      marker: { symbol: 'x', size: 9, color: '#fff' },
      hoverinfo: 'skip',
    },
  ];
}

function ContourView({
  grid,
  trails,
  start,
  minima,
  onPick,
  ranges,
}: {
  grid: Grid;
  trails: Trails;
  start: Point;
  minima: MinimumInfo[];
  onPick: (p: Point) => void;
  ranges: { x: Point; y: Point };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const drawn = useRef(false);
  // A new grid, start or minima: draw everything (and listen for clicks).
  useEffect(() => {
    const el = ref.current as PlotlyElement | null;
    if (!el) return;
    drawn.current = false;
    void Plotly.newPlot(
      el,
      contourData(grid, trails, start, minima),
      {
        margin: { l: 40, r: 10, t: 10, b: 30 },
        height: 460,
        xaxis: { range: ranges.x, title: { text: 'x' } },
        yaxis: { range: ranges.y, title: { text: 'y' }, scaleanchor: 'x' },
        legend: { orientation: 'h', y: -0.12 },
        uirevision: 'toy',
      },
      { displaylogo: false, responsive: true },
    ).then(() => {
      drawn.current = true;
      el.on('plotly_click', (e) => {
        const p = e.points[0];
        if (p && typeof p.x === 'number' && typeof p.y === 'number') pick.current([p.x, p.y]);
      });
    });
    return () => Plotly.purge(el);
    // Not on `trails`: the effect below moves them without redrawing the contour.
  }, [grid, start, minima, ranges]);
  // Each frame: only the trajectory traces move, without a redraw of the contour.
  useEffect(() => {
    const el = ref.current;
    if (!el || !drawn.current) return;
    // plotly rejects an animation that the next frame interrupts: that is expected here, not an error.
    Plotly.animate(
      el,
      { data: movingTraces(trails), traces: [1, 2, 3, 4, 5, 6] },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: 'immediate' },
    ).catch(() => undefined);
  }, [trails]);
  return <div ref={ref} className="plot toy-contour" data-testid="toy-contour" />;
}

/** A 3D redraw slower than this is kept out of the animation (it would cost frames): the 3D view then follows at pauses and at the end. */
const LIVE_3D_MS = 8;

function SurfaceView({ grid, trails, playing }: { grid: Grid; trails: Trails; playing: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const lastDraw = useRef(0);
  const [cost, setCost] = useState<number | null>(null);
  // The 3D bundle is fetched when this view first opens.
  const [gl, setGl] = useState<PlotlyApi | null>(null);
  useEffect(() => {
    let open = true;
    void plotly3d().then((lib) => open && setGl(lib));
    return () => {
      open = false;
    };
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el || !gl) return;
    void gl
      .newPlot(
        el,
        [
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
          ...(['SGD', 'SWA', 'SAM', 'average'] as const).map((k) => ({
            type: 'scatter3d',
            mode: 'lines',
            x: [],
            y: [],
            z: [],
            name: k === 'average' ? 'w_SWA' : k,
            line: { width: k === 'SWA' ? 2 : 6, color: k === 'average' ? AVERAGE_COLOR : COLORS[k] },
          })),
        ],
        {
          margin: { l: 0, r: 0, t: 0, b: 0 },
          height: 460,
          scene: {
            xaxis: { title: { text: 'x' } },
            yaxis: { title: { text: 'y' } },
            zaxis: { title: { text: 'L' } },
            camera: { eye: { x: -1.2, y: -1.6, z: 1.1 } },
          },
          showlegend: false,
          uirevision: 'toy3d',
        },
        { displaylogo: false, responsive: true },
      )
      .then(() => {
        // One redraw of a trajectory trace, timed while nothing animates: it decides whether the 3D view can follow live.
        const t0 = performance.now();
        return gl
          .restyle(el, { x: [[grid.xs[0]]], y: [[grid.ys[0]]], z: [[grid.z[0]![0]]] }, [1])
          .then(() => setCost(performance.now() - t0));
      })
      .catch(() => undefined);
    return () => gl.purge(el);
  }, [grid, gl]);
  // Live at about 10 redraws per second where WebGL is fast; where a redraw costs more than LIVE_3D_MS
  // (software rendering), only while paused and at the end, so the 2D animation keeps its frame rate.
  const live = cost === null || cost <= LIVE_3D_MS;
  useEffect(() => {
    const el = ref.current;
    if (!el || !gl || (playing && (!live || performance.now() - lastDraw.current < 100))) return;
    lastDraw.current = performance.now();
    const keys = ['SGD', 'SWA', 'SAM', 'average'] as const;
    const lifted = keys.map((k) => {
      const ps = trails.paths[k].slice(trails.paths[k].length - trails.heights[k].length);
      return { x: ps.map((p) => p[0]), y: ps.map((p) => p[1]), z: trails.heights[k].map((h) => h + 0.02) };
    });
    void gl.restyle(el, { x: lifted.map((l) => l.x), y: lifted.map((l) => l.y), z: lifted.map((l) => l.z) }, [1, 2, 3, 4]);
  }, [trails, playing, live, gl]);
  return (
    <div>
      <div ref={ref} className="plot" data-testid="toy-surface" />
      {!gl && <p className="hint">Loading the 3D view…</p>}
      {!live && (
        <p className="hint">
          The 3D view follows at pauses and at the end: this browser redraws it in {cost!.toFixed(0)} ms (WebGL without a GPU), too slow to
          animate beside the contour.
        </p>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<keyof ToySettings, string> = {
  lr: 'η (SGD, SAM; SWA before its start)',
  noise: 'σ (gradient noise)',
  rho: 'ρ (SAM radius)',
  p: 'p (SAM norm)',
  alpha1: 'α₁ (SWA cycle start)',
  alpha2: 'α₂ (SWA cycle end)',
  c: 'c (SWA cycle length)',
  swaStart: 'SWA start (iteration)',
  steps: 'iterations',
  seed: 'seed (noise, random ray)',
};

const SLIDERS: { field: Exclude<keyof ToySettings, 'p'>; min: number; max: number; step: number }[] = [
  { field: 'lr', min: 0.001, max: 0.2, step: 0.001 },
  { field: 'noise', min: 0, max: 3, step: 0.05 },
  { field: 'rho', min: 0, max: 2, step: 0.01 },
  { field: 'alpha1', min: 0.001, max: 1, step: 0.001 },
  { field: 'alpha2', min: 0.001, max: 1, step: 0.001 },
  { field: 'c', min: 1, max: 100, step: 1 },
];

/**
 * Why each method ends where it does, from the linearised updates along the
 * top eigenvector (curvature λ) at each minimum: gradient steps are stable
 * while ηλ < 2, and SAM swings by `samTwoCycleAmplitude`.
 */
function Stability({ minima, settings }: { minima: MinimumInfo[]; settings: ToySettings }) {
  const { lr, alpha1, rho } = settings;
  return (
    <table className="results" data-testid="toy-stability">
      <thead>
        <tr>
          <th>minimum</th>
          <th>λ₁</th>
          <th>η·λ₁ (SGD, SAM: stable if &lt; 2)</th>
          <th>α₁·λ₁ (SWA at each cycle start)</th>
          <th>SAM’s oscillation ηλ₁ρ/(2 − ηλ₁)</th>
        </tr>
      </thead>
      <tbody>
        {minima.map((m) => {
          const l = m.eigen.values[0];
          const el = lr * l;
          return (
            <tr key={m.label}>
              <td>{m.label}</td>
              <td>{fmt(l, 2)}</td>
              <td>{fmt(el, 2)}</td>
              <td>{fmt(alpha1 * l, 2)}</td>
              <td>{el < 2 ? fmt(samTwoCycleAmplitude(lr, l, rho), 3) : 'unstable'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function describeEnd(a: ToyAnalysis): string {
  return a.basin.named ? a.basin.named.label : `a local minimum at ${pt(a.basin.minimum)}`;
}

function AnalysisPanel({ results, minima }: { results: Record<ToyMethod, ToyAnalysis>; minima: MinimumInfo[] }) {
  const t = results.SGD.t;
  const curves = (which: 'randomRay' | 'eigenRay'): Data[] =>
    TOY_METHODS.map((m) => ({
      type: 'scatter',
      mode: 'lines',
      name: m === 'SWA' ? 'SWA (w_SWA)' : m,
      x: t,
      y: results[m][which].loss,
      line: { color: COLORS[m], width: 2 },
    }));
  return (
    <Panel
      title="At each method's solution: sharpness and the loss along rays"
      tex={String.raw`\nabla^2 L(w^*) = \begin{pmatrix} \partial_{xx}L & \partial_{xy}L\\ \partial_{xy}L & \partial_{yy}L\end{pmatrix},\quad \lambda_{1,2} = \tfrac{\partial_{xx}L+\partial_{yy}L}{2} \pm \sqrt{\big(\tfrac{\partial_{xx}L-\partial_{yy}L}{2}\big)^2 + (\partial_{xy}L)^2},\qquad L(w^* + t\,d)`}
      hint="The exact 2×2 Hessian by double backprop, its eigenvalues in closed form; the rays are the convnet panels' rays in two dimensions. Width: the distance t at which L has risen by 0.1, averaged over ±d."
      testId="toy-analysis"
    >
      <table className="results">
        <thead>
          <tr>
            <th>method</th>
            <th>solution w*</th>
            <th>ended in</th>
            <th>L(w*)</th>
            <th>‖∇L‖</th>
            <th>λ₁</th>
            <th>λ₂</th>
            <th>width, random ray</th>
            <th>width, top eigenvector</th>
          </tr>
        </thead>
        <tbody>
          {TOY_METHODS.map((m) => {
            const a = results[m];
            return (
              <tr key={m} data-testid={`toy-row-${m}`}>
                <td style={{ color: COLORS[m] }}>
                  <b>{m === 'SWA' ? 'SWA (w_SWA)' : m}</b>
                </td>
                <td>{pt(a.point)}</td>
                <td data-testid={`toy-basin-${m}`}>{describeEnd(a)}</td>
                <td>{fmt(a.loss)}</td>
                <td>{fmt(a.gradNorm)}</td>
                <td>{fmt(a.eigen.values[0], 2)}</td>
                <td>{fmt(a.eigen.values[1], 2)}</td>
                <td>
                  {fmt(a.width.random.mean, 2)}
                  {a.width.random.censored ? ' (≥)' : ''}
                </td>
                <td>
                  {fmt(a.width.eigen.mean, 2)}
                  {a.width.eigen.censored ? ' (≥)' : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">
        The landscape's minima:{' '}
        {minima
          .map((m) => `${m.label} at ${pt(m.at)}, L = ${fmt(m.loss)}, λ = ${fmt(m.eigen.values[0], 2)}, ${fmt(m.eigen.values[1], 2)}`)
          .join('; ')}
        .
      </p>
      <div className="grid2">
        <Plot
          name="toy-random-ray"
          testId="toy-random-ray"
          data={curves('randomRay')}
          layout={{
            title: { text: 'L(w* + t·d), one random unit direction d' },
            xaxis: { title: { text: 't' } },
            yaxis: { title: { text: 'L' } },
          }}
        />
        <Plot
          name="toy-eigen-ray"
          testId="toy-eigen-ray"
          data={curves('eigenRay')}
          layout={{
            title: { text: 'L(w* + t·v₁), v₁ the top eigenvector at w*' },
            xaxis: { title: { text: 't' } },
            yaxis: { title: { text: 'L' } },
          }}
        />
      </div>
    </Panel>
  );
}

export function ToyLab() {
  const [initial] = useState(() => toyFromHash(window.location.hash));
  const [landscape, setLandscape] = useState<LandscapeId>(initial.setup.landscape);
  const [settings, setSettings] = useState<ToySettings>(initial.setup.settings);
  const [start, setStart] = useState<Point>(initial.setup.start);
  const [speed, setSpeed] = useState(2);
  const [playing, setPlaying] = useState(false);
  const [runId, setRunId] = useState(0);
  const [grid, setGrid] = useState<{ id: LandscapeId; grid: Grid } | null>(null);
  const [minima, setMinima] = useState<MinimumInfo[]>([]);
  const [trails, setTrails] = useState<Trails>(() => emptyTrails(start, settings));
  const [analysis, setAnalysis] = useState<Record<ToyMethod, ToyAnalysis> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fps, setFps] = useState<number | null>(null);
  const worker = useRef<ToyWorker | null>(null);
  const inFlight = useRef(false);
  const errors = useMemo(() => validateToySettings(settings), [settings]);
  const valid = Object.keys(errors).length === 0;
  const info = LANDSCAPE_INFO[landscape];

  const onEvent = useRef<(e: ToyEvent) => void>(() => undefined);
  const currentRun = useRef(0);
  onEvent.current = (e: ToyEvent) => {
    if (e.type !== 'toy-error' && e.run !== currentRun.current) return;
    if (e.type === 'toy-ready') {
      if (e.grid) setGrid({ id: e.landscape, grid: e.grid });
      setMinima(e.minima);
      inFlight.current = false;
    } else if (e.type === 'toy-frame') {
      inFlight.current = false;
      const f = e.frame;
      setTrails((t) => {
        const paths = { ...t.paths };
        const heights = { ...t.heights };
        for (const m of TOY_METHODS) {
          paths[m] = f.paths[m].length ? [...t.paths[m], ...f.paths[m]] : t.paths[m];
          heights[m] = f.paths[m].length ? [...t.heights[m], ...e.heights[m]] : t.heights[m];
        }
        paths.average = f.swaAverage.length ? [...t.paths.average, ...f.swaAverage] : t.paths.average;
        heights.average = f.swaAverage.length ? [...t.heights.average, ...e.heights.average] : t.heights.average;
        const samFrom = last(paths.SAM.slice(0, -1));
        return {
          paths,
          heights,
          eps: f.samPerturbed && samFrom ? [samFrom, f.samPerturbed] : t.eps,
          iteration: f.iteration,
          done: f.done,
          models: f.swaModels,
          lr: f.lr,
          stopped: f.stopped,
        };
      });
      if (f.done) {
        setPlaying(false);
        worker.current?.send({ type: 'toy-analyze' });
      }
    } else if (e.type === 'toy-analysis') {
      setAnalysis(e.results);
    } else {
      inFlight.current = false;
      setPlaying(false);
      setError(e.message);
    }
  };

  useEffect(() => {
    const w = startToyWorker((e) => onEvent.current(e));
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  // (Re)start the three runs: a new landscape, a new start point, or Reset.
  useEffect(() => {
    if (!valid) return;
    setTrails(emptyTrails(start, settings));
    setAnalysis(null);
    setError(null);
    inFlight.current = true;
    currentRun.current += 1;
    worker.current?.send({
      type: 'toy-start',
      run: currentRun.current,
      landscape,
      start,
      settings,
      grid: grid?.id === landscape ? null : GRID,
    });
    // Not on `settings`: they apply live (below) or at the next reset.
  }, [landscape, start, runId]);

  // Live settings: sent as they change, used from the next iteration.
  const liveKey = LIVE_TOY_FIELDS.map((k) => settings[k]).join(',');
  useEffect(() => {
    if (!valid) return;
    const live = Object.fromEntries(LIVE_TOY_FIELDS.map((k) => [k, settings[k]])) as Partial<ToySettings>;
    worker.current?.send({ type: 'toy-update', settings: live });
    // `liveKey` stands for the live fields.
  }, [liveKey, valid]);

  // The animation: a few iterations per frame, one request in flight at a time; frames per second measured over each second.
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let frames = 0;
    let since = performance.now();
    const tick = () => {
      frames += 1;
      const now = performance.now();
      if (now - since >= 1000) {
        setFps((frames * 1000) / (now - since));
        frames = 0;
        since = now;
      }
      if (!inFlight.current) {
        inFlight.current = true;
        worker.current?.send({ type: 'toy-advance', iterations: speed });
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed]);

  // The setup lives in the URL fragment, so a link shows the same landscape, start and settings.
  useEffect(() => {
    window.history.replaceState(null, '', window.location.pathname + window.location.search + toyToHash({ landscape, start, settings }));
  }, [landscape, start, settings]);

  useEffect(() => {
    installToyHook(() => ({
      iteration: trails.iteration,
      done: trails.done,
      start,
      settings,
      analysis,
      fps,
      error,
      stopped: trails.stopped,
    }));
  });

  const set = <K extends keyof ToySettings>(k: K, v: ToySettings[K]) => setSettings((s) => ({ ...s, [k]: v }));
  const reset = () => {
    setPlaying(false);
    setRunId((r) => r + 1);
  };
  const chooseLandscape = (id: LandscapeId) => {
    const next = defaultSetup(id);
    setPlaying(false);
    setSettings((s) => ({ ...next.settings, seed: s.seed }));
    setLandscape(id);
    setStart(next.start);
  };
  const pickStart = (p: Point) => {
    setPlaying(false);
    setStart(p);
  };
  const ranges = useMemo(() => ({ x: info.domain.x, y: info.domain.y }), [info]);

  return (
    <div className="toy" data-testid="toy">
      <aside>
        <h3>Landscape</h3>
        <select data-testid="toy-landscape" value={landscape} onChange={(e) => chooseLandscape(e.target.value as LandscapeId)}>
          {LANDSCAPE_IDS.map((id) => (
            <option key={id} value={id}>
              {LANDSCAPE_INFO[id].name}
            </option>
          ))}
        </select>
        <p className="hint">{info.description} Click the contour to start elsewhere.</p>
        <h3>Live settings</h3>
        <div className="sliders">
          {SLIDERS.map(({ field, min, max, step }) => (
            <label key={field} className={`slider${errors[field] ? ' invalid' : ''}`}>
              <span>
                {FIELD_LABELS[field]} = <b>{settings[field]}</b>
              </span>
              <input
                type="range"
                data-testid={`toy-${field}`}
                min={min}
                max={max}
                step={step}
                value={settings[field]}
                onChange={(e) => set(field, Number(e.target.value))}
              />
              {errors[field] && <span className="error">{errors[field]}</span>}
            </label>
          ))}
          <label className="field">
            {FIELD_LABELS.p}
            <select
              data-testid="toy-p"
              value={settings.p === Infinity ? 'inf' : '2'}
              onChange={(e) => set('p', e.target.value === 'inf' ? Infinity : 2)}
            >
              <option value="2">p = 2: ε̂ = ρ g/‖g‖₂</option>
              <option value="inf">p = ∞: ε̂ = ρ sign(g)</option>
            </select>
          </label>
        </div>
        <h3>Applied at the next reset</h3>
        {(['steps', 'swaStart', 'seed'] as const).map((field) => (
          <label key={field} className={`field${errors[field] ? ' invalid' : ''}`}>
            {FIELD_LABELS[field]}
            <input
              type="number"
              data-testid={`toy-${field}`}
              value={Number.isNaN(settings[field]) ? '' : settings[field]}
              onChange={(e) => set(field, e.target.value === '' ? Number.NaN : Number(e.target.value))}
            />
            {errors[field] && <span className="error">{errors[field]}</span>}
          </label>
        ))}
        <label className="slider">
          <span>
            speed = <b>{speed}</b> iterations per frame
          </span>
          <input
            type="range"
            data-testid="toy-speed"
            min={1}
            max={20}
            step={1}
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
          />
        </label>
        <div className="row">
          <button
            type="button"
            className="start"
            data-testid="toy-play"
            disabled={!playing && (!valid || trails.done || !grid)}
            onClick={() => setPlaying((p) => !p)}
          >
            {playing ? 'Pause' : trails.iteration > 0 ? 'Resume' : 'Run'}
          </button>
          <button type="button" data-testid="toy-reset" disabled={!valid} onClick={reset}>
            Reset
          </button>
        </div>
        {!valid && <p className="error">Fix the fields marked in red.</p>}
      </aside>
      <main>
        <Panel title={info.name} tex={landscapeTex(info)}>
          <div className="progress small" data-testid="toy-status">
            iteration {trails.iteration} / {settings.steps}
            {' · '}η = {trails.lr.SGD}, SWA’s α(i) = {fmt(trails.lr.SWA, 3)}
            {' · '}
            {trails.models > 0 ? `w_SWA averages ${trails.models} models (ŵ included)` : `SWA starts at iteration ${settings.swaStart}`}
            {fps !== null && playing && ` · ${fps.toFixed(0)} frames/s`}
            {trails.done && ' · done'}
          </div>
          {initial.problems.map((m) => (
            <div key={m} className="message" data-testid="toy-message">
              {m}
            </div>
          ))}
          {Object.values(trails.stopped).map((m) => (
            <div key={m} className="message" data-testid="toy-message">
              {m}
            </div>
          ))}
          {error && (
            <div className="message" data-testid="toy-message">
              {error}
            </div>
          )}
          <div className="grid2">
            <div>
              {grid && grid.id === landscape ? (
                <ContourView grid={grid.grid} trails={trails} start={start} minima={minima} onPick={pickStart} ranges={ranges} />
              ) : (
                <div className="plot toy-contour">computing the landscape…</div>
              )}
            </div>
            <div>{grid && grid.id === landscape && <SurfaceView grid={grid.grid} trails={trails} playing={playing} />}</div>
          </div>
          <div className="grid2 tight">
            <div>
              <b>SWA</b> (blue): the iterates w follow α(i) = (1 − t(i))α₁ + t(i)α₂; at every mod(i, c) = 0 the average moves:
              <Formula
                tex={String.raw`w_{\mathrm{SWA}} \leftarrow \frac{w_{\mathrm{SWA}}\cdot n_{\mathrm{models}} + w}{n_{\mathrm{models}} + 1}`}
              />
            </div>
            <div>
              <b>SAM</b> (green): the orange arrow is ε̂ at the current w; the step uses the gradient at its tip, and moves w itself. Near a
              minimum ‖ε̂‖ stays ρ, so SAM oscillates; where that swing exceeds the basin (table below), SAM is thrown out of it.
              <Formula
                tex={String.raw`\hat\epsilon(w) = \rho\,\frac{\operatorname{sign}(g)\,|g|^{q-1}}{(\|g\|_q^q)^{1/p}},\quad w \leftarrow w - \eta\,\nabla L\big|_{w+\hat\epsilon(w)}`}
              />
            </div>
          </div>
          <p className="hint">
            Every iteration draws one noise vector z ~ N(0, I) shared by the three methods (and by SAM's two gradients, like one minibatch):
            the gradient is ∇L(w) + σz.
          </p>
          {minima.length > 0 && <Stability minima={minima} settings={settings} />}
        </Panel>
        {analysis && minima.length > 0 && <AnalysisPanel results={analysis} minima={minima} />}
      </main>
    </div>
  );
}
