/**
 * The comparison after training: the table, the Hessian spectrum, random
 * rays, interpolation and the surface. The table's cells are built by
 * charts/result-table.ts and the charts' traces by charts/result-traces.ts.
 */
import { useMemo, useState } from 'react';
import { METHODS, type Method, isMethod } from '../../core/methods';
import { type LambdaCell, resultMethods, resultRow } from '../charts/result-table';
import {
  SOLUTION_NAMES,
  type SurfaceView,
  firstAnalysis,
  hessianOf,
  interpolationChart,
  rayCharts,
  spectrumCharts,
  surfaceChart,
} from '../charts/result-traces';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { EIGEN_DENSITY_TEX, FGE_VS_SWA_TEX, HESSIAN_EIGEN_TEX, INTERPOLATION_TEX, LOSS_SURFACE_TEX, RAYS_TEX } from '../formulas';
import { QUICK_ANALYSIS_MAX_K, SURFACE_POINTS } from '../lab';
import { Formula, Panel } from './Formula';
import { Plot } from './Plot';

/** The λ_max cell: the analysis's value ± bound, the tracker's reading, or '…', each with its tooltip. */
function Lambda({ cell, samples }: { cell: LambdaCell; samples: number }) {
  if (cell.kind === 'analysed')
    return (
      <span title={`Lanczos on ${samples} training samples; some eigenvalue lies within ± the residual bound`}>
        {cell.value} <small>± {cell.residual}</small>
      </span>
    );
  if (cell.kind === 'tracked')
    return (
      <span title="The training-time tracker's last reading (a few warm-started Lanczos steps on a smaller subset); the analysis refines it.">
        ≈ {cell.value} <small>(tracked)</small>
      </span>
    );
  return '…';
}

/** Method m's row of the results table. */
function ResultRow({ x, m }: { x: Experiment; m: Method }) {
  const row = resultRow(x, m);
  return (
    <tr data-testid={`row-${m}`}>
      <td style={{ color: COLORS[m], fontWeight: 600 }}>{m}</td>
      <td>{row.solution}</td>
      <td>{row.status}</td>
      <td>{row.accuracy}</td>
      <td>{row.trainLoss}</td>
      <td data-testid={`lambda-${m}`}>
        <Lambda cell={row.lambda} samples={x.lab.samples} />
      </td>
      <td>{row.ratio}</td>
      <td>{row.trace}</td>
      <td>{row.fgeAccuracy}</td>
      <td>{row.fgeGap}</td>
    </tr>
  );
}

/** One row per method whose run has ended, refined as its analysis arrives. */
export function ResultsTable({ x }: { x: Experiment }) {
  return (
    <Panel
      title="Results"
      hint="Same data, same initial weights, same budget. A row appears when its run ends (λ_max first from the training-time tracker, marked 'tracked'), and is refined when its analysis arrives. Lower λ_max and trace: a flatter solution; compare with the test accuracy. λ_max/λ_k is the SAM paper's λ_max/λ₅."
      testId="results"
    >
      <table className="results" data-testid="results-table">
        <thead>
          <tr>
            <th>method</th>
            <th>solution</th>
            <th>status</th>
            <th>test accuracy</th>
            <th>train loss + λ‖w‖²</th>
            <th>λ_max</th>
            <th>λ_max/λ_k</th>
            <th>trace ± se</th>
            <th>FGE accuracy</th>
            <th>FGE − SWA</th>
          </tr>
        </thead>
        <tbody>
          {resultMethods(x).map((m) => (
            <ResultRow key={m} x={x} m={m} />
          ))}
        </tbody>
      </table>
      <Formula tex={FGE_VS_SWA_TEX} />
    </Panel>
  );
}

