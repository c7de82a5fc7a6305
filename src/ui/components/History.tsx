/** The lecture's tables for the student's own runs: mean ± std over seeds of each group of settings. */
import type { Experiment } from '../experiment';
import { type Stat, WIDTH_DELTA, historyTable } from '../history';
import { Panel } from './Formula';
import { COLORS } from '../colors';
import { formatFixed } from '../format';

/** A statistic over seeds, scaled: 'mean ± std' over several seeds, the mean alone over one. */
const cell = (s: Stat, scale = 1, digits = 2) =>
  s.n > 1 ? `${formatFixed(s.mean * scale, digits)} ± ${formatFixed(s.std * scale, digits)}` : formatFixed(s.mean * scale, digits);

/** The finished runs saved in this browser, grouped by settings, one row per method; nothing before the first. */
export function History({ experiments }: { experiments: Experiment[] }) {
  const rows = historyTable(experiments);
  if (!rows.length) return null;
  return (
    <Panel
      title="Your runs, like the lecture's tables"
      hint={`Finished runs saved in this browser (the last 10), grouped by settings; several seeds give mean ± std. Ray width: the distance t at which the train loss has risen by ${WIDTH_DELTA}, averaged over the rays.`}
      testId="history"
    >
      <table className="results">
        <thead>
          <tr>
            <th>settings</th>
            <th>method</th>
            <th>seeds</th>
            <th>test accuracy %</th>
            <th>FGE accuracy %</th>
            <th>train loss + λ‖w‖²</th>
            <th>λ_max</th>
            <th>λ_max/λ_k</th>
            <th>trace</th>
            <th>ray width</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.settings}-${r.method}`}>
              <td>{r.settings}</td>
              <td style={{ color: COLORS[r.method], fontWeight: 600 }}>{r.method}</td>
              <td>{r.seeds.join(', ')}</td>
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
