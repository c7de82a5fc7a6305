/** The lecture's tables for the student's own runs: mean ± std over seeds of each group of settings. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Experiment } from '../experiment';
import { type Stat, WIDTH_DELTA, historyTable } from '../history';
import type { LabConfig } from '../lab';
import { Panel } from './Formula';
import { COLORS } from '../colors';
import { formatFixed, formatInteger, formatPercent, localizeDigits } from '../format';

/** A statistic over seeds, scaled: 'mean ± std' over several seeds, the mean alone over one. */
const cell = (s: Stat, scale = 1, digits = 2) =>
  s.n > 1 ? `${formatFixed(s.mean * scale, digits)} ± ${formatFixed(s.std * scale, digits)}` : formatFixed(s.mean * scale, digits);

/** A setting's value as it was typed, in the language's digits. */
const typed = (x: number) => localizeDigits(String(x));

/** A group's settings in a line: "fashion-mnist, 2000 train, default model, 12 epochs, batch 64, η 0.05, c 5, ρ 0.05". */
function describeSettings(t: TFunction, lab: LabConfig): string {
  const noise = lab.labelNoise > 0 ? ` ${t('lab.history.settings.noise', { percent: formatPercent(lab.labelNoise, 0) })}` : '';
  return [
    lab.dataset,
    t('lab.history.settings.train', { n: formatInteger(lab.trainSize) }) + noise,
    t(`lab.history.settings.model.${lab.model}`),
    t('lab.history.settings.epochs', { n: typed(lab.epochs) }),
    t('lab.history.settings.batch', { n: formatInteger(lab.batchSize) }),
    `η ${typed(lab.lr)}`,
    `c ${formatInteger(lab.c)}`,
    `ρ ${typed(lab.rho)}${lab.adaptive ? ' (ASAM)' : ''}`,
  ].join(', ');
}

/** The finished runs saved in this browser, grouped by settings, one row per method; nothing before the first. */
export function History({ experiments }: { experiments: Experiment[] }) {
  const { t } = useTranslation();
  const rows = historyTable(experiments);
  if (!rows.length) return null;
  return (
    <Panel title={t('lab.history.title')} hint={t('lab.history.hint', { delta: typed(WIDTH_DELTA) })} testId="history">
      <table className="results">
        <thead>
          <tr>
            <th>{t('lab.history.columns.settings')}</th>
            <th>{t('lab.history.columns.method')}</th>
            <th>{t('lab.history.columns.seeds')}</th>
            <th>{t('lab.history.columns.testAccuracy')}</th>
            <th>{t('lab.history.columns.fgeAccuracy')}</th>
            <th>{t('lab.history.columns.trainLoss')}</th>
            <th>λ_max</th>
            <th>λ_max/λ_k</th>
            <th>{t('lab.history.columns.trace')}</th>
            <th>{t('lab.history.columns.width')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.settings}-${r.method}`}>
              <td>{describeSettings(t, r.lab)}</td>
              <td style={{ color: COLORS[r.method], fontWeight: 600 }}>{r.method}</td>
              <td>{r.seeds.map((seed) => formatInteger(seed)).join(', ')}</td>
              <td>{cell(r.testAccuracy, 100)}</td>
              <td>{r.fgeAccuracy ? cell(r.fgeAccuracy, 100) : ''}</td>
              <td>{cell(r.trainLoss, 1, 3)}</td>
              <td>{cell(r.lambdaMax, 1, 2)}</td>
              <td>{cell(r.ratio)}</td>
              <td>{cell(r.trace, 1, 1)}</td>
              <td>{cell(r.width, 1, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
