/** The comparison after training: the table, the Hessian spectrum, random rays, interpolation and the surface. */
import { useMemo, useState } from 'react';
import type { PointValue } from '../../core/probes/landscape';
import type { Experiment } from '../experiment';
import { METHODS, type Method, isMethod } from '../../core/methods';
import { formatSignificant } from '../format';
import { QUICK_ANALYSIS_MAX_K, SURFACE_POINTS } from '../lab';
import { Formula, Panel } from './Formula';
import { COLORS } from '../colors';
import { Plot } from './Plot';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)} %`);
const solutionName: Record<Method, string> = { SGD: 'w_SGD (final)', SWA: 'w_SWA', SAM: 'w_SAM (final)' };

export function ResultsTable({ x }: { x: Experiment }) {
  const rows = METHODS.filter((m) => x.runs[m].result);
  return (
    <Panel
      title="Results"
      hint="Same data, same initial weights, same budget. A row appears when its run ends (λ_max first from the training-time tracker, marked 'tracked'), and is refined when its analysis arrives. Lower λ_max and trace: a flatter solution; compare with the test accuracy. λ_max/λ_k is the SAM paper's λ_max/λ₅."
      testId="results"
    >
      <table className="results" data-testid="results-table">
        <thead>
          <tr>
            <th>method</th>
            <th>solution</th>
            <th>status</th>
            <th>test accuracy</th>
            <th>train loss + λ‖w‖²</th>
            <th>λ_max</th>
            <th>λ_max/λ_k</th>
            <th>trace ± se</th>
            <th>FGE accuracy</th>
            <th>FGE − SWA</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => {
            const r = x.runs[m];
            const f = r.result!.final;
            const a = x.analyses[m];
            const acc = m === 'SWA' ? f?.swa?.accuracy : f?.test.accuracy;
            const lastEpoch = r.epochs[r.epochs.length - 1];
            const tracked = m === 'SWA' ? lastEpoch?.swaSharpness : lastEpoch?.sharpness;
            return (
              <tr key={m} data-testid={`row-${m}`}>
                <td style={{ color: COLORS[m], fontWeight: 600 }}>{m}</td>
                <td>
                  {solutionName[m]}
                  {m === 'SWA' && f?.swa ? ` (${f.swa.models} models)` : ''}
                </td>
                <td>{r.status}</td>
                <td>{pct(acc)}</td>
                <td>{formatSignificant(a?.own.trainLoss, 4)}</td>
                <td data-testid={`lambda-${m}`}>
                  {a ? (
                    <span title={`Lanczos on ${x.lab.samples} training samples; some eigenvalue lies within ± the residual bound`}>
                      {formatSignificant(a.values[0])} <small>± {formatSignificant(a.residuals[0], 1)}</small>
                    </span>
                  ) : tracked ? (
                    <span title="The training-time tracker's last reading (a few warm-started Lanczos steps on a smaller subset); the analysis refines it.">
                      ≈ {formatSignificant(tracked.lambdaMax)} <small>(tracked)</small>
                    </span>
                  ) : (
                    '…'
                  )}
                </td>
                <td>{formatSignificant(a?.ratio)}</td>
                <td>{a ? `${formatSignificant(a.trace.trace)} ± ${formatSignificant(a.trace.se, 2)}` : '—'}</td>
                <td>{m === 'SWA' ? pct(f?.fge?.accuracy) : ''}</td>
                <td>
                  {m === 'SWA' && f?.fge && f.swa
                    ? `${(100 * (f.fge.accuracy - f.swa.accuracy)).toFixed(2)} pt (‖Δ‖ ≈ ${formatSignificant(f.swa.spread)})`
                    : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Formula
        tex={String.raw`f_{\mathrm{FGE}} - f(w_{\mathrm{SWA}}) = \tfrac{1}{n}\big\langle \nabla f(w_{\mathrm{SWA}}),\ \textstyle\sum_j \Delta_j \big\rangle + O(\|\Delta\|^2) = O(\|\Delta\|^2)`}
      />
    </Panel>
  );
}

export function Spectrum({ x }: { x: Experiment }) {
  const ms = METHODS.filter((m) => x.analyses[m]);
  const bars = useMemo(
    () =>
      ms.map((m) => {
        const a = x.analyses[m]!;
        return {
          type: 'bar',
          name: m,
          x: a.values.map((_, i) => `λ${i + 1}`),
          y: a.values,
          marker: { color: COLORS[m] },
          error_y: { type: 'data', array: a.residuals, visible: true },
        };
      }),
    [x.analyses],
  );
  const density = useMemo(
    () =>
      ms
        .filter((m) => x.analyses[m]!.density)
        .map((m) => {
          const d = x.analyses[m]!.density!;
          // On the log axis, values far below the peak are Gaussian tails, not eigenvalues: floor them.
          const floor = 1e-4 * Math.max(...d.density);
          return { x: d.grid, y: d.density.map((v) => Math.max(v, floor)), name: m, mode: 'lines', line: { color: COLORS[m] } };
        }),
    [x.analyses],
  );
  const hessian = ms.length
    ? `on ${ms.map((m) => x.analyses[m]!).find(Boolean)!.hessianL2 ? 'L + λ‖w‖²' : 'the data loss L (without the L2 term)'}`
    : '';
  return (
    <div className="grid2">
      <Panel
        title="Top Hessian eigenvalues"
        tex={String.raw`H v = \nabla_w \big\langle \nabla_w L(w),\, v \big\rangle,\qquad H u_i = \lambda_i u_i`}
        hint={`Exact Hessian-vector products (double backprop) and Lanczos, ${hessian}. Narrow optimum: very large eigenvalues; broad optimum: eigenvalues close to zero. Error bars: residual bounds.`}
      >
        <Plot
          name="hessian-eigenvalues"
          testId="eigen-plot"
          data={bars}
          layout={{ barmode: 'group', yaxis: { title: { text: 'eigenvalue' } } }}
        />
      </Panel>
      <Panel
        title="Eigenvalue density"
        tex={String.raw`\phi(t) = \tfrac{1}{n}\sum_i \delta(t - \lambda_i) \approx \sum_j \tau_j\, \mathcal{N}(t;\ \theta_j,\ \sigma^2)`}
        hint="Stochastic Lanczos quadrature. Most eigenvalues sit near zero; the outliers on the right are the sharp directions."
      >
        {density.length ? (
          <Plot
            name="eigenvalue-density"
            data={density}
            layout={{ xaxis: { title: { text: 'eigenvalue' } }, yaxis: { title: { text: 'density' }, type: 'log' } }}
          />
        ) : (
          <p className="hint">{`Computed for k > ${QUICK_ANALYSIS_MAX_K} (with k ≤ ${QUICK_ANALYSIS_MAX_K} the analysis is the quick one of a smoke test).`}</p>
        )}
      </Panel>
    </div>
  );
}

function rayTraces(values: (p: PointValue) => number | null, x: Experiment) {
  return METHODS.filter((m) => x.analyses[m]).flatMap((m) =>
    x.analyses[m]!.rays.curves.map((curve, d) => ({
      x: x.analyses[m]!.rays.t,
      y: curve.map((p) => values(p)),
      name: m,
      legendgroup: m,
      showlegend: d === 0,
      mode: 'lines',
      line: { color: COLORS[m], width: 1.5 },
      connectgaps: false,
    })),
  );
}

export function Rays({ x }: { x: Experiment }) {
  const err = useMemo(() => rayTraces((p) => (p.testError === null ? null : 100 * p.testError), x), [x.analyses]);
  const loss = useMemo(() => rayTraces((p) => p.trainLoss, x), [x.analyses]);
  const any = METHODS.map((m) => x.analyses[m]).find(Boolean);
  const kind = x.lab.directions === 'filter' ? 'filter-normalised' : 'unit-norm Gaussian';
  return (
    <Panel
      title="Random rays (the lecture's Figure 4)"
      tex={String.raw`w(t, d) = w + t\cdot d,\qquad \text{left: test error}\quad \text{right: } L(w(t,d)) + \lambda \|w(t,d)\|^2`}
      hint={`${any?.rays.curves.length ?? 0} ${kind} directions d, the same for every solution. The flat solutions' curves stay low over a wider range of t; SWA often sits not at the bottom of the train loss but at a point with better test error.`}
      testId="rays"
    >
      <div className="grid2 tight">
        <Plot
          name="rays-test-error"
          testId="rays-error"
          data={err}
          layout={{ title: { text: 'test error (%)' }, xaxis: { title: { text: 'distance t' } } }}
        />
        <Plot
          name="rays-train-loss"
          testId="rays-loss"
          data={loss}
          layout={{ title: { text: 'train loss + λ‖w‖²' }, xaxis: { title: { text: 'distance t' } }, yaxis: { type: 'log' } }}
        />
      </div>
      {any &&
        (any.rays.nonFinite > 0 ? (
          <p className="hint">Some points far out on the rays gave non-finite losses; they are left out of the curves.</p>
        ) : null)}
    </Panel>
  );
}

