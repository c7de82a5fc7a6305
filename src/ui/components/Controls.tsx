/** The settings form: every field validated as it is typed, with the reason next to it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetId } from '../../core/data/format';
import type { InitScheme } from '../../core/models/spec';
import { localizeDigits } from '../format';
import { isLanguage } from '../i18n/language';
import { translate } from '../i18n/message';
import { localizeMessage } from '../i18n/text';
import type { FieldErrors, LabConfig } from '../lab';
import { PRESETS } from '../lab';

type Setter = <K extends keyof LabConfig>(key: K, value: LabConfig[K]) => void;

/** What every field reads and writes: the settings, their setter, and the reasons they are invalid. */
interface FieldProps {
  lab: LabConfig;
  set: Setter;
  errors: FieldErrors;
}

/** Names that read the same in every language. */
const DATASETS: [DatasetId, string][] = [
  ['fashion-mnist', 'Fashion-MNIST'],
  ['mnist', 'MNIST'],
];
const BACKENDS: [LabConfig['backend'], string][] = [
  ['webgpu', 'WebGPU'],
  ['webgl', 'WebGL'],
  ['cpu', 'CPU'],
];
const NORMS: [LabConfig['p'], string][] = [
  ['2', 'p = 2'],
  ['inf', 'p = ∞'],
];

/** A number as the field shows it: the language's digits (0,05 in Russian), nothing for a non-finite one. */
const numberText = (v: number, language: string) =>
  Number.isFinite(v) ? localizeDigits(String(v), isLanguage(language) ? language : 'en') : '';

/**
 * The number the student typed, NaN if none. Russian also takes a decimal
 * comma and spaces between thousands (as the field shows numbers there);
 * English reads the text as JavaScript does, so 1,000 is not a number.
 */
function readNumber(text: string, language: string): number {
  const t = language === 'ru' ? text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.') : text;
  return t.trim() === '' ? Number.NaN : Number(t);
}

/**
 * A number typed as text: the text is kept as typed (so '0.' can become '0.5'), its number (NaN if none) is set at
 * once. An outside change of the value (preset, URL, live slider) or of the language rewrites the text.
 */
