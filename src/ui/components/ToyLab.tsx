/**
 * The 2D toy tab: SGD, SWA and SAM on a landscape the student sees whole.
 * The three runs live in their own worker (the convnet lab's optimizers on
 * two-element tensors); the page asks for a few iterations per animation
 * frame and moves only the trajectory traces, so the contour is drawn once
 * per start and the frames stay cheap.
 *
 * This component only lays the tab out: the state, the worker, the animation
 * and the URL are `useToySimulation`'s (ui/toy/), the traces are built in
 * ui/toy/traces.ts, and the form, plots and tables are components of their own.
 */
import { LANDSCAPE_INFO, landscapeTex } from '../../core/toy/landscape-info';
import { formatFixed } from '../format';
import { SWA_AVERAGE_TEX, TOY_SAM_STEP_TEX } from '../formulas';
import type { ToyState } from '../toy/state';
import { ToyForm } from '../toy/ToyForm';
import { ContourView, SurfaceView } from '../toy/ToyPlots';
import { AnalysisPanel, Stability } from '../toy/ToyTables';
import { useToySimulation } from '../toy/useToySimulation';
import { Formula, Panel } from './Formula';

/** One line on the runs: iteration, the rates in use, SWA's models, frames per second. */
function Status({ state }: { state: ToyState }) {
  const { trails, settings, fps, playing } = state;
  return (
    <div className="progress small" data-testid="toy-status">
      iteration {trails.iteration} / {settings.steps}
      {' · '}η = {trails.lr.SGD}, SWA’s α(i) = {formatFixed(trails.lr.SWA, 3)}
      {' · '}
      {trails.models > 0 ? `w_SWA averages ${trails.models} models (ŵ included)` : `SWA starts at iteration ${settings.swaStart}`}
      {fps !== null && playing && ` · ${fps.toFixed(0)} frames/s`}
      {trails.done && ' · done'}
    </div>
  );
}

/** What could not be read from the URL, why a method stopped, and the worker's error. */
function Messages({ state }: { state: ToyState }) {
  const messages = [...state.problems, ...Object.values(state.trails.stopped), ...(state.error ? [state.error] : [])];
  return messages.map((m) => (
    <div key={m} className="message" data-testid="toy-message">
      {m}
    </div>
  ));
}

/** How to read the two methods' marks on the plots, with their update rules. */
function Legend() {
  return (
    <div className="grid2 tight">
      <div>
        <b>SWA</b> (blue): the iterates w follow α(i) = (1 − t(i))α₁ + t(i)α₂; at every mod(i, c) = 0 the average moves:
        <Formula tex={SWA_AVERAGE_TEX} />
      </div>
      <div>
        <b>SAM</b> (green): the orange arrow is ε̂ at the current w; the step uses the gradient at its tip, and moves w itself. Near a
        minimum ‖ε̂‖ stays ρ, so SAM oscillates; where that swing exceeds the basin (table below), SAM is thrown out of it.
        <Formula tex={TOY_SAM_STEP_TEX} />
      </div>
    </div>
  );
}

export function ToyLab() {
  const { state, errors, valid, grid, canPlay, actions } = useToySimulation();
  const { landscape, settings, trails, minima, analysis, playing } = state;
  const info = LANDSCAPE_INFO[landscape];
  return (
    <div className="toy" data-testid="toy">
      <ToyForm
        landscape={landscape}
        settings={settings}
        errors={errors}
        valid={valid}
        speed={state.speed}
        playing={playing}
        canPlay={canPlay}
        iteration={trails.iteration}
        actions={actions}
      />
      <main>
        <Panel title={info.name} tex={landscapeTex(info)}>
          <Status state={state} />
          <Messages state={state} />
          <div className="grid2">
            <div>
              {grid ? (
                <ContourView
                  grid={grid}
                  trails={trails}
                  start={state.start}
                  minima={minima}
                  onPick={actions.pickStart}
                  ranges={info.domain}
                />
              ) : (
                <div className="plot toy-contour">computing the landscape…</div>
              )}
            </div>
            <div>{grid && <SurfaceView grid={grid} trails={trails} playing={playing} />}</div>
          </div>
          <Legend />
          <p className="hint">
            Every iteration draws one noise vector z ~ N(0, I) shared by the three methods (and by SAM's two gradients, like one minibatch):
            the gradient is ∇L(w) + σz.
          </p>
          {minima.length > 0 && <Stability minima={minima} settings={settings} />}
        </Panel>
        {analysis && minima.length > 0 && <AnalysisPanel results={analysis} minima={minima} />}
      </main>
    </div>
  );
}
