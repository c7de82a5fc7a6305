/**
 * The toy tab's controls: the landscape, the live settings (sliders, applied
 * from the next iteration), the settings applied at the next reset, the
 * animation speed, and Run/Pause/Reset. A field that does not validate is
 * marked with the reason (the simulation's own rules, `validateToySettings`).
 */
import { useTranslation } from 'react-i18next';
import { LANDSCAPE_IDS, type LandscapeId } from '../../core/toy/landscape-info';
import type { ToyErrors, ToySettings } from '../../core/toy/options';
import { formatInteger } from '../format';
import { fieldErrorText, landscapeDescription, landscapeName, writtenNumber } from './text';
import type { ToyActions } from './useToySimulation';

type SliderField = Exclude<keyof ToySettings, 'p'>;

const SLIDERS: { field: SliderField; min: number; max: number; step: number }[] = [
  { field: 'lr', min: 0.001, max: 0.2, step: 0.001 },
  { field: 'noise', min: 0, max: 3, step: 0.05 },
  { field: 'rho', min: 0, max: 2, step: 0.01 },
  { field: 'alpha1', min: 0.001, max: 1, step: 0.001 },
  { field: 'alpha2', min: 0.001, max: 1, step: 0.001 },
  { field: 'c', min: 1, max: 100, step: 1 },
];

/** SAM's two norms, as formula (2) gives ε̂ for each (the same in every language). */
const P_CHOICES = { two: 'p = 2: ε̂ = ρ g/‖g‖₂', inf: 'p = ∞: ε̂ = ρ sign(g)' } as const;

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

/** A field's reason for refusal, under it. */
function FieldError({ errors, field }: { errors: ToyErrors; field: keyof ToySettings }) {
  const { t } = useTranslation();
  const e = errors[field];
  return e ? <span className="error">{fieldErrorText(t, e)}</span> : null;
}

function LiveSettings({ settings, errors, actions }: Pick<ToyFormProps, 'settings' | 'errors' | 'actions'>) {
  const { t } = useTranslation();
  return (
    <div className="sliders">
      {SLIDERS.map(({ field, min, max, step }) => (
        <label key={field} className={`slider${errors[field] ? ' invalid' : ''}`}>
          <span>
            {t(`toy.form.fields.${field}`)} = <b>{writtenNumber(settings[field])}</b>
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
          <FieldError errors={errors} field={field} />
        </label>
      ))}
      <label className="field">
        {t('toy.form.fields.p')}
        <select
          data-testid="toy-p"
          value={settings.p === Infinity ? 'inf' : '2'}
          onChange={(e) => actions.setField('p', e.target.value === 'inf' ? Infinity : 2)}
        >
          <option value="2">{P_CHOICES.two}</option>
          <option value="inf">{P_CHOICES.inf}</option>
        </select>
      </label>
    </div>
  );
}

/** Number fields; an empty field is NaN, which validation then refuses with its reason. */
function ResetSettings({ settings, errors, actions }: Pick<ToyFormProps, 'settings' | 'errors' | 'actions'>) {
  const { t } = useTranslation();
  return AT_RESET.map((field) => (
    <label key={field} className={`field${errors[field] ? ' invalid' : ''}`}>
      {t(`toy.form.fields.${field}`)}
      <input
        type="number"
        data-testid={`toy-${field}`}
        value={Number.isNaN(settings[field]) ? '' : settings[field]}
        onChange={(e) => actions.setField(field, e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
      <FieldError errors={errors} field={field} />
    </label>
  ));
}

/** Run/Resume/Pause and Reset: the form's last row, and all an embedded, compact toy keeps of the form. */
export function PlayButtons({
  playing,
  canPlay,
  iteration,
  valid,
  actions,
}: Pick<ToyFormProps, 'playing' | 'canPlay' | 'iteration' | 'valid' | 'actions'>) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button type="button" className="start" data-testid="toy-play" disabled={!canPlay} onClick={actions.togglePlay}>
        {playing ? t('toy.form.pause') : iteration > 0 ? t('toy.form.resume') : t('toy.form.run')}
      </button>
      <button type="button" data-testid="toy-reset" disabled={!valid} onClick={actions.reset}>
        {t('toy.form.reset')}
      </button>
    </div>
  );
}

function RunControls(props: Omit<ToyFormProps, 'landscape' | 'settings' | 'errors'>) {
  const { speed, valid, actions } = props;
  const { t } = useTranslation();
  return (
    <>
      <label className="slider">
        <span>
          {t('toy.form.speed')} = <b>{formatInteger(speed)}</b> {t('toy.form.perFrame')}
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
      <PlayButtons {...props} />
      {!valid && <p className="error">{t('toy.form.fix')}</p>}
    </>
  );
}

/** The sidebar of the toy tab. */
export function ToyForm(props: ToyFormProps) {
  const { landscape, actions } = props;
  const { t } = useTranslation();
  return (
    <aside>
      <h3>{t('toy.form.landscape')}</h3>
      <select data-testid="toy-landscape" value={landscape} onChange={(e) => actions.chooseLandscape(e.target.value as LandscapeId)}>
        {LANDSCAPE_IDS.map((id) => (
          <option key={id} value={id}>
            {landscapeName(t, id)}
          </option>
        ))}
      </select>
      <p className="hint">
        {landscapeDescription(t, landscape)} {t('toy.form.pickStart')}
      </p>
      <h3>{t('toy.form.live')}</h3>
      <LiveSettings {...props} />
      <h3>{t('toy.form.atReset')}</h3>
      <ResetSettings {...props} />
      <RunControls {...props} />
    </aside>
  );
}
