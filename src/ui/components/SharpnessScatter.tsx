/** Sharpness against test accuracy over the student's saved runs, with the rank correlations and the caveat they call for. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ScatterColour, type ScatterMeasure, formatTau, scatterChart, scatterPoints, scatterTaus } from '../charts/scatter';
import type { Experiment } from '../experiment';
import { formatInteger } from '../format';
import { KENDALL_TAU_TEX } from '../formulas';
import { Panel } from './Formula';
import { Plot } from './Plot';

/** Nothing before the first analysed solution is saved. */
export function SharpnessScatter({ experiments }: { experiments: Experiment[] }) {
  const { t } = useTranslation();
  const [measure, setMeasure] = useState<ScatterMeasure>('lambdaMax');
  const [colour, setColour] = useState<ScatterColour>('lr');
  const points = useMemo(() => scatterPoints(experiments), [experiments]);
  const chart = useMemo(() => scatterChart(points, measure, colour, t), [points, measure, colour, t]);
  if (!points.length) return null;
  const taus = scatterTaus(points, measure);
  return (
    <Panel title={t('charts.scatter.title')} tex={KENDALL_TAU_TEX} hint={t('charts.scatter.hint')} testId="scatter">
      <div className="row">
        <label>
          {t('charts.scatter.measure')}{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as ScatterMeasure)} data-testid="scatter-measure">
            <option value="lambdaMax">{t('charts.scatter.lambdaMax')}</option>
            <option value="trace">{t('charts.scatter.trace')}</option>
          </select>
        </label>
        <label>
          {t('charts.scatter.colour')}{' '}
          <select value={colour} onChange={(e) => setColour(e.target.value as ScatterColour)} data-testid="scatter-colour">
            <option value="lr">{t('charts.scatter.lr')}</option>
            <option value="rho">{t('charts.scatter.rho')}</option>
          </select>
        </label>
      </div>
      <Plot name="sharpness-vs-accuracy" testId="scatter-plot" data={chart.data} layout={chart.layout} />
      <p
        className="hint"
        data-testid="scatter-taus"
        data-points={points.length}
        data-tau-accuracy={taus.accuracy ?? ''}
        data-tau-lr={taus.lr ?? ''}
      >
        {points.length < 2
          ? t('charts.scatter.few')
          : t('charts.scatter.taus', {
              points: formatInteger(points.length),
              measure: t(`charts.scatter.${measure}`),
              accuracy: formatTau(taus.accuracy),
              lr: formatTau(taus.lr),
            })}
      </p>
      <p className="hint">{t('charts.scatter.reading')}</p>
    </Panel>
  );
}
