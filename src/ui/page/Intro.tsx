/** The lecture's comparison table of narrow and broad optima, and the two methods' formulas, above the lab. */
import { useTranslation } from 'react-i18next';
import { Formula } from '../components/Formula';
import { SAM_STEP_TEX, SWA_AVERAGE_TEX } from '../formulas';

/** The table's rows, by their keys under `lab.intro.rows`. */
const ROWS = ['eigenvalues', 'loss', 'generalization'] as const;

export function Intro() {
  const { t } = useTranslation();
  return (
    <section className="panel intro">
      <table className="lecture">
        <thead>
          <tr>
            <th>{t('lab.intro.narrow')}</th>
            <th>{t('lab.intro.broad')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row}>
              <td>{t(`lab.intro.rows.${row}.narrow`)}</td>
              <td>{t(`lab.intro.rows.${row}.broad`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid2 tight">
        <div>
          <b>SWA</b>: {t('lab.intro.swa')}
          <Formula tex={SWA_AVERAGE_TEX} />
        </div>
        <div>
          <b>SAM</b>: {t('lab.intro.sam')}
          <Formula tex={SAM_STEP_TEX} />
        </div>
      </div>
    </section>
  );
}
