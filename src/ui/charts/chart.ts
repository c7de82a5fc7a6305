/**
 * What every chart builder of the lab returns, and the layout pieces they
 * share. The builders (live-traces.ts, result-traces.ts) are plain functions
 * from the experiment's data to plotly objects: no React, no drawing.
 */
import { THIN_SPACE } from '../format';
import type { Data, Layout } from '../plotly';

/** One chart: the traces and the layout that `Plot` hands to plotly. */
export interface Chart {
  data: Data[];
  layout: Layout;
}

/** A plotly layout shape or annotation (both plain objects to plotly). */
export type LayoutItem = Record<string, unknown>;

/** An axis with a title and any further settings: axis('loss', { type: 'log' }) = { title: { text: 'loss' }, type: 'log' }. */
export function axis(title: string, settings: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, ...settings };
}

/**
 * Plotly's `separators` (the decimal sign, then the thousands separator) for
 * the interface's language, so tick labels and hover values read as the text
 * does: '.,' in English, a decimal comma and a narrow no-break space in Russian.
 */
export function plotSeparators(language: string): string {
  return language === 'ru' ? `,${THIN_SPACE}` : '.,';
}
