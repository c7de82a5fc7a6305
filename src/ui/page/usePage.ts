/**
 * The page's own state, apart from the session: the settings (from the URL,
 * kept in the URL), the tab (from the URL's hash), and the saved experiments
 * (listed again whenever one more has been saved).
 */
import { useEffect, useState } from 'react';
import type { Experiment } from '../experiment';
import { DEFAULT_LAB, type LabConfig, PRESETS } from '../lab';
import { listExperiments } from '../persistence';
import type { LabSession } from '../session';
import { pickLanguage } from '../i18n/language';
import { type Message, message } from '../i18n/message';
import { keptPageKeys, labFromQuery, labToQuery } from '../url-state';

/** Settings from the URL: `?preset=NAME` starts from a preset, and explicit fields override it. */
function initialLab(): { lab: LabConfig; problems: Message[] } {
  const preset = new URLSearchParams(window.location.search).get('preset');
  const base = preset && PRESETS[preset] ? { ...DEFAULT_LAB, ...PRESETS[preset].lab } : DEFAULT_LAB;
  const parsed = labFromQuery(window.location.search, base);
  if (preset && !PRESETS[preset]) parsed.problems.push(message('lab.url.unknownPreset', { name: preset }));
  const { problem } = pickLanguage(window.location.search, navigator.languages);
  if (problem) parsed.problems.push(problem);
  return parsed;
}

export interface LabSettings {
  lab: LabConfig;
  /** What the URL had that could not be read (each names the value), shown with `translate`. */
  problems: Message[];
  set: <K extends keyof LabConfig>(key: K, value: LabConfig[K]) => void;
  /** Several fields at once (a live change from the sliders, or a preset's). */
  update: (p: Partial<LabConfig>) => void;
  applyPreset: (name: string) => void;
}

/** The form's settings, read from the URL once and written back to it on every change. */
export function useLabSettings(): LabSettings {
  const [{ lab, problems }, setState] = useState(initialLab);
  useEffect(() => {
    // The language and the lecture's step stay in the URL beside the settings (the header and the lecture set them).
    const q = new URLSearchParams(labToQuery(lab));
    for (const [k, v] of keptPageKeys(window.location.search)) q.set(k, v);
    window.history.replaceState(null, '', `?${q.toString()}${window.location.hash}`);
  }, [lab]);
  const patch = (p: Partial<LabConfig>) => setState((s) => ({ ...s, lab: { ...s.lab, ...p } }));
  return {
    lab,
    problems,
    set: (key, value) => patch({ [key]: value }),
    update: patch,
    applyPreset: (name) => patch(PRESETS[name]?.lab ?? {}),
  };
}

export type Tab = 'lab' | 'toy';

const tabOfHash = (): Tab => (window.location.hash.startsWith('#toy') ? 'toy' : 'lab');

/** The tab the URL's hash names (#toy, else the lab), following hash changes. */
export function useTab(): Tab {
  const [tab, setTab] = useState<Tab>(tabOfHash);
  useEffect(() => {
    const onHash = () => setTab(tabOfHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return tab;
}

/**
 * The experiments saved in this browser, newest first, listed again after
 * each save (`savedCount`). At start-up the latest one is shown again.
 */
export function useSavedExperiments(session: LabSession | null, savedCount: number): Experiment[] {
  const [history, setHistory] = useState<Experiment[]>([]);
  useEffect(() => {
    listExperiments()
      .then((saved) => {
        setHistory(saved);
        const now = session?.getSnapshot();
        if (saved[0] && session && now?.saved === 0 && !now.experiment) session.load(saved[0]);
      })
      .catch(() => undefined);
  }, [savedCount, session]);
  return history;
}
