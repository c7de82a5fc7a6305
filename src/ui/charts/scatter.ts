/**
 * Sharpness against generalisation over the student's saved runs (issue 13,
 * view 6): one point per analysed solution of every finished experiment,
 * λ_max or the trace on x, test accuracy on y, the method as the marker and
 * the learning rate or ρ as the colour. Kendall's τ between the measure and
 * the accuracy says whether sharpness orders these runs the way their
 * accuracy does; τ between the measure and η says how much of it is the
 * learning rate (Andriushchenko et al. 2023: sharpness tracks the learning
 * rate more than generalisation).
 */
import type { TFunction } from 'i18next';
import { METHODS, type Method } from '../../core/methods';
import { kendallTau } from '../../core/stats';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger, localizeDigits } from '../format';
import { solutionAccuracy } from '../history';
import type { Data } from '../plotly';
import { type Chart, axis } from './chart';

export type ScatterMeasure = 'lambdaMax' | 'trace';
export type ScatterColour = 'lr' | 'rho';

/** One analysed solution of a finished experiment. */
export interface ScatterPoint {
  method: Method;
  seed: number;
  lr: number;
  /** SAM's ρ; 0 for SGD and SWA (no ascent step). */
  rho: number;
  lambdaMax: number;
  trace: number;
  /** Test accuracy of the solution (w_SWA's for SWA), a fraction. */
  accuracy: number;
}

/** Every analysed solution of every finished experiment, oldest first. */
export function scatterPoints(experiments: readonly Experiment[]): ScatterPoint[] {
  return experiments
    .filter((x) => x.phase === 'done')
    .flatMap((x) =>
      METHODS.filter((m) => x.analyses[m] && x.runs[m].result?.final).map((m) => ({
        method: m,
        seed: x.lab.seed,
        lr: x.lab.lr,
        rho: m === 'SAM' ? x.lab.rho : 0,
        lambdaMax: x.analyses[m]!.values[0]!,
        trace: x.analyses[m]!.trace.trace,
        accuracy: solutionAccuracy(x, m),
      })),
    );
}

/** Kendall's τ of the measure against test accuracy and against η over the points (null where undefined). */
export function scatterTaus(points: readonly ScatterPoint[], measure: ScatterMeasure): { accuracy: number | null; lr: number | null } {
  const xs = points.map((p) => p[measure]);
  return {
    accuracy: kendallTau(
      xs,
      points.map((p) => p.accuracy),
    ),
    lr: kendallTau(
      xs,
      points.map((p) => p.lr),
    ),
  };
}

const SYMBOLS: Record<Method, string> = { SGD: 'circle', SWA: 'square', SAM: 'diamond' };

/**
 * The scatter: one trace per method (its marker, outlined in its colour), the
 * fill coloured by η (log scale: learning rates span decades) or by ρ, with
 * one shared colour bar.
 */
export function scatterChart(points: readonly ScatterPoint[], measure: ScatterMeasure, colour: ScatterColour, t: TFunction): Chart {
  const value = (p: ScatterPoint) => (colour === 'lr' ? Math.log10(p.lr) : p.rho);
  const values = points.map(value);
  const [cmin, cmax] = [Math.min(...values), Math.max(...values)];
  const colourTitle = colour === 'lr' ? 'log₁₀ η' : 'ρ';
  const methods = METHODS.filter((m) => points.some((p) => p.method === m));
  const data: Data[] = methods.map((m, i) => {
    const ps = points.filter((p) => p.method === m);
    return {
      type: 'scatter',
      mode: 'markers',
      name: m,
      x: ps.map((p) => p[measure]),
      y: ps.map((p) => 100 * p.accuracy),
      text: ps.map((p) =>
        t('charts.scatter.point', { lr: localizeDigits(String(p.lr)), rho: localizeDigits(String(p.rho)), seed: formatInteger(p.seed) }),
      ),
      hovertemplate: '%{text}<br>%{x:.3g}, %{y:.2f} %<extra>' + m + '</extra>',
      marker: {
        symbol: SYMBOLS[m],
        size: 11,
        color: ps.map(value),
        colorscale: 'Viridis',
        cmin,
        cmax: cmax > cmin ? cmax : cmin + 1,
        showscale: i === 0,
        colorbar: { title: { text: colourTitle }, thickness: 12 },
        line: { color: COLORS[m], width: 2 },
      },
    };
  });
  return {
    data,
    layout: {
      xaxis: axis(measure === 'lambdaMax' ? 'λ_max' : t('charts.scatter.traceAxis'), { type: 'log' }),
      yaxis: axis(t('charts.axis.testAccuracy')),
    },
  };
}

/** τ as the reading shows it: two decimals, or a dash where there is no order to compare. */
export const formatTau = (tau: number | null): string => (tau === null ? '—' : formatFixed(tau, 2));
