/**
 * The page's controller: owns the compute worker, runs an experiment (SGD,
 * SWA, SAM one after the other from the same seed, then the analysis of the
 * three solutions), forwards live changes, falls back to another backend if
 * the GPU device is lost (finished runs are kept and the interrupted run is
 * trained again), and saves finished experiments. Worker events are buffered
 * and applied to React state a few times per second, so the page stays
 * responsive however fast training runs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveHyperparams } from '../core/train/events';
import { type LabWorker, startWorker } from '../worker/client';
import type { BackendName, WorkerEvent } from '../worker/protocol';
import { type Experiment, type ExperimentAction, newExperiment, reduce } from './experiment';
import { type LabConfig, METHODS, type Method, analysisSettings, runConfig } from './lab';
import { saveExperiment } from './persistence';

export interface BackendInfo {
  backend: BackendName;
  notes: string[];
  adapter: string | null;
}

export interface AnalysisProgress {
  method: Method;
  stage: string;
  done: number;
  total: number;
}

export interface LabController {
  backend: BackendInfo | null;
  experiment: Experiment | null;
  paused: boolean;
  analysisProgress: AnalysisProgress | null;
  messages: string[];
  /** Increases each time a finished experiment has been saved. */
  saved: number;
  start(lab: LabConfig, methods: Method[]): void;
  pause(): void;
  resume(): void;
  stop(): void;
  live(changes: LiveHyperparams): void;
  computeSurface(method: Method): void;
  load(x: Experiment): void;
  dismiss(i: number): void;
  /** Handles a lost GPU device exactly as if the worker had reported one (used by the browser tests). */
  simulateDeviceLoss(message: string): void;
}

const FLUSH_MS = 200;
const FALLBACK: Record<BackendName, BackendName> = { webgpu: 'webgl', webgl: 'cpu', cpu: 'cpu' };