/** The top eigenvalues of each solution's Hessian, and their density where it was computed. */
export function Spectrum({ x }: { x: Experiment }) {
  const charts = useMemo(() => spectrumCharts(x.analyses), [x.analyses]);
  const hessian = hessianOf(x.analyses);
  return (
    <div className="grid2">
      <Panel
        title="Top Hessian eigenvalues"
        tex={HESSIAN_EIGEN_TEX}
        hint={`Exact Hessian-vector products (double backprop) and Lanczos, ${hessian}. Narrow optimum: very large eigenvalues; broad optimum: eigenvalues close to zero. Error bars: residual bounds.`}
      >
        <Plot name="hessian-eigenvalues" testId="eigen-plot" data={charts.eigenvalues.data} layout={charts.eigenvalues.layout} />
      </Panel>
      <Panel
        title="Eigenvalue density"
        tex={EIGEN_DENSITY_TEX}
        hint="Stochastic Lanczos quadrature. Most eigenvalues sit near zero; the outliers on the right are the sharp directions."
      >
        {charts.density.data.length ? (
          <Plot name="eigenvalue-density" data={charts.density.data} layout={charts.density.layout} />
        ) : (
          <p className="hint">{`Computed for k > ${QUICK_ANALYSIS_MAX_K} (with k ≤ ${QUICK_ANALYSIS_MAX_K} the analysis is the quick one of a smoke test).`}</p>
        )}
      </Panel>
    </div>
  );
}

/** Test error and train loss along the same random rays through every solution. */
export function Rays({ x }: { x: Experiment }) {
  const charts = useMemo(() => rayCharts(x.analyses), [x.analyses]);
  const any = firstAnalysis(x.analyses);
  const kind = x.lab.directions === 'filter' ? 'filter-normalised' : 'unit-norm Gaussian';
  return (
    <Panel
      title="Random rays (the lecture's Figure 4)"
      tex={RAYS_TEX}
      hint={`${any?.rays.curves.length ?? 0} ${kind} directions d, the same for every solution. The flat solutions' curves stay low over a wider range of t; SWA often sits not at the bottom of the train loss but at a point with better test error.`}
      testId="rays"
    >
      <div className="grid2 tight">
        <Plot name="rays-test-error" testId="rays-error" data={charts.testError.data} layout={charts.testError.layout} />
        <Plot name="rays-train-loss" testId="rays-loss" data={charts.trainLoss.data} layout={charts.trainLoss.layout} />
      </div>
      {any && any.rays.nonFinite > 0 && (
        <p className="hint">Some points far out on the rays gave non-finite losses; they are left out of the curves.</p>
      )}
    </Panel>
  );
}

/** Loss and test error on the straight line from w_SGD to w_SWA and to w_SAM; nothing before one is computed. */
export function Interpolation({ x }: { x: Experiment }) {
  const chart = useMemo(() => interpolationChart(x.interpolations), [x.interpolations]);
  if (!chart.data.length) return null;
  return (
    <Panel
      title="Interpolation between solutions"
      tex={INTERPOLATION_TEX}
      hint="s = 0 is w_SGD, s = 1 the other solution. A barrier between them means different basins; a flat path means the same wide valley."
    >
      <Plot name="interpolation" data={chart.data} layout={chart.layout} />
    </Panel>
  );
}

/** Picks a solution and a view; the surface is computed on request and drawn as a contour or in 3D. */
export function Surface({ x, onCompute, busy }: { x: Experiment; onCompute: (m: Method) => void; busy: boolean }) {
  const available = METHODS.filter((m) => x.runs[m].solution);
  const [method, setMethod] = useState<Method>(available[0] ?? 'SGD');
  const [view, setView] = useState<SurfaceView>('contour');
  const chart = useMemo(() => surfaceChart(x.surface, view), [x.surface, view]);
  if (!available.length) return null;
  return (
    <Panel
      title="Loss surface around a solution"
      tex={LOSS_SURFACE_TEX}
      hint={`Two filter-normalised directions (Li et al., 2018), ${SURFACE_POINTS} × ${SURFACE_POINTS} points. Wide, round contours: a flat basin.`}
    >
      <div className="row">
        <select value={method} onChange={(e) => isMethod(e.target.value) && setMethod(e.target.value)} data-testid="surface-method">
          {available.map((m) => (
            <option key={m} value={m}>
              {SOLUTION_NAMES[m]}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => onCompute(method)} data-testid="surface-compute">
          Compute surface
        </button>
        <select value={view} onChange={(e) => setView(e.target.value as SurfaceView)}>
          <option value="contour">contour</option>
          <option value="surface">3D surface</option>
        </select>
      </div>
      {x.surface && chart && <Plot name={`surface-${x.surface.method}`} height={420} data={chart.data} layout={chart.layout} />}
    </Panel>
  );
}
