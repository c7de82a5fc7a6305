/**
 * The toy tab's controls: the landscape, the live settings (sliders, applied
 * from the next iteration), the settings applied at the next reset, the
 * animation speed, and Run/Pause/Reset. A field that does not validate is
 * marked with the reason (the simulation's own rules, `validateToySettings`).
 */
import { LANDSCAPE_IDS, LANDSCAPE_INFO, type LandscapeId } from '../../core/toy/landscape-info';
import type { ToyErrors, ToySettings } from '../../core/toy/options';
import type { ToyActions } from './useToySimulation';

const FIELD_LABELS: Record<keyof ToySettings, string> = {
  lr: 'η (SGD, SAM; SWA before its start)',
  noise: 'σ (gradient noise)',
  rho: 'ρ (SAM radius)',
  p: 'p (SAM norm)',
  alpha1: 'α₁ (SWA cycle start)',
  alpha2: 'α₂ (SWA cycle end)',
  c: 'c (SWA cycle length)',
  swaStart: 'SWA start (iteration)',
  steps: 'iterations',
  seed: 'seed (noise, random ray)',
};

type SliderField = Exclude<keyof ToySettings, 'p'>;

const SLIDERS: { field: SliderField; min: number; max: number; step: number }[] = [
  { field: 'lr', min: 0.001, max: 0.2, step: 0.001 },
  { field: 'noise', min: 0, max: 3, step: 0.05 },
  { field: 'rho', min: 0, max: 2, step: 0.01 },
  { field: 'alpha1', min: 0.001, max: 1, step: 0.001 },
  { field: 'alpha2', min: 0.001, max: 1, step: 0.001 },
  { field: 'c', min: 1, max: 100, step: 1 },
];

/** The fields that apply when a run (re)starts. */
const AT_RESET = ['steps', 'swaStart', 'seed'] as const;

export interface ToyFormProps {
  landscape: LandscapeId;
  settings: ToySettings;
  errors: ToyErrors;
  valid: boolean;
  speed: number;
  playing: boolean;
  /** Whether Run/Pause can be pressed. */
  canPlay: boolean;
  /** Iterations done: Run before the first, Resume after. */
  iteration: number;
  actions: ToyActions;
}

function LiveSettings({ settings, errors, actions }: Pick<ToyFormProps, 'settings' | 'errors' | 'actions'>) {
  return (
    <div className="sliders">
      {SLIDERS.map(({ field, min, max, step }) => (
        <label key={field} className={`slider${errors[field] ? ' invalid' : ''}`}>
          <span>
            {FIELD_LABELS[field]} = <b>{settings[field]}</b>
          </span>
          <input
            type="range"
            data-testid={`toy-${field}`}
            min={min}
            max={max}
            step={step}
            value={settings[field]}
            onChange={(e) => actions.setField(field, Number(e.target.value))}
          />
          {errors[field] && <span className="error">{errors[field]}</span>}
        </label>
      ))}
      <label className="field">
        {FIELD_LABELS.p}
        <select
          data-testid="toy-p"
          value={settings.p === Infinity ? 'inf' : '2'}
          onChange={(e) => actions.setField('p', e.target.value === 'inf' ? Infinity : 2)}
        >
          <option value="2">p = 2: ε̂ = ρ g/‖g‖₂</option>
          <option value="inf">p = ∞: ε̂ = ρ sign(g)</option>
        </select>
      </label>
    </div>
  );
}

/** Number fields; an empty field is NaN, which validation then refuses with its reason. */
function ResetSettings({ settings, errors, actions }: Pick<ToyFormProps, 'settings' | 'errors' | 'actions'>) {
  return AT_RESET.map((field) => (
    <label key={field} className={`field${errors[field] ? ' invalid' : ''}`}>
      {FIELD_LABELS[field]}
      <input
        type="number"
        data-testid={`toy-${field}`}
        value={Number.isNaN(settings[field]) ? '' : settings[field]}
        onChange={(e) => actions.setField(field, e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
      {errors[field] && <span className="error">{errors[field]}</span>}
    </label>
  ));
}

function RunControls({ speed, playing, canPlay, iteration, valid, actions }: Omit<ToyFormProps, 'landscape' | 'settings' | 'errors'>) {
  return (
    <>
      <label className="slider">
        <span>
          speed = <b>{speed}</b> iterations per frame
        </span>
        <input
          type="range"
          data-testid="toy-speed"
          min={1}
          max={20}
          step={1}
          value={speed}
          onChange={(e) => actions.setSpeed(Number(e.target.value))}
        />
      </label>
      <div className="row">
        <button type="button" className="start" data-testid="toy-play" disabled={!canPlay} onClick={actions.togglePlay}>
          {playing ? 'Pause' : iteration > 0 ? 'Resume' : 'Run'}
        </button>
        <button type="button" data-testid="toy-reset" disabled={!valid} onClick={actions.reset}>
          Reset
        </button>
      </div>
      {!valid && <p className="error">Fix the fields marked in red.</p>}
    </>
  );
}

/** The sidebar of the toy tab. */
export function ToyForm(props: ToyFormProps) {
  const { landscape, actions } = props;
  return (
    <aside>
      <h3>Landscape</h3>
      <select data-testid="toy-landscape" value={landscape} onChange={(e) => actions.chooseLandscape(e.target.value as LandscapeId)}>
        {LANDSCAPE_IDS.map((id) => (
          <option key={id} value={id}>
            {LANDSCAPE_INFO[id].name}
          </option>
        ))}
      </select>
      <p className="hint">{LANDSCAPE_INFO[landscape].description} Click the contour to start elsewhere.</p>
      <h3>Live settings</h3>
      <LiveSettings {...props} />
      <h3>Applied at the next reset</h3>
      <ResetSettings {...props} />
      <RunControls {...props} />
    </aside>
  );
}
