/** The lecture's comparison table of narrow and broad optima, and the two methods' formulas, above the lab. */
import { Formula } from '../components/Formula';
import { SAM_STEP_TEX, SWA_AVERAGE_TEX } from '../formulas';

const ROWS: [narrow: string, broad: string][] = [
  ['Hessian eigenvalues very large', 'Hessian eigenvalues close to zero'],
  ['loss rises quickly as the parameters move', 'loss rises slowly as the parameters move'],
  ['unstable, generalizes worse', 'generalizes better'],
];

export function Intro() {
  return (
    <section className="panel intro">
      <table className="lecture">
        <thead>
          <tr>
            <th>narrow (sharp) optimum</th>
            <th>broad (flat) optimum</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([narrow, broad]) => (
            <tr key={narrow}>
              <td>{narrow}</td>
              <td>{broad}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid2 tight">
        <div>
          <b>SWA</b>: average the weights of the snapshots at the end of each cycle.
          <Formula tex={SWA_AVERAGE_TEX} />
        </div>
        <div>
          <b>SAM</b>: minimize the worst loss within radius ρ; step with the gradient at the perturbed point.
          <Formula tex={SAM_STEP_TEX} />
        </div>
      </div>
    </section>
  );
}
