/**
 * The results table's cells as text, from the experiment (no React): one row
 * per method whose run has ended.
 *
 *   test accuracy   of the solution: w_SWA's for SWA, the final w's for SGD and SAM, in % to 2 decimals
 *   λ_max           the analysis's λ₁ ± its residual bound; before the analysis, the training-time tracker's
 *                   last reading at the solution (≈, 'tracked'); '…' while neither exists
 *   λ_max/λ_k       the SAM paper's λ_max/λ₅ with k the number of eigenvalues computed
 *   trace ± se      Hutchinson's estimate tr(H) ≈ (1/n) Σ zᵀHz and its standard error
 *   FGE − SWA       (acc_FGE − acc_SWA) in points, with the snapshots' spread ‖Δ‖ = √((1/n) Σᵢ ‖wᵢ − w_SWA‖²)
 *
 * Numbers follow format.ts: '—' when missing, 'NaN'/'Infinity' when not finite;
 * words are in `t`'s language.
 */
import type { TFunction } from 'i18next';
import { METHODS, type Method } from '../../core/methods';
import type { Experiment } from '../experiment';
import { MISSING, formatFixed, formatInteger, formatPercent, formatSignificant } from '../format';
import { solutionName } from './result-traces';

/** A fraction as a percentage to 2 decimals: percent(0.8123) = '81.23 %'; '—' when missing. */
export function percent(x: number | null | undefined): string {
  return formatPercent(x, 2);
}

/** The λ_max cell: the analysis's value and residual bound, the tracker's reading, or nothing yet. */
export type LambdaCell = { kind: 'analysed'; value: string; residual: string } | { kind: 'tracked'; value: string } | { kind: 'pending' };

/** One row's cells (the method and its colour are the row's key). */
export interface ResultRow {
  solution: string;
  status: string;
  accuracy: string;
  trainLoss: string;
  lambda: LambdaCell;
  ratio: string;
  trace: string;
  fgeAccuracy: string;
  fgeGap: string;
}

/** The methods with a row: those whose run has a result, in METHODS order. */
export function resultMethods(x: Pick<Experiment, 'runs'>): Method[] {
  return METHODS.filter((m) => x.runs[m].result);
}

/** λ_max: the analysis's λ₁ (± its residual to 1 digit), else the tracker's last reading at the solution (w_SWA for SWA). */
export function lambdaCell(x: Experiment, m: Method): LambdaCell {
  const a = x.analyses[m];
  if (a) return { kind: 'analysed', value: formatSignificant(a.values[0]), residual: formatSignificant(a.residuals[0], 1) };
  const last = x.runs[m].epochs.at(-1);
  const tracked = m === 'SWA' ? last?.swaSharpness : last?.sharpness;
  return tracked ? { kind: 'tracked', value: formatSignificant(tracked.lambdaMax) } : { kind: 'pending' };
}

/** FGE − SWA in points with the spread ‖Δ‖, for SWA once both were evaluated; '' otherwise. */
function fgeGap(x: Experiment, m: Method, t: TFunction): string {
  const f = x.runs[m].result?.final;
  if (m !== 'SWA' || !f?.fge || !f.swa) return '';
  return t('charts.table.fgeGap', {
    gap: formatFixed(100 * (f.fge.accuracy - f.swa.accuracy), 2),
    spread: formatSignificant(f.swa.spread),
  });
}

/** The cells of method m's row, its words in `t`'s language. */
export function resultRow(x: Experiment, m: Method, t: TFunction): ResultRow {
  const r = x.runs[m];
  const f = r.result?.final;
  const a = x.analyses[m];
  const swa = m === 'SWA';
  return {
    solution:
      swa && f?.swa
        ? t('charts.solution.models', { solution: solutionName(m, t), models: formatInteger(f.swa.models) })
        : solutionName(m, t),
    status: t(`charts.status.${r.status}`),
    accuracy: percent(swa ? f?.swa?.accuracy : f?.test.accuracy),
    trainLoss: formatSignificant(a?.own.trainLoss, 4),
    lambda: lambdaCell(x, m),
    ratio: formatSignificant(a?.ratio),
    trace: a ? `${formatSignificant(a.trace.trace)} ± ${formatSignificant(a.trace.se, 2)}` : MISSING,
    fgeAccuracy: swa ? percent(f?.fge?.accuracy) : '',
    fgeGap: fgeGap(x, m, t),
  };
}
