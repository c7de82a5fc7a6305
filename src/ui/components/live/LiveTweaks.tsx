/** What the student can change while the runs train, and a preview of SWA's cyclic learning rate. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveHyperparams } from '../../../core/train/events';
import { scheduleChart } from '../../charts/live-traces';
import { SWA_CYCLIC_LR_TEX } from '../../formulas';
import { localizeDigits } from '../../format';
import type { LabConfig } from '../../lab';
import { Panel } from '../Formula';
import { Plot } from '../Plot';

/** A labelled range input showing its value: label = value (its digits in the interface's language). */
function Slider({
  label,
  value,
  min,
  max,
  step,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  testId: string;
}) {
  return (
    <label className="slider">
      <span>
        {label} = <b>{localizeDigits(String(value))}</b>
      </span>
      <input
        type="range"
        data-testid={testId}
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

/** Sliders for ρ, c, α₁ ≥ α₂ and η; each move sends one live change (α₁'s range stops at α₂ and α₂'s at α₁). */
export function LiveTweaks({ lab, onChange }: { lab: LabConfig; onChange: (c: LiveHyperparams) => void }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('charts.tweaks.title')} hint={t('charts.tweaks.hint')}>
      <div className="sliders">
        <Slider label="ρ" testId="live-rho" value={lab.rho} min={0} max={0.5} step={0.01} onChange={(v) => onChange({ rho: v })} />
        <Slider label="c" testId="live-c" value={lab.c} min={1} max={50} step={1} onChange={(v) => onChange({ c: v })} />
        <Slider
          label="α₁"
          testId="live-alpha1"
          value={lab.alpha1}
          min={Math.max(lab.alpha2, 0.001)}
          max={0.2}
          step={0.001}
          onChange={(v) => onChange({ alpha1: v })}
        />
        <Slider
          label="α₂"
          testId="live-alpha2"
          value={lab.alpha2}
          min={0}
          max={lab.alpha1}
          step={0.001}
          onChange={(v) => onChange({ alpha2: v })}
        />
        <Slider label="η" testId="live-lr" value={lab.lr} min={0.001} max={0.2} step={0.001} onChange={(v) => onChange({ lr: v })} />
      </div>
    </Panel>
  );
}

/** Three cycles of α(i) for the current α₁, α₂ and c. */
export function SchedulePreview({ lab }: { lab: LabConfig }) {
  const { c, alpha1, alpha2 } = lab;
  const { t } = useTranslation();
  const chart = useMemo(() => scheduleChart({ c, alpha1, alpha2 }, t), [c, alpha1, alpha2, t]);
  return (
    <Panel title={t('charts.schedule.title')} tex={SWA_CYCLIC_LR_TEX} hint={t('charts.schedule.hint')}>
      <Plot name="swa-schedule" height={200} data={chart.data} layout={chart.layout} />
    </Panel>
  );
}
