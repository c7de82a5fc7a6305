/**
 * The toy tab's tables: why each method can stay in each minimum (from the
 * settings and the minima's curvatures), and, once the runs end, each
 * solution's sharpness and the loss along rays through it.
 */
import { useMemo } from 'react';
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
import { rayCurves, rayLayout, solutionLabel } from './traces';
import { METHODS, type Method } from '../../core/methods';

/**
 * Why each method ends where it does, from the linearised updates along the
 * top eigenvector (curvature λ₁) at each minimum: a gradient step is stable
 * while ηλ₁ < 2, and SAM then swings by ±ηλ₁ρ/(2 − ηλ₁) (`samTwoCycleAmplitude`).
 */
export function Stability({ minima, settings }: { minima: MinimumInfo[]; settings: ToySettings }) {
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
              <td>{formatFixed(l, 2)}</td>
              <td>{formatFixed(el, 2)}</td>
              <td>{formatFixed(alpha1 * l, 2)}</td>
              <td>{el < 2 ? formatFixed(samTwoCycleAmplitude(lr, l, rho), 3) : 'unstable'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Where a run ended: the named basin, or the local minimum it found. */
function describeEnd(a: ToyAnalysis): string {
  return a.basin.named ? a.basin.named.label : `a local minimum at ${formatPoint(a.basin.minimum)}`;
}

/** A width, with '(≥)' when some ray ended before L had risen by 0.1 (the mean is then a lower bound). */
const width = (w: RayWidth) => `${formatFixed(w.mean, 2)}${w.censored ? ' (≥)' : ''}`;

/** One row of the analysis table: where a method's solution w* is and how sharp L is there. */
function AnalysisRow({ m, a }: { m: Method; a: ToyAnalysis }) {
  return (
    <tr data-testid={`toy-row-${m}`}>
      <td style={{ color: COLORS[m] }}>
        <b>{solutionLabel(m)}</b>
      </td>
      <td>{formatPoint(a.point)}</td>
      <td data-testid={`toy-basin-${m}`}>{describeEnd(a)}</td>
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
function describeMinima(minima: MinimumInfo[]): string {
  return minima
    .map(
      (m) =>
        `${m.label} at ${formatPoint(m.at)}, L = ${formatFixed(m.loss)}, λ = ${formatFixed(m.eigen.values[0], 2)}, ${formatFixed(m.eigen.values[1], 2)}`,
    )
    .join('; ');
}

/** Each method's solution: the table of sharpness and width, and the loss along a random ray and the top eigenvector. */
export function AnalysisPanel({ results, minima }: { results: Record<Method, ToyAnalysis>; minima: MinimumInfo[] }) {
  const randomRay = useMemo(() => rayCurves(results, 'randomRay'), [results]);
  const eigenRay = useMemo(() => rayCurves(results, 'eigenRay'), [results]);
  return (
    <Panel
      title="At each method's solution: sharpness and the loss along rays"
      tex={TOY_HESSIAN_TEX}
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
          {METHODS.map((m) => (
            <AnalysisRow key={m} m={m} a={results[m]} />
          ))}
        </tbody>
      </table>
      <p className="hint">The landscape's minima: {describeMinima(minima)}.</p>
      <div className="grid2">
        <Plot
          name="toy-random-ray"
          testId="toy-random-ray"
          data={randomRay}
          layout={rayLayout('L(w* + t·d), one random unit direction d')}
        />
        <Plot
          name="toy-eigen-ray"
          testId="toy-eigen-ray"
          data={eigenRay}
          layout={rayLayout('L(w* + t·v₁), v₁ the top eigenvector at w*')}
        />
      </div>
    </Panel>
  );
}
