/** The settings form: every field validated as it is typed, with the reason next to it. */
import { useState } from 'react';
import type { FieldErrors, LabConfig } from '../lab';
import { PRESETS } from '../lab';

type Setter = <K extends keyof LabConfig>(key: K, value: LabConfig[K]) => void;

/** What every field reads and writes: the settings, their setter, and the reasons they are invalid. */
interface FieldProps {
  lab: LabConfig;
  set: Setter;
  errors: FieldErrors;
}

/** A number typed as text: the text is kept as typed (so '0.' can become '0.5'), its number (NaN if none) is set at once. */
function NumberField({
  label,
  field,
  lab,
  set,
  errors,
  step,
  title,
}: {
  label: React.ReactNode;
  field: keyof LabConfig;
  lab: LabConfig;
  set: Setter;
  errors: FieldErrors;
  step?: number;
  title?: string;
}) {
  const value = lab[field] as number;
  const [text, setText] = useState(Number.isFinite(value) ? String(value) : '');
  // When the value changes, the text follows it unless it already reads as that value: only an outside change
  // (preset, URL, live slider) rewrites what the student is typing. Adjusted while rendering, as React advises
  // for state derived from a prop; Object.is, since a value the text cannot parse is NaN.
  const [shownValue, setShownValue] = useState(value);
  if (!Object.is(shownValue, value)) {
    setShownValue(value);
    if (Number.isFinite(value) && Number(text) !== value) setText(String(value));
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
        step={step}
        aria-invalid={Boolean(error)}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.value.trim() === '' ? Number.NaN : Number(e.target.value);
          set(field, v as never);
        }}
      />
      {error && <small className="error">{error}</small>}
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
  const f = { lab, set, errors };
  return (
    <>
      <h3>Data and budget</h3>
      <Choice
        label="dataset"
        field="dataset"
        lab={lab}
        set={set}
        options={[
          ['fashion-mnist', 'Fashion-MNIST'],
          ['mnist', 'MNIST'],
        ]}
      />
      <NumberField label="train images" field="trainSize" {...f} />
      <NumberField
        label="label noise (fraction of wrong train labels)"
        field="labelNoise"
        {...f}
        title="a seeded fraction of the training labels is replaced by a wrong class; the test set stays clean"
      />
      <NumberField label="test images" field="testSize" {...f} />
      <Choice
        label="model"
        field="model"
        lab={lab}
        set={set}
        options={[
          ['small', 'small (4, 8 filters; 3.5k params)'],
          ['default', 'default (8, 16; 14.4k)'],
          ['wide', 'wide (16, 32; 62k)'],
        ]}
      />
      <Choice
        label="initial weights"
        field="init"
        lab={lab}
        set={set}
        options={[
          ['he-glorot', 'He/Glorot-uniform, zero biases'],
          ['fan-in-uniform', 'U(±1/√fan_in), kernels and biases (smaller)'],
        ]}
      />
      <NumberField label="epochs (budget)" field="epochs" {...f} />
      <NumberField label="batch size" field="batchSize" {...f} />
      <NumberField label="seed" field="seed" {...f} title="same seed: same initial weights and data order for all three methods" />
    </>
  );
}

/** Each method's hyperparameters: SGD's schedule, SWA's cycle and start, SAM's neighbourhood. */
function OptimizerFields({ lab, set, errors }: FieldProps) {
  const f = { lab, set, errors };
  return (
    <>
      <h3>SGD</h3>
      <NumberField label="η (learning rate)" field="lr" {...f} />
      <NumberField label="μ (momentum)" field="momentum" {...f} />
      <NumberField label="λ (weight decay, L + λ‖w‖²)" field="weightDecay" {...f} />
      <Choice
        label="schedule (decays to α₂)"
        field="schedule"
        lab={lab}
        set={set}
        options={[
          ['cosine', 'cosine'],
          ['linear', 'linear'],
          ['constant', 'constant'],
        ]}
      />
      <h3>SWA</h3>
      <NumberField label="α₁ (cycle start)" field="alpha1" {...f} />
      <NumberField label="α₂ (cycle end)" field="alpha2" {...f} />
      <NumberField label="c (cycle length, iterations)" field="c" {...f} />
      <NumberField label="SWA start (epoch)" field="swaStart" {...f} />
      <h3>SAM</h3>
      <NumberField label="ρ (neighbourhood radius)" field="rho" {...f} />
      <Choice
        label="p (norm)"
        field="p"
        lab={lab}
        set={set}
        options={[
          ['2', 'p = 2'],
          ['inf', 'p = ∞'],
        ]}
      />
      <Check label="adaptive (ASAM, ε scaled by |w|)" field="adaptive" lab={lab} set={set} />
    </>
  );
}

/** What the analysis computes after training, and the backend. */
function AnalysisFields({ lab, set, errors }: FieldProps) {
  const f = { lab, set, errors };
  return (
    <>
      <h3>Analysis</h3>
      <Check label="track λ_max during training" field="track" lab={lab} set={set} />
      <NumberField label="Hessian samples" field="samples" {...f} />
      <NumberField label="top eigenvalues k" field="k" {...f} />
      <NumberField label="random rays" field="rays" {...f} />
      <NumberField label="ray length t_max" field="tMax" {...f} />
      <Choice
        label="ray directions"
        field="directions"
        lab={lab}
        set={set}
        options={[
          ['unit', 'unit Gaussian'],
          ['filter', 'filter-normalised'],
        ]}
      />
      <Choice
        label="backend"
        field="backend"
        lab={lab}
        set={set}
        options={[
          ['auto', 'auto (WebGPU → WebGL → CPU)'],
          ['webgpu', 'WebGPU'],
          ['webgl', 'WebGL'],
          ['cpu', 'CPU'],
        ]}
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
  const f = { lab, set, errors };
  return (
    <fieldset className="controls" disabled={disabled}>
      <div className="presets">
        {Object.entries(PRESETS).map(([name, p]) => (
          <button key={name} type="button" data-testid={`preset-${name}`} title={p.description} onClick={() => onPreset(name)}>
            {p.label}
          </button>
        ))}
      </div>
      <DataFields {...f} />
      <OptimizerFields {...f} />
      <AnalysisFields {...f} />
    </fieldset>
  );
}
