/**
 * The comparison after training: the table, the Hessian spectrum, random
 * rays, interpolation and the surface. The table's cells are built by
 * charts/result-table.ts and the charts' traces by charts/result-traces.ts,
 * in the language of `t` (a new `t` for each language: the memos follow a
 * language switch).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHODS, type Method, isMethod } from '../../core/methods';
import { type LambdaCell, resultMethods, resultRow } from '../charts/result-table';
import {
  type RayView,
  type SurfaceView,
  firstAnalysis,
  hessianOf,
  interpolationChart,
  rayCharts,
  solutionName,
  spectrumCharts,
  surfaceChart,
} from '../charts/result-traces';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger } from '../format';
import { WIDTH_DELTA } from '../history';
import { EIGEN_DENSITY_TEX, FGE_VS_SWA_TEX, HESSIAN_EIGEN_TEX, INTERPOLATION_TEX, LOSS_SURFACE_TEX, RAYS_TEX } from '../formulas';
import { QUICK_ANALYSIS_MAX_K, SURFACE_POINTS } from '../lab';
import { Formula, Panel } from './Formula';
import { Plot } from './Plot';

/** The λ_max cell: the analysis's value ± bound, the tracker's reading, or '…', each with its tooltip. */
function Lambda({ cell, samples }: { cell: LambdaCell; samples: number }) {
  const { t } = useTranslation();
  if (cell.kind === 'analysed')
    return (
      <span title={t('charts.table.analysedTooltip', { samples: formatInteger(samples) })}>
        {cell.value} <small>± {cell.residual}</small>
      </span>
    );
  if (cell.kind === 'tracked')
    return (
      <span title={t('charts.table.trackedTooltip')}>
        ≈ {cell.value} <small>{t('charts.table.tracked')}</small>
      </span>
    );
  return '…';
}

/** Method m's row of the results table. */
function ResultRow({ x, m }: { x: Experiment; m: Method }) {
  const { t } = useTranslation();
  const row = resultRow(x, m, t);
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

/** The table's columns, in order, by their catalog key. */
const HEADS = ['method', 'solution', 'status', 'accuracy', 'trainLoss', 'lambda', 'ratio', 'trace', 'fgeAccuracy', 'fgeGap'] as const;

/** One row per method whose run has ended, refined as its analysis arrives. */
export function ResultsTable({ x }: { x: Experiment }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('charts.table.title')} hint={t('charts.table.hint')} testId="results">
      <table className="results" data-testid="results-table">
        <thead>
          <tr>
            {HEADS.map((h) => (
              <th key={h}>{t(`charts.table.head.${h}`)}</th>
            ))}
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
  const { t } = useTranslation();
  const charts = useMemo(() => spectrumCharts(x.analyses, t), [x.analyses, t]);
  const hessian = hessianOf(x.analyses, t);
  return (
    <div className="grid2">
      <Panel title={t('charts.spectrum.eigenTitle')} tex={HESSIAN_EIGEN_TEX} hint={t('charts.spectrum.eigenHint', { hessian })}>
        <Plot name="hessian-eigenvalues" testId="eigen-plot" data={charts.eigenvalues.data} layout={charts.eigenvalues.layout} />
      </Panel>
      <Panel title={t('charts.spectrum.densityTitle')} tex={EIGEN_DENSITY_TEX} hint={t('charts.spectrum.densityHint')}>
        {charts.density.data.length ? (
          <Plot name="eigenvalue-density" data={charts.density.data} layout={charts.density.layout} />
        ) : (
          <p className="hint">{t('charts.spectrum.densityQuick', { k: formatInteger(QUICK_ANALYSIS_MAX_K) })}</p>
        )}
      </Panel>
    </div>
  );
}

/** Test error and train loss along the same random rays through every solution. */
export function Rays({ x }: { x: Experiment }) {
  const { t } = useTranslation();
  const [view, setView] = useState<RayView>('band');
  const charts = useMemo(() => rayCharts(x.analyses, t, view), [x.analyses, t, view]);
  const any = firstAnalysis(x.analyses);
  const kind = x.lab.directions === 'filter' ? t('charts.rays.filter') : t('charts.rays.gaussian');
  const directions = formatInteger(any?.rays.curves.length ?? 0);
  return (
    <Panel title={t('charts.rays.title')} tex={RAYS_TEX} hint={t('charts.rays.hint', { directions, kind })} testId="rays">
      <div className="grid2 tight">
        <Plot name="rays-test-error" testId="rays-error" data={charts.testError.data} layout={charts.testError.layout} />
        <Plot name="rays-train-loss" testId="rays-loss" data={charts.trainLoss.data} layout={charts.trainLoss.layout} />
      </div>
      {view === 'band' && <p className="hint">{t('charts.rays.bandHint', { delta: formatFixed(WIDTH_DELTA, 1) })}</p>}
      <label className="check">
        <input
          type="checkbox"
          checked={view === 'every'}
          onChange={(e) => setView(e.target.checked ? 'every' : 'band')}
          data-testid="rays-every"
        />{' '}
        {t('charts.rays.everyRay')}
      </label>
      {any && any.rays.nonFinite > 0 && <p className="hint">{t('charts.rays.nonFinite')}</p>}
    </Panel>
  );
}

/** Loss and test error on the straight line from w_SGD to w_SWA and to w_SAM; nothing before one is computed. */
export function Interpolation({ x }: { x: Experiment }) {
  const { t } = useTranslation();
  const chart = useMemo(() => interpolationChart(x.interpolations, t), [x.interpolations, t]);
  if (!chart.data.length) return null;
  return (
    <Panel title={t('charts.interpolation.title')} tex={INTERPOLATION_TEX} hint={t('charts.interpolation.hint')}>
      <Plot name="interpolation" data={chart.data} layout={chart.layout} />
    </Panel>
  );
}

/** Picks a solution and a view; the surface is computed on request and drawn as a contour or in 3D. */
export function Surface({ x, onCompute, busy }: { x: Experiment; onCompute: (m: Method) => void; busy: boolean }) {
  const available = METHODS.filter((m) => x.runs[m].solution);
  const [method, setMethod] = useState<Method>(available[0] ?? 'SGD');
  const [view, setView] = useState<SurfaceView>('contour');
  const { t } = useTranslation();
  const chart = useMemo(() => surfaceChart(x.surface, view, t), [x.surface, view, t]);
  if (!available.length) return null;
  return (
    <Panel
      title={t('charts.surface.title')}
      tex={LOSS_SURFACE_TEX}
      hint={t('charts.surface.hint', { points: formatInteger(SURFACE_POINTS) })}
    >
      <div className="row">
        <select value={method} onChange={(e) => isMethod(e.target.value) && setMethod(e.target.value)} data-testid="surface-method">
          {available.map((m) => (
            <option key={m} value={m}>
              {solutionName(m, t)}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => onCompute(method)} data-testid="surface-compute">
          {t('charts.surface.compute')}
        </button>
        <select value={view} onChange={(e) => setView(e.target.value as SurfaceView)}>
          <option value="contour">{t('charts.surface.contour')}</option>
          <option value="surface">{t('charts.surface.surface3d')}</option>
        </select>
      </div>
      {x.surface && chart && <Plot name={`surface-${x.surface.method}`} height={420} data={chart.data} layout={chart.layout} />}
    </Panel>
  );
}
