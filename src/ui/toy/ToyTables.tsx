/**
 * The toy tab's tables: why each method can stay in each minimum (from the
 * settings and the minima's curvatures), and, once the runs end, each
 * solution's sharpness and the loss along rays through it.
 */
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RayWidth } from '../../core/probes/width';
import type { ToyAnalysis } from '../../core/toy/analysis';
import { type ToySettings } from '../../core/toy/options';
import { samTwoCycleAmplitude } from '../../core/toy/stability';
import type { MinimumInfo } from '../../worker/toy-protocol';
import { Panel } from '../components/Formula';
import { COLORS } from '../colors';
import { Plot } from '../components/Plot';
import { formatFixed, formatPoint } from '../format';
import { TOY_HESSIAN_TEX } from '../formulas';
import { minimumName } from './text';
import { rayCurves, rayLayout, solutionLabel } from './traces';
import { METHODS, type Method } from '../../core/methods';

/** The tables' column heads that are symbols alone, the same in every language. */
const SYMBOLS = { l1: 'λ₁', l2: 'λ₂', loss: 'L(w*)', grad: '‖∇L‖' } as const;

/**
 * Why each method ends where it does, from the linearised updates along the
 * top eigenvector (curvature λ₁) at each minimum: a gradient step is stable
 * while ηλ₁ < 2, and SAM then swings by ±ηλ₁ρ/(2 − ηλ₁) (`samTwoCycleAmplitude`).
 */
export function Stability({ minima, settings }: { minima: MinimumInfo[]; settings: ToySettings }) {
  const { lr, alpha1, rho } = settings;
  const { t } = useTranslation();
  return (
    <table className="results" data-testid="toy-stability">
      <thead>
        <tr>
          <th>{t('toy.stability.minimum')}</th>
          <th>{SYMBOLS.l1}</th>
          <th>{t('toy.stability.sgdSam')}</th>
          <th>{t('toy.stability.swa')}</th>
          <th>{t('toy.stability.samSwing')}</th>
        </tr>
      </thead>
      <tbody>
        {minima.map((m) => {
          const l = m.eigen.values[0];
          const el = lr * l;
          return (
            <tr key={m.label}>
              <td>{minimumName(t, m.key)}</td>
              <td>{formatFixed(l, 2)}</td>
              <td>{formatFixed(el, 2)}</td>
              <td>{formatFixed(alpha1 * l, 2)}</td>
              <td>{el < 2 ? formatFixed(samTwoCycleAmplitude(lr, l, rho), 3) : t('toy.stability.unstable')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Where a run ended: the named basin, or the local minimum it found. */
function describeEnd(t: TFunction, a: ToyAnalysis): string {
  return a.basin.named ? minimumName(t, a.basin.named.key) : t('toy.analysis.localMinimum', { point: formatPoint(a.basin.minimum) });
}

/** A width, with '(≥)' when some ray ended before L had risen by 0.1 (the mean is then a lower bound). */
const width = (w: RayWidth) => `${formatFixed(w.mean, 2)}${w.censored ? ' (≥)' : ''}`;

/** One row of the analysis table: where a method's solution w* is and how sharp L is there. */
function AnalysisRow({ m, a }: { m: Method; a: ToyAnalysis }) {
  const { t } = useTranslation();
  return (
    <tr data-testid={`toy-row-${m}`}>
      <td style={{ color: COLORS[m] }}>
        <b>{solutionLabel(m)}</b>
      </td>
      <td>{formatPoint(a.point)}</td>
      <td data-testid={`toy-basin-${m}`}>{describeEnd(t, a)}</td>
      <td>{formatFixed(a.loss)}</td>
      <td>{formatFixed(a.gradNorm)}</td>
      <td>{formatFixed(a.eigen.values[0], 2)}</td>
      <td>{formatFixed(a.eigen.values[1], 2)}</td>
      <td>{width(a.width.random)}</td>
      <td>{width(a.width.eigen)}</td>
    </tr>
  );
}

/** The landscape's minima in one line: place, L and both curvatures. */
function describeMinima(t: TFunction, minima: MinimumInfo[]): string {
  return minima
    .map((m) =>
      t('toy.analysis.minimum', {
        label: minimumName(t, m.key),
        point: formatPoint(m.at),
        loss: formatFixed(m.loss),
        l1: formatFixed(m.eigen.values[0], 2),
        l2: formatFixed(m.eigen.values[1], 2),
      }),
    )
    .join('; ');
}

/** Each method's solution: the table of sharpness and width, and the loss along a random ray and the top eigenvector. */
export function AnalysisPanel({ results, minima }: { results: Record<Method, ToyAnalysis>; minima: MinimumInfo[] }) {
  const { t } = useTranslation();
  const randomRay = useMemo(() => rayCurves(results, 'randomRay'), [results]);
  const eigenRay = useMemo(() => rayCurves(results, 'eigenRay'), [results]);
  const randomLayout = useMemo(() => rayLayout(t('toy.analysis.randomRay')), [t]);
  const eigenLayout = useMemo(() => rayLayout(t('toy.analysis.eigenRay')), [t]);
  return (
    <Panel title={t('toy.analysis.title')} tex={TOY_HESSIAN_TEX} hint={t('toy.analysis.hint')} testId="toy-analysis">
      <table className="results">
        <thead>
          <tr>
            <th>{t('toy.analysis.method')}</th>
            <th>{t('toy.analysis.solution')}</th>
            <th>{t('toy.analysis.endedIn')}</th>
            <th>{SYMBOLS.loss}</th>
            <th>{SYMBOLS.grad}</th>
            <th>{SYMBOLS.l1}</th>
            <th>{SYMBOLS.l2}</th>
            <th>{t('toy.analysis.widthRandom')}</th>
            <th>{t('toy.analysis.widthEigen')}</th>
          </tr>
        </thead>
        <tbody>
          {METHODS.map((m) => (
            <AnalysisRow key={m} m={m} a={results[m]} />
          ))}
        </tbody>
      </table>
      <p className="hint">{t('toy.analysis.minima', { list: describeMinima(t, minima) })}</p>
      <div className="grid2">
        <Plot name="toy-random-ray" testId="toy-random-ray" data={randomRay} layout={randomLayout} />
        <Plot name="toy-eigen-ray" testId="toy-eigen-ray" data={eigenRay} layout={eigenLayout} />
      </div>
    </Panel>
  );
}