function NumberField({
  label,
  field,
  lab,
  set,
  errors,
  title,
}: {
  label: string;
  field: keyof LabConfig;
  lab: LabConfig;
  set: Setter;
  errors: FieldErrors;
  title?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const value = lab[field] as number;
  const [text, setText] = useState(() => numberText(value, language));
  // The text follows the value unless it already reads as that value: only an outside change rewrites what the
  // student is typing. Adjusted while rendering, as React advises for state derived from a prop; Object.is, since a
  // value the text cannot parse is NaN. A language switch rewrites a text that reads as the value in the new digits.
  const [shown, setShown] = useState({ value, language });
  if (!Object.is(shown.value, value) || shown.language !== language) {
    setShown({ value, language });
    if (Number.isFinite(value) && (readNumber(text, language) !== value || shown.language !== language))
      setText(numberText(value, language));
  }
  const error = errors[field];
  return (
    <label className={`field${error ? ' invalid' : ''}`} title={title}>
      <span>{label}</span>
      <input
        type="text"
        inputMode="decimal"
        data-testid={`field-${field}`}
        value={text}
        aria-invalid={Boolean(error)}
        onChange={(e) => {
          setText(e.target.value);
          set(field, readNumber(e.target.value, language) as never);
        }}
      />
      {error && <small className="error">{translate(t, localizeMessage(error))}</small>}
    </label>
  );
}

/** A select over `options`, each a value and its label. */
function Choice<K extends keyof LabConfig>({
  label,
  field,
  lab,
  set,
  options,
}: {
  label: string;
  field: K;
  lab: LabConfig;
  set: Setter;
  options: [LabConfig[K], string][];
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        data-testid={`field-${field}`}
        value={String(lab[field])}
        onChange={(e) => set(field, options.find(([v]) => String(v) === e.target.value)![0])}
      >
        {options.map(([v, text]) => (
          <option key={String(v)} value={String(v)}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A checkbox for one of the lab's switches. */
function Check({ label, field, lab, set }: { label: string; field: 'adaptive' | 'track'; lab: LabConfig; set: Setter }) {
  return (
    <label className="check">
      <input type="checkbox" data-testid={`field-${field}`} checked={lab[field]} onChange={(e) => set(field, e.target.checked)} /> {label}
    </label>
  );
}

/** The data, the model, the budget and the seed. */
function DataFields({ lab, set, errors }: FieldProps) {
  const { t } = useTranslation();
  const f = { lab, set, errors };
  const inits: [InitScheme, string][] = [
    ['he-glorot', t('lab.options.init.heGlorot')],
    ['fan-in-uniform', t('lab.options.init.fanIn')],
  ];
  return (
    <>
      <h3>{t('lab.sections.data')}</h3>
      <Choice label={t('lab.labels.dataset')} field="dataset" lab={lab} set={set} options={DATASETS} />
      <NumberField label={t('lab.labels.trainSize')} field="trainSize" {...f} />
      <NumberField label={t('lab.labels.labelNoise')} field="labelNoise" {...f} title={t('lab.help.labelNoise')} />
      <NumberField label={t('lab.labels.testSize')} field="testSize" {...f} />
      <Choice
        label={t('lab.labels.model')}
        field="model"
        lab={lab}
        set={set}
        options={[
          ['small', t('lab.options.model.small')],
          ['default', t('lab.options.model.default')],
          ['wide', t('lab.options.model.wide')],
        ]}
      />
      <Choice label={t('lab.labels.init')} field="init" lab={lab} set={set} options={inits} />
      <NumberField label={t('lab.labels.epochs')} field="epochs" {...f} />
      <NumberField label={t('lab.labels.batchSize')} field="batchSize" {...f} />
      <NumberField label={t('lab.labels.seed')} field="seed" {...f} title={t('lab.help.seed')} />
    </>
  );
}

/** Each method's hyperparameters: SGD's schedule, SWA's cycle and start, SAM's neighbourhood (the methods' names are the same in every language). */
function OptimizerFields({ lab, set, errors }: FieldProps) {
  const { t } = useTranslation();
  const f = { lab, set, errors };
  return (
    <>
      <h3>SGD</h3>
      <NumberField label={t('lab.labels.lr')} field="lr" {...f} />
      <NumberField label={t('lab.labels.momentum')} field="momentum" {...f} />
      <NumberField label={t('lab.labels.weightDecay')} field="weightDecay" {...f} />
      <Choice
        label={t('lab.labels.schedule')}
        field="schedule"
        lab={lab}
        set={set}
        options={[
          ['cosine', t('lab.options.schedule.cosine')],
          ['linear', t('lab.options.schedule.linear')],
          ['constant', t('lab.options.schedule.constant')],
        ]}
      />
      <h3>SWA</h3>
      <NumberField label={t('lab.labels.alpha1')} field="alpha1" {...f} />
      <NumberField label={t('lab.labels.alpha2')} field="alpha2" {...f} />
      <NumberField label={t('lab.labels.c')} field="c" {...f} />
      <NumberField label={t('lab.labels.swaStart')} field="swaStart" {...f} />
      <h3>SAM</h3>
      <NumberField label={t('lab.labels.rho')} field="rho" {...f} />
      <Choice label={t('lab.labels.p')} field="p" lab={lab} set={set} options={NORMS} />
      <Check label={t('lab.labels.adaptive')} field="adaptive" lab={lab} set={set} />
    </>
  );
}

/** What the analysis computes after training, and the backend. */
function AnalysisFields({ lab, set, errors }: FieldProps) {
  const { t } = useTranslation();
  const f = { lab, set, errors };
  return (
    <>
      <h3>{t('lab.sections.analysis')}</h3>
      <Check label={t('lab.labels.track')} field="track" lab={lab} set={set} />
      <NumberField label={t('lab.labels.samples')} field="samples" {...f} />
      <NumberField label={t('lab.labels.k')} field="k" {...f} />
      <NumberField label={t('lab.labels.rays')} field="rays" {...f} />
      <NumberField label={t('lab.labels.tMax')} field="tMax" {...f} />
      <Choice
        label={t('lab.labels.directions')}
        field="directions"
        lab={lab}
        set={set}
        options={[
          ['unit', t('lab.options.directions.unit')],
          ['filter', t('lab.options.directions.filter')],
        ]}
      />
      <Choice
        label={t('lab.labels.backend')}
        field="backend"
        lab={lab}
        set={set}
        options={[['auto', t('lab.options.backendAuto')], ...BACKENDS]}
      />
    </>
  );
}

/** The presets, then every setting of the lab in sections; disabled while an experiment runs. */
export function Controls({
  lab,
  set,
  errors,
  onPreset,
  disabled,
}: FieldProps & {
  onPreset: (name: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const f = { lab, set, errors };
  return (
    <fieldset className="controls" disabled={disabled}>
      <div className="presets">
        {Object.entries(PRESETS).map(([name, p]) => (
          <button
            key={name}
            type="button"
            data-testid={`preset-${name}`}
            title={translate(t, { key: p.description })}
            onClick={() => onPreset(name)}
          >
            {translate(t, { key: p.label })}
          </button>
        ))}
      </div>
      <DataFields {...f} />
      <OptimizerFields {...f} />
      <AnalysisFields {...f} />
    </fieldset>
  );
}