export function Interpolation({ x }: { x: Experiment }) {
  const pairs = (['SWA', 'SAM'] as const).filter((m) => x.interpolations[m]);
  const traces = useMemo(
    () =>
      pairs.flatMap((m) => {
        const r = x.interpolations[m]!;
        return [
          {
            x: r.s,
            y: r.values.map((p) => p.trainLoss),
            name: `SGD → ${m}: train loss`,
            mode: 'lines+markers',
            line: { color: COLORS[m] },
          },
          {
            x: r.s,
            y: r.values.map((p) => (p.testError === null ? null : p.testError)),
            name: `SGD → ${m}: test error`,
            mode: 'lines+markers',
            yaxis: 'y2',
            line: { color: COLORS[m], dash: 'dot' },
          },
        ];
      }),
    [x.interpolations],
  );
  if (!pairs.length) return null;
  return (
    <Panel
      title="Interpolation between solutions"
      tex={String.raw`w(s) = (1 - s)\, w_{\mathrm{SGD}} + s\, w_{\mathrm{other}}`}
      hint="s = 0 is w_SGD, s = 1 the other solution. A barrier between them means different basins; a flat path means the same wide valley."
    >
      <Plot
        name="interpolation"
        data={traces}
        layout={{
          xaxis: { title: { text: 's' } },
          yaxis: { title: { text: 'train loss + λ‖w‖²' } },
          yaxis2: { title: { text: 'test error' }, overlaying: 'y', side: 'right' },
        }}
      />
    </Panel>
  );
}

