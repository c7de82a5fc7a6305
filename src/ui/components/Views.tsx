/**
 * Issue 13's views, computed on request once the solutions they read have
 * arrived: each panel has its formula, a button, its progress, its charts
 * (charts/view-traces.ts) and the reading the lecture gives it.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHODS, type Method, isMethod } from '../../core/methods';
import { countParams } from '../../core/models/spec';
import { rescalableLayers } from '../../core/probes/reparam';
import type { LayersView, PlaneView, ReparamView, TrajectoryView, ViewKind } from '../../worker/protocol';
import type { ViewJob } from '../analysis-jobs';
import {
  REPARAM_INVARIANT,
  REPARAM_ROWS,
  layersChart,
  planeCharts,
  reparamChart,
  reparamRatios,
  trajectoryChart,
} from '../charts/view-traces';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger, formatPercent, localizeDigits } from '../format';
import { BLOCK_SHARPNESS_TEX, PLANE_TEX, REPARAM_TEX, TRAJECTORY_TEX } from '../formulas';
import { VIEW_GRID_POINTS } from '../lab';
import type { SessionState, ViewProgress } from '../session-types';
import { Panel } from './Formula';
import { Plot } from './Plot';

/** The progress line of a view being computed, with its ETA once a unit is done (at the pace so far). */
function Computing({ progress }: { progress: ViewProgress | undefined }) {
  const { t } = useTranslation();
  if (!progress) return null;
  const eta = progress.etaSeconds;
  const done = { done: formatInteger(progress.done), total: formatInteger(progress.total) };
  return (
    <p className="hint" data-testid="view-computing">
      {eta === null ? t('charts.views.computing', done) : t('charts.views.computingEta', { ...done, eta: formatInteger(Math.ceil(eta)) })}
    </p>
  );
}

