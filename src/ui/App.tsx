/** The lab: settings on the left; training, then the comparison, on the right; the lecture's formulas next to each plot. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LiveHyperparams } from '../core/train/events';
import { Controls } from './components/Controls';
import { History } from './components/History';
import { Formula } from './components/Formula';
import { SWA_AVERAGE_TEX } from './formulas';
import { LiveCharts, LiveTweaks, Progress, SchedulePreview } from './components/Live';
import { Interpolation, Rays, ResultsTable, Spectrum, Surface } from './components/Results';
import { ToyLab } from './components/ToyLab';
import { DEFAULT_LAB, type LabConfig, MODELS, PRESETS, validateLab } from './lab';
import { METHODS, type Method } from '../core/methods';
import { longTasks, markTraining, resetLongTasks, watchLongTasks } from './longtasks';
import type { Experiment } from './experiment';
import { epochsCsv, listExperiments, parseExperiment, raysCsv } from './persistence';
import { installTestHook } from './test-hook';
import { labFromQuery, labToQuery } from './url-state';
import { useLabSession } from './useLab';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Settings from the URL: `?preset=NAME` starts from a preset, and explicit fields override it. */
function initialLab(): { lab: LabConfig; problems: string[] } {
  const preset = new URLSearchParams(window.location.search).get('preset');
  const base = preset && PRESETS[preset] ? { ...DEFAULT_LAB, ...PRESETS[preset].lab } : DEFAULT_LAB;
  const parsed = labFromQuery(window.location.search, base);
  if (preset && !PRESETS[preset]) parsed.problems.push(`unknown preset "${preset}" ignored`);
  return parsed;
}

