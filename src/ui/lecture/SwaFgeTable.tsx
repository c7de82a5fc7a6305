/** SWA against FGE on a run: per epoch of the cyclic phase, both test accuracies, the gap, and ‖Δ‖. */
import { useTranslation } from 'react-i18next';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger, formatPercent, formatSignificant } from '../format';
import { swaFgeRows } from './swa-fge';

export function SwaFgeTable({ x }: { x: Experiment }) {
  const { t } = useTranslation();
  const rows = swaFgeRows(x);
  return (
    <section className="panel" data-testid="swa-fge">
      <h2>{t('lecture.swaFge.title')}</h2>
      {rows.length === 0 ? (
        <p className="hint">{t('lecture.swaFge.empty')}</p>
      ) : (
        <table className="results">
          <thead>
            <tr>
              <th>{t('lecture.swaFge.epoch')}</th>
              <th>{t('lecture.swaFge.models')}</th>
              <th>{t('lecture.swaFge.fge')}</th>
              <th>{t('lecture.swaFge.swa')}</th>
              <th>{t('lecture.swaFge.gap')}</th>
              <th>{t('lecture.swaFge.spread')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.epoch}>
                <td>{formatInteger(r.epoch)}</td>
                <td>{formatInteger(r.models)}</td>
                <td>{formatPercent(r.fgeAccuracy)}</td>
                <td>{formatPercent(r.swaAccuracy)}</td>
                <td>{formatFixed(100 * r.gap, 2)}</td>
                <td>{formatSignificant(r.spread, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