/** The plane's charts and the table of its points (their own values, evaluated at their own weights). */
function PlaneCharts({ view }: { view: PlaneView }) {
  const { t } = useTranslation();
  const charts = useMemo(() => planeCharts(view, t), [view, t]);
  const id = `plane-${view.plane}`;
  return (
    <>
      <div className="grid2 tight">
        <Plot name={`${id}-test-error`} testId={`${id}-error`} height={380} data={charts.testError.data} layout={charts.testError.layout} />
        <Plot name={`${id}-train-loss`} testId={`${id}-loss`} height={380} data={charts.trainLoss.data} layout={charts.trainLoss.layout} />
      </div>
      <table className="results" data-testid={`${id}-points`}>
        <thead>
          <tr>
            <th>{t('charts.views.plane.head.point')}</th>
            <th>a</th>
            <th>b</th>
            <th>{t('charts.views.plane.head.distance')}</th>
            <th>{t('charts.views.plane.head.trainLoss')}</th>
            <th>{t('charts.views.plane.head.testError')}</th>
          </tr>
        </thead>
        <tbody>
          {[...view.points.map((p) => ({ ...p, distance: 0 })), ...view.marks].map((p) => (
            <tr key={p.label} data-label={p.label} data-test-error={p.value.testError ?? ''}>
              <td>{p.label}</td>
              <td>{formatFixed(p.a, 3)}</td>
              <td>{formatFixed(p.b, 3)}</td>
              <td>{formatFixed(p.distance, 3)}</td>
              <td>{p.value.trainLoss === null ? '—' : formatFixed(p.value.trainLoss, 3)}</td>
              <td>{p.value.testError === null ? '—' : formatPercent(p.value.testError, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** View 1: the plane through the three solutions, and (a run of this tab) through three of SWA's snapshots. */
function PlanePanel({ x, busy, progress, recorded, onCompute }: PanelProps) {
  const { t } = useTranslation();
  const ready = x.runs.SGD.solution && x.runs.SWA.solution && x.runs.SAM.solution;
  const snapshotsReady = Boolean(x.runs.SWA.solution) && (recorded.SWA?.snapshots ?? 0) >= 3;
  const solutions = x.views?.plane?.solutions;
  const snapshots = x.views?.plane?.snapshots;
  const parameters = formatInteger(countParams(x.runs.SGD.config.model));
  return (
    <Panel
      title={t('charts.views.plane.title')}
      tex={PLANE_TEX}
      hint={t('charts.views.plane.hint', { parameters, points: formatInteger(VIEW_GRID_POINTS) })}
      testId="view-plane"
    >
      <div className="row">
        <button
          type="button"
          disabled={busy || !ready}
          onClick={() => onCompute({ kind: 'plane', plane: 'solutions' })}
          data-testid="plane-compute"
        >
          {t('charts.views.plane.compute')}
        </button>
        <button
          type="button"
          disabled={busy || !snapshotsReady}
          onClick={() => onCompute({ kind: 'plane', plane: 'snapshots' })}
          data-testid="plane-snapshots-compute"
        >
          {t('charts.views.plane.snapshots.compute')}
        </button>
      </div>
      {!snapshotsReady && !snapshots && <p className="hint">{t('charts.views.trajectory.needsPath')}</p>}
      <Computing progress={progress.plane} />
      {solutions && <PlaneCharts view={solutions} />}
      <p className="hint">{t('charts.views.plane.reading')}</p>
      {snapshots && (
        <>
          <h3>{t('charts.views.plane.snapshots.title')}</h3>
          <PlaneCharts view={snapshots} />
          <p className="hint">{t('charts.views.plane.snapshots.reading')}</p>
        </>
      )}
    </Panel>
  );
}

/** The share of the path's variance that PC1 and PC2 explain, and how far the iterates lie from their plane. */
function Explained({ view, parameters }: { view: TrajectoryView; parameters: string }) {
  const { t } = useTranslation();
  const off = Math.max(...view.path.map((p) => p.offPlane));
  return (
    <p className="hint" data-testid="trajectory-explained" data-pc1={view.explained[0]} data-pc2={view.explained[1]}>
      {t('charts.views.trajectory.explained', {
        pc1: formatPercent(view.explained[0], 1),
        pc2: formatPercent(view.explained[1], 1),
        both: formatPercent(view.explained[0] + view.explained[1], 1),
        off: formatFixed(off, 2),
        parameters,
      })}
    </p>
  );
}

/** View 2: a run's path on its PCA plane over the train loss there. */
function TrajectoryPanel({ x, busy, progress, recorded, onCompute }: PanelProps) {
  const { t } = useTranslation();
  const available = METHODS.filter((m) => x.runs[m].solution && (recorded[m]?.iterates ?? 0) >= 3);
  const shown = METHODS.filter((m) => x.views?.trajectory?.[m]);
  const [method, setMethod] = useState<Method>(available[0] ?? shown[0] ?? 'SGD');
  const view = x.views?.trajectory?.[method];
  const chart = useMemo(() => (view ? trajectoryChart(view, t) : null), [view, t]);
  const parameters = formatInteger(countParams(x.runs.SGD.config.model));
  const choices = METHODS.filter((m) => available.includes(m) || shown.includes(m));
  return (
    <Panel
      title={t('charts.views.trajectory.title')}
      tex={TRAJECTORY_TEX}
      hint={t('charts.views.trajectory.hint', { iterates: formatInteger(recorded[method]?.iterates ?? view?.path.length ?? 0) })}
      testId="view-trajectory"
    >
      <div className="row">
        <label>
          {t('charts.views.trajectory.solution')}{' '}
          <select value={method} onChange={(e) => isMethod(e.target.value) && setMethod(e.target.value)} data-testid="trajectory-method">
            {choices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={busy || !available.includes(method)}
          onClick={() => onCompute({ kind: 'trajectory', method })}
          data-testid="trajectory-compute"
        >
          {t('charts.views.trajectory.compute')}
        </button>
      </div>
      {!available.length && <p className="hint">{t('charts.views.trajectory.needsPath')}</p>}
      <Computing progress={progress.trajectory} />
      {view && chart && (
        <>
          <Plot name={`trajectory-${method}`} testId="trajectory-plot" height={420} data={chart.data} layout={chart.layout} />
          <Explained view={view} parameters={parameters} />
        </>
      )}
      <p className="hint">{t('charts.views.trajectory.reading')}</p>
    </Panel>
  );
}

/** The solutions' whole-Hessian λ_max, from their analyses. */
const wholeLambda = (x: Experiment): Partial<Record<Method, number>> =>
  Object.fromEntries(METHODS.filter((m) => x.analyses[m]).map((m) => [m, x.analyses[m]!.values[0]!]));

/** The sharpest block of each solution, in a line of text per solution. */
function LayersSummary({ view, whole }: { view: LayersView; whole: Partial<Record<Method, number>> }) {
  const { t } = useTranslation();
  return (
    <ul className="hint" data-testid="layers-summary">
      {METHODS.filter((m) => view.methods[m]).map((m) => {
        const sharpest = view.methods[m]!.reduce((a, b) => (b.lambdaMax > a.lambdaMax ? b : a));
        return (
          <li key={m} data-method={m} data-layer={sharpest.name} data-value={sharpest.lambdaMax}>
            {t('charts.views.layers.summary', {
              method: m,
              layer: sharpest.name,
              value: formatFixed(sharpest.lambdaMax, 2),
              whole: whole[m] === undefined ? '—' : formatFixed(whole[m], 2),
            })}
          </li>
        );
      })}
    </ul>
  );
}

/** View 5: λ_max of each layer's block of the Hessian, per solution. */
function LayersPanel({ x, busy, progress, onCompute }: PanelProps) {
  const { t } = useTranslation();
  const view = x.views?.layers;
  const whole = useMemo(() => wholeLambda(x), [x]);
  const chart = useMemo(() => (view ? layersChart(view, whole, t) : null), [view, whole, t]);
  const ready = METHODS.some((m) => x.runs[m].solution);
  return (
    <Panel title={t('charts.views.layers.title')} tex={BLOCK_SHARPNESS_TEX} hint={t('charts.views.layers.hint')} testId="view-layers">
      <button type="button" disabled={busy || !ready} onClick={() => onCompute({ kind: 'layers' })} data-testid="layers-compute">
        {t('charts.views.layers.compute')}
      </button>
      <Computing progress={progress.layers} />
      {view && chart && (
        <>
          <Plot name="layer-sharpness" testId="layers-plot" data={chart.data} layout={chart.layout} />
          <LayersSummary view={view} whole={whole} />
        </>
      )}
      <p className="hint">{t('charts.views.layers.reading')}</p>
    </Panel>
  );
}

/** The before/after table of a rescaling, with each measure's ratio. */
function ReparamTable({ view }: { view: ReparamView }) {
  const { t } = useTranslation();
  const ratios = reparamRatios(view);
  const value = (k: (typeof REPARAM_ROWS)[number], side: 'before' | 'after') =>
    k === 'testAccuracy' ? formatPercent(view[side][k], 2) : formatFixed(view[side][k], 4);
  return (
    <table className="results" data-testid="reparam-table">
      <thead>
        <tr>
          <th>{t('charts.views.reparam.measure')}</th>
          <th>{t('charts.views.reparam.before')}</th>
          <th>{t('charts.views.reparam.after')}</th>
          <th>{t('charts.views.reparam.ratio')}</th>
        </tr>
      </thead>
      <tbody>
        {REPARAM_ROWS.map((k) => (
          <tr key={k} data-row={k} data-ratio={ratios[k] ?? ''} className={REPARAM_INVARIANT.has(k) ? 'invariant' : undefined}>
            <td>{t(`charts.views.reparam.rows.${k}`)}</td>
            <td>{value(k, 'before')}</td>
            <td>{value(k, 'after')}</td>
            <td>{ratios[k] === null ? '—' : `×${formatFixed(ratios[k], 3)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The largest α (and 1/α) the control takes: beyond it float32 loses the function (logits of 10⁶ and more). */
const MAX_ALPHA = 1000;

/** View 4: rescale one layer and the next by α and 1/α; the function stays, λ_max does not. */
function ReparamPanel({ x, busy, progress, onCompute }: PanelProps) {
  const { t } = useTranslation();
  const available = METHODS.filter((m) => x.runs[m].solution);
  const layers = rescalableLayers(x.runs.SGD.config.model);
  const [method, setMethod] = useState<Method>(available[0] ?? 'SGD');
  const [layer, setLayer] = useState(Math.min(1, layers.length - 1));
  const [alphaText, setAlphaText] = useState('10');
  const alpha = Number(alphaText.replace(',', '.'));
  const alphaOk = alphaText.trim() !== '' && Number.isFinite(alpha) && alpha > 0 && alpha <= MAX_ALPHA;
  const view = x.views?.reparam;
  const chart = useMemo(() => (view ? reparamChart(view, (k) => t(`charts.views.reparam.rows.${k}`), t) : null), [view, t]);
  if (!available.length || !layers.length) return null;
  return (
    <Panel
      title={t('charts.views.reparam.title')}
      tex={REPARAM_TEX}
      hint={t('charts.views.reparam.hint', { layer: layers[layer] ?? '' })}
      testId="view-reparam"
    >
      <div className="row">
        <label>
          {t('charts.views.reparam.solution')}{' '}
          <select value={method} onChange={(e) => isMethod(e.target.value) && setMethod(e.target.value)} data-testid="reparam-method">
            {available.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('charts.views.reparam.layer')}{' '}
          <select value={layer} onChange={(e) => setLayer(Number(e.target.value))} data-testid="reparam-layer">
            {layers.map((name, i) => (
              <option key={name} value={i}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('charts.views.reparam.alpha')}{' '}
          <input value={alphaText} onChange={(e) => setAlphaText(e.target.value)} size={6} data-testid="reparam-alpha" />
        </label>
        <button
          type="button"
          disabled={busy || !alphaOk}
          onClick={() => onCompute({ kind: 'reparam', method, layer, alpha })}
          data-testid="reparam-compute"
        >
          {t('charts.views.reparam.compute')}
        </button>
      </div>
      {!alphaOk && (
        <p className="error" data-testid="reparam-alpha-error">
          {t('charts.views.reparam.badAlpha', { value: localizeDigits(alphaText) })}
        </p>
      )}
      <Computing progress={progress.reparam} />
      {view && chart && (
        <div className="grid2 tight">
          <Plot name="reparametrisation" testId="reparam-plot" data={chart.data} layout={chart.layout} />
          <ReparamTable view={view} />
        </div>
      )}
      <p className="hint">{t('charts.views.reparam.reading')}</p>
    </Panel>
  );
}

interface PanelProps {
  x: Experiment;
  /** A job is under way (an analysis or a view): the buttons wait. */
  busy: boolean;
  progress: Partial<Record<ViewKind, ViewProgress>>;
  /** What this tab's runs recorded of their paths (a loaded run: nothing). */
  recorded: SessionState['recorded'];
  onCompute: (view: ViewJob) => void;
}

/** The papers' pictures, under the comparison. */
export function Views(props: PanelProps) {
  const { t } = useTranslation();
  return (
    <section className="views" data-testid="views">
      <h2>{t('charts.views.title')}</h2>
      <p className="hint">{t('charts.views.hint')}</p>
      <PlanePanel {...props} />
      <TrajectoryPanel {...props} />
      <LayersPanel {...props} />
      <ReparamPanel {...props} />
    </section>
  );
}
