/** The lecture's tables: narrow against wide optima, and the SWA and SAM papers' results, transcribed (paper-tables.ts). */
import { useTranslation } from 'react-i18next';
import { formatFixed, localizeDigits } from '../format';
import { SAM_IMAGENET, SAM_PAPER, SWA_PAPER } from './paper-tables';

/** The budgets of the SWA columns, in multiples of the SGD baseline's. */
const SWA_BUDGETS = [1, 1.25, 1.5];

/** mean ± std as the paper prints them: the SWA paper with two decimals, the SAM paper with one (its "< 0.1" kept). */
const pm = (mean: number, std: string | number, digits = 2) =>
  `${formatFixed(mean, digits)} ± ${typeof std === 'number' ? formatFixed(std, digits) : std.replace(/\d+\.\d+/, (d) => formatFixed(Number(d), 1))}`;

export function NarrowWideTable() {
  const { t } = useTranslation();
  const rows = ['eigen', 'loss', 'generalization'] as const;
  return (
    <section className="panel" data-testid="narrow-wide" data-view="narrow-wide" data-figure={rows.length}>
      <h2>{t('lecture.narrowWide.title')}</h2>
      <table className="lecture">
        <thead>
          <tr>
            <th>{t('lecture.narrowWide.narrow')}</th>
            <th>{t('lecture.narrowWide.wide')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r}>
              <td>{t(`lecture.narrowWide.rows.${r}.narrow`)}</td>
              <td>{t(`lecture.narrowWide.rows.${r}.wide`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function SwaPaperTable() {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="swa-paper" data-view="swa-paper" data-figure={SWA_PAPER.length}>
      <h2>{t('lecture.swaPaper.title')}</h2>
      <table className="lecture">
        <thead>
          <tr>
            <th>{t('lecture.swaPaper.model')}</th>
            <th>SGD</th>
            <th>{t('lecture.swaPaper.fge')}</th>
            {SWA_BUDGETS.map((b) => (
              <th key={b}>SWA {localizeDigits(String(b))}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SWA_PAPER.map((r) => (
            <tr key={r.model}>
              <td>
                {r.model} ({r.budget})
              </td>
              <td>{pm(...r.sgd)}</td>
              <td>{formatFixed(r.fge, 2)}</td>
              {r.swa.map(([mean, std], k) => (
                <td key={k}>{pm(mean, std)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function SamPaperTable() {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="sam-paper" data-view="sam-paper" data-figure={SAM_PAPER.length + SAM_IMAGENET.length}>
      <h2>{t('lecture.samPaper.title')}</h2>
      <table className="lecture">
        <thead>
          <tr>
            <th>{t('lecture.samPaper.model')}</th>
            <th>{t('lecture.samPaper.augmentation')}</th>
            <th>CIFAR-10 SAM</th>
            <th>CIFAR-10 SGD</th>
            <th>CIFAR-100 SAM</th>
            <th>CIFAR-100 SGD</th>
          </tr>
        </thead>
        <tbody>
          {SAM_PAPER.map((r) => (
            <tr key={`${r.model}-${r.augmentation}`}>
              <td>{r.model}</td>
              <td>{t(`lecture.samPaper.${r.augmentation}`)}</td>
              <td>{pm(...r.cifar10.sam, 1)}</td>
              <td>{pm(...r.cifar10.sgd, 1)}</td>
              <td>{pm(...r.cifar100.sam, 1)}</td>
              <td>{pm(...r.cifar100.sgd, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('lecture.samPaper.imagenet')}</h3>
      <table className="lecture">
        <thead>
          <tr>
            <th>{t('lecture.samPaper.model')}</th>
            <th>SAM</th>
            <th>SGD</th>
          </tr>
        </thead>
        <tbody>
          {SAM_IMAGENET.map((r) => (
            <tr key={r.model}>
              <td>{r.model}</td>
              <td>{formatFixed(r.sam, 1)}</td>
              <td>{formatFixed(r.sgd, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
