/**
 * The one number each lecture view shows, read the same way the view reads
 * it: the browser test checks every step rendered by reading it through the
 * test hook (a number, not a screenshot comparison).
 */
import type { Experiment } from '../experiment';
import type { RunPanel } from './steps';
import { swaFgeRows } from './swa-fge';

/** The panel's figure for `x`, or null where the run does not have it (yet). */
export function panelFigure(panel: RunPanel, x: Experiment): number | null {
  switch (panel) {
    case 'overview':
    case 'results':
      return x.runs.SGD.result?.final?.test.accuracy ?? null;
    case 'spectrum':
      return x.analyses.SGD?.values[0] ?? null;
    case 'live':
      return x.runs.SWA.epochs.length || null;
    case 'schedule':
      return x.lab.swaStart;
    case 'swa-fge':
      return swaFgeRows(x).length || null;
    case 'rays':
      return x.analyses.SWA?.rays.curves.length ?? null;
  }
}