export function useLab(initialBackend: BackendName | 'auto'): LabController {
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [experiment, setExperiment] = useState<Experiment | null>(null);
  const [paused, setPaused] = useState(false);
  const [analysisProgress, setAnalysisProgress] = useState<AnalysisProgress | null>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(0);
  const worker = useRef<LabWorker | null>(null);
  const exp = useRef<Experiment | null>(null);
  const pending = useRef<ExperimentAction[]>([]);
  const queue = useRef<Method[]>([]);
  const current = useRef<Method | null>(null);
  const labRef = useRef<LabConfig | null>(null);
  const onEvent = useRef<(e: WorkerEvent) => void>(() => {});

  const say = useCallback((m: string) => setMessages((ms) => [...ms, m]), []);

  /** Applies an action to the experiment ref now; React state catches up at the next flush. */
  const apply = useCallback((a: ExperimentAction) => {
    if (!exp.current) return;
    exp.current = reduce(exp.current, a);
    pending.current.push(a);
  }, []);

  const finish = useCallback((phase: 'done' | 'stopped') => {
    apply({ type: 'phase', phase });
    current.current = null;
    setAnalysisProgress(null);
    const x = exp.current;
    if (x) {
      saveExperiment(x)
        .then(() => setSaved((n) => n + 1))
        .catch((e: unknown) => say(`Could not save the run in this browser: ${(e as Error).message}`));
    }
  }, [apply, say]);

  const analyze = useCallback(() => {
    const x = exp.current;
    const lab = labRef.current;
    if (!x || !lab) return;
    const solutions = METHODS.filter((m) => x.runs[m].solution).map((m) => ({ runId: m, config: x.runs[m].config, weights: x.runs[m].solution! }));
    if (solutions.length === 0) return finish('stopped');
    apply({ type: 'phase', phase: 'analyzing' });
    worker.current?.send({ type: 'analyze', solutions, settings: analysisSettings(lab) });
  }, [apply, finish]);

  const runNext = useCallback(() => {
    const m = queue.current.shift();
    const lab = labRef.current;
    if (!m || !lab) {
      current.current = null;
      return analyze();
    }
    current.current = m;
    const config = runConfig(lab, m);
    apply({ type: 'run-started', method: m, config });
    worker.current?.send({ type: 'train', runId: m, config });
  }, [analyze, apply]);

  const spawn = useCallback((which: BackendName | 'auto') => {
    worker.current?.terminate();
    const w = startWorker((e) => onEvent.current(e));
    worker.current = w;
    w.send({ type: 'init', dataUrl: new URL('data/', document.baseURI).href, backend: which });
  }, []);

  onEvent.current = (e: WorkerEvent) => {
    switch (e.type) {
      case 'backend':
        setBackend({ backend: e.backend, notes: e.notes, adapter: e.adapter });
        // After a device loss the interrupted run is queued again: go on with it.
        if (exp.current?.phase === 'training' && current.current === null) runNext();
        return;
      case 'status':
        return;
      case 'run-event':
        return apply({ type: 'run-event', method: e.runId as Method, event: e.event });
      case 'run-done': {
        apply({ type: 'run-done', method: e.runId as Method, result: e.result, solution: e.solution });
        if (e.result.status === 'cancelled') return finish('stopped');
        if (e.result.status === 'diverged') say(`${e.runId} diverged: ${e.result.message} Its last good weights are kept.`);
        if (e.result.status === 'failed') say(`${e.runId} failed: ${e.result.message}`);
        return runNext();
      }
      case 'analysis-progress':
        return setAnalysisProgress({ method: e.runId as Method, stage: e.stage, done: e.done, total: e.total });
      case 'analysis':
        return apply({ type: 'analysis', method: e.analysis.runId as Method, analysis: e.analysis });
      case 'interpolation':
        return apply({ type: 'interpolation', to: e.to as Method, result: e.result });
      case 'analysis-done':
        return finish('done');
      case 'surface':
        setAnalysisProgress(null);
        return apply({ type: 'surface', method: e.runId as Method, result: e.result });
      case 'hyperparams-rejected':
        return say(`Change not applied to ${e.runId}: ${e.message}`);
      case 'device-lost': {
        const from = backend?.backend ?? 'webgpu';
        const to = FALLBACK[from];
        say(`The GPU device was lost (${e.message}). Finished runs are kept; continuing on ${to}.`);
        if (current.current) queue.current.unshift(current.current);
        current.current = null;
        return spawn(to);
      }
      case 'error':
        say(`Error during ${e.during}: ${e.message}`);
        if (e.during === 'train' || e.during === 'analyze') finish('stopped');
        return;
    }
  };

  useEffect(() => {
    spawn(initialBackend);
    const flush = setInterval(() => {
      if (pending.current.length === 0) return;
      pending.current = [];
      setExperiment(exp.current);
    }, FLUSH_MS);
    return () => {
      clearInterval(flush);
      worker.current?.terminate();
    };
  }, [initialBackend, spawn]);

  return {
    backend,
    experiment,
    paused,
    analysisProgress,
    messages,
    saved,
    start(lab, methods) {
      labRef.current = lab;
      exp.current = reduce(newExperiment(lab, crypto.randomUUID(), new Date().toISOString()), { type: 'phase', phase: 'training' });
      setExperiment(exp.current);
      setPaused(false);
      queue.current = METHODS.filter((m) => methods.includes(m));
      runNext();
    },
    pause() {
      worker.current?.send({ type: 'pause' });
      setPaused(true);
    },
    resume() {
      worker.current?.send({ type: 'resume' });
      setPaused(false);
    },
    stop() {
      queue.current = [];
      worker.current?.send({ type: 'resume' });
      worker.current?.send({ type: 'cancel' });
      setPaused(false);
      if (exp.current?.phase === 'analyzing') finish('stopped');
    },
    live(changes) {
      const m = current.current;
      if (labRef.current) labRef.current = { ...labRef.current, ...changes };
      if (!m || exp.current?.phase !== 'training') return;
      // Only what the running method uses is sent; the rest waits for the run that uses it.
      const relevant: LiveHyperparams = { ...(changes.lr !== undefined ? { lr: changes.lr } : {}) };
      if (m === 'SAM' && changes.rho !== undefined) relevant.rho = changes.rho;
      if (m === 'SWA') {
        if (changes.c !== undefined) relevant.c = changes.c;
        if (changes.alpha1 !== undefined) relevant.alpha1 = changes.alpha1;
        if (changes.alpha2 !== undefined) relevant.alpha2 = changes.alpha2;
      }
      if (Object.keys(relevant).length) worker.current?.send({ type: 'hyperparams', runId: m, changes: relevant });
    },
    computeSurface(method) {
      const x = exp.current;
      const lab = labRef.current ?? x?.lab;
      const r = x?.runs[method];
      if (!x || !lab || !r?.solution) return;
      setAnalysisProgress({ method, stage: 'surface', done: 0, total: 1 });
      worker.current?.send({ type: 'surface', solution: { runId: method, config: r.config, weights: r.solution }, settings: analysisSettings(lab), range: 1, points: 21 });
    },
    load(x) {
      exp.current = x;
      labRef.current = x.lab;
      setExperiment(x);
    },
    dismiss(i) {
      setMessages((ms) => ms.filter((_, k) => k !== i));
    },
    simulateDeviceLoss(message) {
      onEvent.current({ type: 'device-lost', message });
    },
  };
}