export function Surface({ x, onCompute, busy }: { x: Experiment; onCompute: (m: Method) => void; busy: boolean }) {
  const available = METHODS.filter((m) => x.runs[m].solution);
  const [method, setMethod] = useState<Method>(available[0] ?? 'SGD');
  const [view, setView] = useState<'contour' | 'surface'>('contour');
  const s = x.surface;
  const data = useMemo(
    () =>
      s
        ? [
            {
              type: view,
              x: s.result.a,
              y: s.result.b,
              z: s.result.trainLoss,
              colorscale: 'Viridis',
              contours: view === 'contour' ? { coloring: 'heatmap' } : undefined,
            },
          ]
        : [],
    [s, view],
  );
  if (!available.length) return null;
  return (
    <Panel
      title="Loss surface around a solution"
      tex={String.raw`L(w + a\, d_1 + b\, d_2) + \lambda\|w + a\,d_1 + b\,d_2\|^2`}
      hint={`Two filter-normalised directions (Li et al., 2018), ${SURFACE_POINTS} × ${SURFACE_POINTS} points. Wide, round contours: a flat basin.`}
    >
      <div className="row">
        <select value={method} onChange={(e) => isMethod(e.target.value) && setMethod(e.target.value)} data-testid="surface-method">
          {available.map((m) => (
            <option key={m} value={m}>
              {solutionName[m]}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => onCompute(method)} data-testid="surface-compute">
          Compute surface
        </button>
        <select value={view} onChange={(e) => setView(e.target.value as 'contour' | 'surface')}>
          <option value="contour">contour</option>
          <option value="surface">3D surface</option>
        </select>
      </div>
      {s && (
        <Plot
          name={`surface-${s.method}`}
          height={420}
          data={data}
          layout={{ title: { text: solutionName[s.method] }, xaxis: { title: { text: 'a' } }, yaxis: { title: { text: 'b' } } }}
        />
      )}
    </Panel>
  );
}
