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
import type { LayersView, PlaneView, ReparamView, ViewKind } from '../../worker/protocol';
import type { ViewJob } from '../analysis-jobs';
import { REPARAM_INVARIANT, REPARAM_ROWS, layersChart, planeCharts, reparamChart, reparamRatios } from '../charts/view-traces';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger, formatPercent, localizeDigits } from '../format';
import { BLOCK_SHARPNESS_TEX, PLANE_TEX, REPARAM_TEX } from '../formulas';
import { SURFACE_POINTS } from '../lab';
import type { ViewProgress } from '../session-types';
import { Panel } from './Formula';
import { Plot } from './Plot';

/** The progress line of a view being computed. */
function Computing({ progress }: { progress: ViewProgress | undefined }) {
  const { t } = useTranslation();
  if (!progress) return null;
  return (
    <p className="hint">{t('charts.views.computing', { done: formatInteger(progress.done), total: formatInteger(progress.total) })}</p>
  );
}

/** The plane's charts and the table of its points (their own values, evaluated at their own weights). */
function PlaneCharts({ view }: { view: PlaneView }) {
  const { t } = useTranslation();
  const charts = useMemo(() => planeCharts(view, t), [view, t]);
  return (
    <>
      <div className="grid2 tight">
        <Plot name="plane-test-error" testId="plane-error" height={380} data={charts.testError.data} layout={charts.testError.layout} />
        <Plot name="plane-train-loss" testId="plane-loss" height={380} data={charts.trainLoss.data} layout={charts.trainLoss.layout} />
      </div>
      <table className="results" data-testid="plane-points">
        <thead>
          <tr>
            <th>{t('charts.views.plane.head.point')}</th>
            <th>a</th>
            <th>b</th>
            <th>{t('charts.views.plane.head.trainLoss')}</th>
            <th>{t('charts.views.plane.head.testError')}</th>
          </tr>
        </thead>
        <tbody>
          {view.points.map((p) => (
            <tr key={p.label}>
              <td>{p.label}</td>
              <td>{formatFixed(p.a, 3)}</td>
              <td>{formatFixed(p.b, 3)}</td>
              <td>{p.value.trainLoss === null ? '—' : formatFixed(p.value.trainLoss, 3)}</td>
              <td>{p.value.testError === null ? '—' : formatPercent(p.value.testError, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** View 1: the plane through the three solutions. */
function PlanePanel({
  x,
  busy,
  progress,
  onCompute,
}: {
  x: Experiment;
  busy: boolean;
  progress: ViewProgress | undefined;
  onCompute: (view: ViewJob) => void;
}) {
  const { t } = useTranslation();
  const ready = x.runs.SGD.solution && x.runs.SWA.solution && x.runs.SAM.solution;
  const view = x.views?.plane?.solutions;
  const parameters = formatInteger(countParams(x.runs.SGD.config.model));
  return (
    <Panel
      title={t('charts.views.plane.title')}
      tex={PLANE_TEX}
      hint={t('charts.views.plane.hint', { parameters, points: formatInteger(SURFACE_POINTS) })}
      testId="view-plane"
    >
      <button
        type="button"
        disabled={busy || !ready}
        onClick={() => onCompute({ kind: 'plane', plane: 'solutions' })}
        data-testid="plane-compute"
      >
        {t('charts.views.plane.compute')}
      </button>
      <Computing progress={progress} />
      {view && <PlaneCharts view={view} />}
      <p className="hint">{t('charts.views.plane.reading')}</p>
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
  onCompute: (view: ViewJob) => void;
}

/** The papers' pictures, under the comparison. */
export function Views(props: PanelProps) {
  const { t } = useTranslation();
  return (
    <section className="views" data-testid="views">
      <h2>{t('charts.views.title')}</h2>
      <p className="hint">{t('charts.views.hint')}</p>
      <PlanePanel x={props.x} busy={props.busy} progress={props.progress.plane} onCompute={props.onCompute} />
      <LayersPanel {...props} />
      <ReparamPanel {...props} />
    </section>
  );
}
