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
 *
 * The lecture mode embeds it: `setup` (built with ui/toy/setup.ts's
 * `toySetup` or `defaultSetup`) replaces the URL's, `autoplay` plays at once,
 * and `compact` keeps only the contour, the status line and Run/Pause/Reset.
 */
import { useTranslation } from 'react-i18next';
import { LANDSCAPE_INFO, landscapeTex } from '../../core/toy/landscape-info';
import { METHODS } from '../../core/methods';
import type { ToyErrors } from '../../core/toy/options';
import { formatFixed, formatInteger } from '../format';
import { SWA_AVERAGE_TEX, TOY_SAM_STEP_TEX } from '../formulas';
import type { ToySetup } from '../toy/setup';
import type { ToyState } from '../toy/state';
import { fieldErrorText, landscapeName, stoppedText, toyMessage, writtenNumber } from '../toy/text';
import { PlayButtons, ToyForm } from '../toy/ToyForm';
import { ContourView, SurfaceView } from '../toy/ToyPlots';
import { AnalysisPanel, Stability } from '../toy/ToyTables';
import { useToySimulation } from '../toy/useToySimulation';
import { Formula, Panel } from './Formula';

/** Between the parts of the status line. */
const SEPARATOR = ' · ';

/** The contour's height in pixels when the toy is compact (beside a slide's text). */
const COMPACT_HEIGHT = 380;

/** One line on the runs: iteration, the rates in use, SWA's models, frames per second. */
function Status({ state }: { state: ToyState }) {
  const { t } = useTranslation();
  const { trails, settings, fps, playing } = state;
  return (
    <div className="progress small" data-testid="toy-status">
      {t('toy.status.iteration', { iteration: formatInteger(trails.iteration), steps: formatInteger(settings.steps) })}
      {SEPARATOR}
      {t('toy.status.rates', { lr: writtenNumber(trails.lr.SGD), alpha: formatFixed(trails.lr.SWA, 3) })}
      {SEPARATOR}
      {trails.models > 0
        ? t('toy.status.averages', { models: formatInteger(trails.models) })
        : t('toy.status.swaStarts', { start: formatInteger(settings.swaStart) })}
      {fps !== null && playing && `${SEPARATOR}${t('toy.status.fps', { fps: formatFixed(fps, 0) })}`}
      {trails.done && `${SEPARATOR}${t('toy.status.done')}`}
    </div>
  );
}

/**
 * What could not be read from the URL, why a method stopped, and the worker's
 * error (an exception's own text, as thrown); and `errors`, the refused
 * settings, where no form shows them (a compact toy).
 */
function Messages({ state, errors = {} }: { state: ToyState; errors?: ToyErrors }) {
  const { t } = useTranslation();
  const refused = Object.values(errors).map((e) => fieldErrorText(t, e));
  const stopped = METHODS.flatMap((m) => {
    const d = state.trails.stopped[m];
    return d ? [stoppedText(t, m, d)] : [];
  });
  const messages = [...state.problems.map((m) => toyMessage(t, m)), ...refused, ...stopped, ...(state.error ? [state.error] : [])];
  return messages.map((m) => (
    <div key={m} className="message" data-testid="toy-message">
      {m}
    </div>
  ));
}

/** How to read the two methods' marks on the plots, with their update rules. */
function Legend() {
  const { t } = useTranslation();
  return (
    <div className="grid2 tight">
      <div>
        <b>SWA</b> {t('toy.legend.swa')}
        <Formula tex={SWA_AVERAGE_TEX} />
      </div>
      <div>
        <b>SAM</b> {t('toy.legend.sam')}
        <Formula tex={TOY_SAM_STEP_TEX} />
      </div>
    </div>
  );
}

type Simulation = ReturnType<typeof useToySimulation>;

/** L's contour with the runs on it, or a note while the worker computes the landscape. */
function Contour({ sim, height }: { sim: Simulation; height?: number }) {
  const { t } = useTranslation();
  const { state, grid, actions } = sim;
  return grid ? (
    <ContourView
      grid={grid}
      trails={state.trails}
      start={state.start}
      minima={state.minima}
      onPick={actions.pickStart}
      ranges={LANDSCAPE_INFO[state.landscape].domain}
      height={height}
    />
  ) : (
    <div className="plot toy-contour" style={height ? { minHeight: height } : undefined}>
      {t('toy.status.computing')}
    </div>
  );
}

/** The toy tab as a whole: the form, both views, the legend and the tables. */
function FullToy({ sim }: { sim: Simulation }) {
  const { t } = useTranslation();
  const { state, errors, valid, grid, canPlay, actions } = sim;
  const { landscape, settings, trails, minima, analysis, playing } = state;
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
        <Panel title={landscapeName(t, landscape)} tex={landscapeTex(LANDSCAPE_INFO[landscape])}>
          <Status state={state} />
          <Messages state={state} />
          <div className="grid2">
            <div>
              <Contour sim={sim} />
            </div>
            <div>{grid && <SurfaceView grid={grid} trails={trails} playing={playing} />}</div>
          </div>
          <Legend />
          <p className="hint">{t('toy.legend.noise')}</p>
          {minima.length > 0 && <Stability minima={minima} settings={settings} />}
        </Panel>
        {analysis && minima.length > 0 && <AnalysisPanel results={analysis} minima={minima} />}
      </main>
    </div>
  );
}

/** The toy beside a slide's text: the status line, the contour and Run/Pause/Reset; refused settings as messages. */
function CompactToy({ sim }: { sim: Simulation }) {
  const { state, errors, valid, canPlay, actions } = sim;
  return (
    <div className="toy-compact" data-testid="toy">
      <Status state={state} />
      <Messages state={state} errors={errors} />
      <Contour sim={sim} height={COMPACT_HEIGHT} />
      <PlayButtons playing={state.playing} canPlay={canPlay} iteration={state.trails.iteration} valid={valid} actions={actions} />
    </div>
  );
}

export interface ToyLabProps {
  /**
   * Start from this setup instead of the URL's `#toy?…`, and neither read nor
   * write the URL (an embedding keeps its own); a different object starts the
   * toy again from it. Build it with `toySetup(landscape, changes)` (ui/toy/setup.ts).
   */
  setup?: ToySetup;
  /** Play at once (and after each new `setup`), without a press of Run. */
  autoplay?: boolean;
  /** Only the contour, the status line and Run/Pause/Reset: no form, 3D view or tables. */
  compact?: boolean;
}

/** The 2D toy: the whole tab, or (with `setup`, `autoplay`, `compact`) one view of a lecture step. */
export function ToyLab({ setup, autoplay, compact = false }: ToyLabProps) {
  const sim = useToySimulation({ setup, autoplay });
  return compact ? <CompactToy sim={sim} /> : <FullToy sim={sim} />;
}