/** `updated`: the note of a page load that is the first of a new build (see offline.ts), else null. */
export function App({ updated }: { updated: string | null }) {
  const [{ lab, problems }, setState] = useState(initialLab);
  const [methods, setMethods] = useState<Method[]>([...METHODS]);
  const [opened] = useState(() => ({ backend: lab.backend, model: MODELS[lab.model] }));
  const { session, state } = useLabSession(opened.backend, opened.model);
  const errors = useMemo(() => validateLab(lab), [lab]);
  const valid = Object.keys(errors).length === 0;
  const x = state?.experiment ?? null;
  const backend = state?.backend ?? null;
  const messages = state?.messages ?? [];
  const savedCount = state?.saved ?? 0;
  const busy = x?.phase === 'training' || x?.phase === 'analyzing';
  const fileInput = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);

  useEffect(() => {
    window.history.replaceState(null, '', labToQuery(lab) + window.location.hash);
  }, [lab]);
  useEffect(() => markTraining(x?.phase === 'training'), [x?.phase]);
  useEffect(() => {
    watchLongTasks();
    if (session) installTestHook(() => ({ ...session.getSnapshot(), longTasks: longTasks() }), session);
  }, [session]);
  const [tab, setTab] = useState<'lab' | 'toy'>(() => (window.location.hash.startsWith('#toy') ? 'toy' : 'lab'));
  useEffect(() => {
    const onHash = () => setTab(window.location.hash.startsWith('#toy') ? 'toy' : 'lab');
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [history, setHistory] = useState<Experiment[]>([]);
  useEffect(() => {
    listExperiments()
      .then((saved) => {
        setHistory(saved);
        // At start-up, the latest saved experiment is shown again.
        if (saved[0] && session && session.getSnapshot().saved === 0 && !session.getSnapshot().experiment) session.load(saved[0]);
      })
      .catch(() => undefined);
  }, [savedCount, session]);

  const set = <K extends keyof LabConfig>(key: K, value: LabConfig[K]) => setState((s) => ({ ...s, lab: { ...s.lab, [key]: value } }));
  const live = (c: LiveHyperparams) => {
    setState((s) => ({ ...s, lab: { ...s.lab, ...c } }));
    session?.live(c);
  };
  const start = () => {
    resetLongTasks();
    session?.start(lab, methods);
  };
  const importFile = async (f: File) => {
    try {
      const parsed = parseExperiment(JSON.parse(await f.text()), f.name);
      session?.load(parsed);
      setImportError(null);
    } catch (e) {
      setImportError(e instanceof SyntaxError ? `${f.name} is not JSON: ${e.message}` : (e as Error).message);
    }
  };

  return (
    <div className="app">
      <header>
        <h1>Wide Optima Lab</h1>
        <p className="subtitle">Why flat minima generalize: SGD, SWA and SAM on the same convnet, side by side.</p>
        {updated && (
          <p className="note" data-testid="updated">
            {updated}
          </p>
        )}
        <nav className="tabs">
          <a href="#lab" className={tab === 'lab' ? 'active' : ''} data-testid="tab-lab">
            Convnet lab
          </a>
          <a href="#toy" className={tab === 'toy' ? 'active' : ''} data-testid="tab-toy">
            2D toy landscape
          </a>
        </nav>
        <div className="backend" data-testid="backend">
          {backend ? (
            <>
              <b>backend: {backend.backend}</b>
              {backend.adapter && <span> · {backend.adapter}</span>}
              {state && state.workers > 1 && <span> · {state.workers} workers (one core each)</span>}
              {backend.summary && (
                <div data-testid="backend-timings">
                  {backend.summary}{' '}
                  <button
                    type="button"
                    className="link"
                    disabled={busy}
                    onClick={() => session?.measureAgain()}
                    data-testid="measure-again"
                  >
                    measure again
                  </button>
                </div>
              )}
              {backend.notes.map((n) => (
                <div key={n} className="note">
                  {n}
                </div>
              ))}
            </>
          ) : (
            'measuring the backends on this browser (a few warm training steps each)…'
          )}
        </div>
      </header>
      {tab === 'toy' ? (
        <ToyLab />
      ) : (
        <>
          <aside>
            <Controls
              lab={lab}
              set={set}
              errors={errors}
              disabled={busy}
              onPreset={(name) => setState((s) => ({ ...s, lab: { ...s.lab, ...PRESETS[name]!.lab } }))}
            />
            <div className="methods">
              {METHODS.map((m) => (
                <label key={m} className="check">
                  <input
                    type="checkbox"
                    data-testid={`method-${m}`}
                    disabled={busy}
                    checked={methods.includes(m)}
                    onChange={(e) =>
                      setMethods((ms) => (e.target.checked ? METHODS.filter((k) => ms.includes(k) || k === m) : ms.filter((k) => k !== m)))
                    }
                  />{' '}
                  {m}
                </label>
              ))}
            </div>
            <button
              type="button"
              className="start"
              data-testid="start"
              disabled={!valid || busy || methods.length === 0 || !backend}
              onClick={start}
            >
              {methods.length === 3 ? 'Train all three' : `Train ${methods.join(' + ')}`}
            </button>
            {!valid && <p className="error">Fix the fields marked in red to start.</p>}
            <div className="files">
              <button
                type="button"
                disabled={!x || busy}
                onClick={() => x && download(`wide-optima-lab-${x.id}.json`, JSON.stringify(x), 'application/json')}
              >
                Export run (JSON)
              </button>
              <button type="button" disabled={!x} onClick={() => x && download('epochs.csv', epochsCsv(x), 'text/csv')}>
                Epochs (CSV)
              </button>
              <button type="button" disabled={!x} onClick={() => x && download('rays.csv', raysCsv(x), 'text/csv')}>
                Rays (CSV)
              </button>
              <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
                Import run…
              </button>
              <input
                ref={fileInput}
                type="file"
                accept="application/json,.json"
                hidden
                data-testid="import"
                onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
              />
              {importError && (
                <p className="error" data-testid="import-error">
                  {importError}
                </p>
              )}
            </div>
          </aside>
          <main>
            {[...problems, ...messages].map((m, i) => (
              <div key={`${i}-${m}`} className="message" data-testid="message">
                {m}
                {i >= problems.length && (
                  <button type="button" onClick={() => session?.dismiss(i - problems.length)}>
                    ×
                  </button>
                )}
              </div>
            ))}
            <section className="panel intro">
              <table className="lecture">
                <thead>
                  <tr>
                    <th>narrow (sharp) optimum</th>
                    <th>broad (flat) optimum</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>Hessian eigenvalues very large</td>
                    <td>Hessian eigenvalues close to zero</td>
                  </tr>
                  <tr>
                    <td>loss rises quickly as the parameters move</td>
                    <td>loss rises slowly as the parameters move</td>
                  </tr>
                  <tr>
                    <td>unstable, generalizes worse</td>
                    <td>generalizes better</td>
                  </tr>
                </tbody>
              </table>
              <div className="grid2 tight">
                <div>
                  <b>SWA</b>: average the weights of the snapshots at the end of each cycle.
                  <Formula tex={SWA_AVERAGE_TEX} />
                </div>
                <div>
                  <b>SAM</b>: minimize the worst loss within radius ρ; step with the gradient at the perturbed point.
                  <Formula
                    tex={String.raw`\hat\epsilon(w) = \rho\,\frac{\operatorname{sign}(\nabla L)\,|\nabla L|^{q-1}}{\big(\|\nabla L\|_q^q\big)^{1/p}},\quad \nabla L^{\mathrm{SAM}} \approx \nabla L\big|_{w+\hat\epsilon(w)}`}
                  />
                </div>
              </div>
            </section>
            {x && session && state && (
              <Progress
                x={x}
                paused={state.paused}
                analysis={state.analysis}
                onPause={() => session.pause()}
                onResume={() => session.resume()}
                onStop={() => session.stop()}
              />
            )}
            <div className="grid2">
              <LiveTweaks lab={lab} onChange={live} />
              <SchedulePreview lab={lab} />
            </div>
            {x && <LiveCharts x={x} />}
            {x && METHODS.some((m) => x.runs[m].result) && <ResultsTable x={x} />}
            {x && Object.keys(x.analyses).length > 0 && (
              <>
                <Spectrum x={x} />
                <Rays x={x} />
                <Interpolation x={x} />
              </>
            )}
            {x && (x.phase === 'done' || x.phase === 'stopped') && (
              <Surface x={x} busy={Object.keys(state?.analysis ?? {}).length > 0} onCompute={(m) => session?.computeSurface(m)} />
            )}
            <History experiments={history} />
            <footer>
              {longTasks().supported
                ? `Page-thread tasks over 50 ms while training: ${longTasks().training.count} (longest ${longTasks().training.longestMs.toFixed(0)} ms); in all since the last start: ${longTasks().all.count}.`
                : 'Page-thread long tasks are not measurable in this browser.'}
            </footer>
          </main>
        </>
      )}
    </div>
  );
}
