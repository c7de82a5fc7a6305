import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WeightArrays } from '../../src/core/checkpoint';
import type { StepEvent } from '../../src/core/train/events';
import type { RunResult } from '../../src/core/train/events';
import type { Experiment } from '../../src/ui/experiment';
import { DEFAULT_LAB, MODELS, PRESETS, runConfig } from '../../src/ui/lab';
import { placeRuns } from '../../src/ui/placement';
import { PUBLISH_MS } from '../../src/ui/publisher';
import { LabSession } from '../../src/ui/session';
import type { SessionEnv } from '../../src/ui/session-types';
import { stepEvent } from './fixtures';
import type { AnalysisPayload, BackendTiming, Command, WorkerEvent } from '../../src/worker/protocol';

class FakeWorker {
  readonly sent: Command[] = [];
  terminated = false;
  constructor(readonly emit: (e: WorkerEvent) => void) {}
  send(cmd: Command) {
    this.sent.push(cmd);
  }
  terminate() {
    this.terminated = true;
  }
  of<T extends Command['type']>(type: T): Extract<Command, { type: T }>[] {
    return this.sent.filter((c): c is Extract<Command, { type: T }> => c.type === type);
  }
}

const lab = { ...DEFAULT_LAB, ...PRESETS.tiny!.lab };
const timings: BackendTiming[] = [
  { backend: 'webgpu', msPerStep: 1393, note: null },
  { backend: 'webgl', msPerStep: 201, note: null },
  { backend: 'cpu', msPerStep: 59, note: null },
];
const weights: WeightArrays = { params: [[1, 2]], state: [] };

function setup(cores = 2, remembered: BackendTiming[] | null = null, refuse: Error | null = null) {
  const workers: FakeWorker[] = [];
  const saved: Experiment[] = [];
  const remembers: BackendTiming[][] = [];
  const env: SessionEnv = {
    spawn: (onEvent) => {
      const w = new FakeWorker(onEvent);
      workers.push(w);
      return w;
    },
    dataUrl: 'http://x/data/',
    cores,
    save: (x) => {
      if (refuse) return Promise.reject(refuse);
      saved.push(x);
      return Promise.resolve();
    },
    recall: () => Promise.resolve(remembered),
    remember: (t) => remembers.push(t),
    newId: () => 'id-1',
    now: () => '2026-11-25T00:00:00Z',
  };
  const session = new LabSession(env, 'auto', MODELS.default);
  return { session, workers, saved, remembers };
}

const result = (method: 'SGD' | 'SWA' | 'SAM', status: RunResult['status'] = 'completed'): RunResult => ({
  method,
  config: runConfig(lab, method),
  status,
  message: null,
  steps: 4,
  elapsedSeconds: 1,
  epochs: [],
  hyperparamChanges: [],
  final: { test: { loss: 1, accuracy: 0.5 }, swa: null, fge: null },
});

const analysis = (runId: string): AnalysisPayload =>
  ({
    runId,
    values: [3],
    residuals: [0],
    hvps: 5,
    converged: true,
    ratio: 1,
    trace: { trace: 1, se: 0, hvps: 1, samples: 1 },
    density: null,
    rays: { t: [0], curves: [] },
    eigenRay: null,
    hessianL2: false,
    own: { trainLoss: 1, testError: 0.5 },
    seconds: 1,
  }) as unknown as AnalysisPayload;

const step = (s: number): StepEvent => stepEvent(s, { epoch: s / 4, loss: 1 / s, etaSeconds: 1 });

describe('placing runs on workers', () => {
  it('gives SAM its own worker on the cpu backend with two cores, keeping SGD and SWA together (SWA branches from SGD)', () => {
    expect(placeRuns(['SGD', 'SWA', 'SAM'], 'cpu', 2)).toEqual([['SGD', 'SWA'], ['SAM']]);
    expect(placeRuns(['SGD', 'SWA', 'SAM'], 'cpu', 8)).toEqual([['SGD', 'SWA'], ['SAM']]);
    expect(placeRuns(['SAM', 'SWA'], 'cpu', 2)).toEqual([['SWA'], ['SAM']]);
    expect(placeRuns(['SGD'], 'cpu', 2)).toEqual([['SGD']]);
  });

  it('trains everything in one worker on a GPU backend or a single core', () => {
    expect(placeRuns(['SGD', 'SWA', 'SAM'], 'webgl', 2)).toEqual([['SGD', 'SWA', 'SAM']]);
    expect(placeRuns(['SGD', 'SWA', 'SAM'], 'webgpu', 16)).toEqual([['SGD', 'SWA', 'SAM']]);
    expect(placeRuns(['SAM', 'SGD'], 'cpu', 1)).toEqual([['SGD', 'SAM']]);
    expect(placeRuns([], 'cpu', 2)).toEqual([]);
  });
});

describe('LabSession', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('measures the backends in its first worker, remembers the timings, and starts a second cpu worker', async () => {
    const { session, workers, remembers } = setup();
    await vi.waitFor(() => expect(workers.length).toBe(1));
    expect(workers[0]!.sent[0]).toMatchObject({ type: 'init', backend: 'auto', measureModel: MODELS.default, remembered: null });
    workers[0]!.emit({ type: 'backend', backend: 'cpu', notes: [], adapter: null, timings });
    expect(session.getSnapshot().backend!.summary).toBe('webgpu 1393 ms/step · webgl 201 · cpu 59 — using cpu');
    expect(remembers).toEqual([timings]);
    expect(workers.length).toBe(2);
    expect(workers[1]!.sent[0]).toMatchObject({ type: 'init', backend: 'cpu', measureModel: null, remembered: null });
  });

  it('passes remembered timings to the worker instead of measuring again, and forgets them on "measure again"', async () => {
    const { session, workers, remembers } = setup(2, timings);
    await vi.waitFor(() => expect(workers.length).toBe(1));
    expect(workers[0]!.sent[0]).toMatchObject({ type: 'init', remembered: timings });
    workers[0]!.emit({
      type: 'backend',
      backend: 'cpu',
      notes: [{ kind: 'remembered' }],
      adapter: null,
      timings,
    });
    expect(remembers).toEqual([]);
    expect(session.getSnapshot().backend!.notes).toEqual([{ key: 'backend.note.remembered' }]);
    session.measureAgain();
    await vi.waitFor(() => expect(workers.length).toBe(3));
    expect(workers[0]!.terminated && workers[1]!.terminated).toBe(true);
    expect(remembers).toEqual([[]]);
    expect(workers[2]!.sent[0]).toMatchObject({ type: 'init', remembered: null, measureModel: MODELS.default });
  });

  async function started(cores = 2) {
    const s = setup(cores);
    await vi.waitFor(() => expect(s.workers.length).toBe(1));
    s.workers[0]!.emit({ type: 'backend', backend: 'cpu', notes: [], adapter: null, timings });
    if (cores > 1) s.workers[1]!.emit({ type: 'backend', backend: 'cpu', notes: [], adapter: null, timings: [] });
    s.session.start(lab, ['SGD', 'SWA', 'SAM']);
    return s;
  }

  it('trains the three methods at once: SGD and SWA (branched) in one worker, SAM in the other', async () => {
    const { session, workers } = await started();
    expect(workers[0]!.of('train')).toEqual([
      {
        type: 'train',
        runs: [
          { runId: 'SGD', config: runConfig(lab, 'SGD'), branchFrom: null },
          { runId: 'SWA', config: runConfig(lab, 'SWA'), branchFrom: 'SGD' },
        ],
      },
    ]);
    expect(workers[1]!.of('train')).toEqual([{ type: 'train', runs: [{ runId: 'SAM', config: runConfig(lab, 'SAM'), branchFrom: null }] }]);
    const x = session.getSnapshot().experiment!;
    expect(['SGD', 'SWA', 'SAM'].map((m) => x.runs[m as 'SGD'].status)).toEqual(['training', 'training', 'training']);
    // A slider change goes to every worker that trains; each worker hands each run the part it uses.
    session.live({ rho: 0.2 });
    expect(workers.map((w) => w.of('hyperparams'))).toEqual([
      [{ type: 'hyperparams', changes: { rho: 0.2 } }],
      [{ type: 'hyperparams', changes: { rho: 0.2 } }],
    ]);
  });

  it('applies a burst of step events with a few publishes, not one per event', async () => {
    const { session, workers } = await started();
    let publishes = 0;
    session.subscribe(() => (publishes += 1));
    for (let s = 1; s <= 40; s++) {
      workers[0]!.emit({ type: 'run-event', runId: 'SGD', event: step(s) });
      workers[1]!.emit({ type: 'run-event', runId: 'SAM', event: step(s) });
    }
    expect(publishes).toBe(0);
    vi.advanceTimersByTime(PUBLISH_MS);
    expect(publishes).toBe(1);
    const x = session.getSnapshot().experiment!;
    expect(x.runs.SGD.points.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(x.runs.SAM.progress.step).toBe(40);
  });

  it('analyses each solution on whichever worker is idle as soon as it exists, then the interpolations, then saves', async () => {
    const { session, workers, saved } = await started();
    workers[0]!.emit({ type: 'run-done', runId: 'SGD', result: result('SGD'), solution: weights });
    expect(workers[0]!.of('analyze')).toEqual([]); // SWA still trains in that worker
    workers[0]!.emit({ type: 'run-done', runId: 'SWA', result: result('SWA'), solution: weights });
    expect(workers[0]!.of('analyze').map((c) => c.job.kind === 'solution' && c.job.solution.runId)).toEqual(['SGD']);
    expect(session.getSnapshot().experiment!.phase).toBe('training'); // SAM trains on
    workers[0]!.emit({ type: 'analysis', analysis: analysis('SGD') });
    workers[0]!.emit({ type: 'analysis', analysis: analysis('SWA') });
    const jobs = workers[0]!
      .of('analyze')
      .map((c) => (c.job.kind === 'solution' ? c.job.solution.runId : `${c.job.from.runId}→${c.job.to.runId}`));
    expect(jobs).toEqual(['SGD', 'SWA', 'SGD→SWA']);
    workers[1]!.emit({ type: 'run-done', runId: 'SAM', result: result('SAM'), solution: weights });
    expect(session.getSnapshot().experiment!.phase).toBe('analyzing');
    expect(workers[1]!.of('analyze').map((c) => c.job.kind)).toEqual(['solution']);
    workers[0]!.emit({ type: 'interpolation', from: 'SGD', to: 'SWA', result: { s: [0], points: [] } as never });
    expect(workers[0]!.of('analyze').length).toBe(4); // SGD → SAM, on the idle worker
    workers[1]!.emit({ type: 'analysis', analysis: analysis('SAM') });
    workers[0]!.emit({ type: 'interpolation', from: 'SGD', to: 'SAM', result: { s: [0], points: [] } as never });
    expect(session.getSnapshot().experiment!.phase).toBe('done');
    await vi.waitFor(() => expect(saved.length).toBe(1));
    expect(Object.keys(saved[0]!.analyses).sort()).toEqual(['SAM', 'SGD', 'SWA']);
    expect(session.getSnapshot().messages).toEqual([]);
  });

  /** Every run ends with its solution and every analysis job is answered by the worker it went to, until none is left. */
  function toTheEnd(workers: FakeWorker[]) {
    for (const m of ['SGD', 'SWA'] as const) workers[0]!.emit({ type: 'run-done', runId: m, result: result(m), solution: weights });
    workers[1]!.emit({ type: 'run-done', runId: 'SAM', result: result('SAM'), solution: weights });
    const answered = new Set<Command>();
    for (let pending = true; pending;) {
      pending = false;
      for (const w of workers)
        for (const c of w.of('analyze').filter((c) => !answered.has(c))) {
          answered.add(c);
          pending = true;
          if (c.job.kind === 'solution') w.emit({ type: 'analysis', analysis: analysis(c.job.solution.runId) });
          else w.emit({ type: 'interpolation', from: 'SGD', to: c.job.to.runId, result: { s: [0], points: [] } as never });
        }
    }
  }

  it('computes a view on request after the end on an idle worker, shows its progress, and saves the run again with it', async () => {
    const { session, workers, saved } = await started();
    toTheEnd(workers);
    expect(session.getSnapshot().experiment!.phase).toBe('done');
    await vi.waitFor(() => expect(saved.length).toBe(1));
    session.computeView({ kind: 'reparam', method: 'SAM', layer: 1, alpha: 10 });
    const [cmd] = [...workers[0]!.of('view'), ...workers[1]!.of('view')];
    expect(cmd!.request).toMatchObject({ kind: 'reparam', solution: { runId: 'SAM', weights }, layer: 1, alpha: 10, widthDelta: 0.1 });
    expect(session.getSnapshot().views).toMatchObject({ reparam: { done: 0, total: 1 } });
    const since = session.getSnapshot().views.reparam!.started;
    const worker = workers[0]!.of('view').length ? workers[0]! : workers[1]!;
    worker.emit({ type: 'view-progress', kind: 'reparam', done: 3, total: 8 });
    const progress = session.getSnapshot().views.reparam!;
    expect([progress.done, progress.total, progress.started]).toEqual([3, 8, since]);
    expect(progress.etaSeconds).toBeGreaterThanOrEqual(0);
    const side = {
      testAccuracy: 0.5,
      dataLoss: 1,
      regularizedLoss: 1.1,
      lambdaMax: 3,
      trace: 9,
      traceSe: 1,
      adaptiveLambdaMax: 0.2,
      width: 0.5,
      widthCensored: 0,
    };
    const view = {
      method: 'SAM' as const,
      layer: 'conv2',
      down: 'dense1/kernel',
      alpha: 10,
      before: side,
      after: { ...side, lambdaMax: 300 },
      seconds: 1,
    };
    worker.emit({ type: 'view', result: { kind: 'reparam', view } });
    expect(session.getSnapshot().views).toEqual({});
    expect(session.getSnapshot().experiment!.views!.reparam).toEqual(view);
    await vi.waitFor(() => expect(saved.length).toBe(2));
    expect(saved[1]!.views!.reparam!.after.lambdaMax).toBe(300);
  });

  it('refuses a view whose solutions are missing, and frees the worker when a view fails', async () => {
    const { session, workers } = await started();
    session.computeView({ kind: 'plane', plane: 'solutions' });
    expect(session.getSnapshot().views).toEqual({});
    toTheEnd(workers);
    session.computeView({ kind: 'plane', plane: 'solutions' });
    const worker = workers[0]!.of('view').length ? workers[0]! : workers[1]!;
    expect(worker.of('view')[0]!.request).toMatchObject({
      kind: 'plane',
      points: [{ label: 'w_SGD' }, { label: 'w_SWA' }, { label: 'w_SAM' }],
    });
    worker.emit({ type: 'error', message: 'the points are collinear', during: 'view' });
    expect(session.getSnapshot().views).toEqual({});
    expect(session.getSnapshot().messages.length).toBe(1);
    session.computeView({ kind: 'layers' });
    expect([...workers[0]!.of('view'), ...workers[1]!.of('view')].map((c) => c.request.kind)).toEqual(['plane', 'layers']);
  });

  it("says what went wrong as messages with their values: a worker's error, a diverged run, a refused change", async () => {
    const { session, workers } = await started();
    workers[1]!.emit({ type: 'hyperparams-rejected', runId: 'SAM', message: 'rho must be ≥ 0, got -0.1' });
    workers[1]!.emit({
      type: 'run-done',
      runId: 'SAM',
      result: {
        ...result('SAM', 'diverged'),
        message: 'training loss became NaN (diverged); the last weights with a finite loss were kept',
      },
      solution: weights,
    });
    workers[0]!.emit({ type: 'error', message: 'Dataset file x.bin is missing; run `npm run data` to rebuild it', during: 'train' });
    expect(session.getSnapshot().messages).toEqual([
      {
        key: 'session.liveRejected',
        values: { method: 'SAM', reason: 'session.reason.range', name: 'rho', op: '≥', bound: '0', value: '-0.1' },
      },
      { key: 'session.run.diverged', values: { method: 'SAM', reason: 'session.reason.lossBecame', value: 'NaN' } },
      { key: 'session.error.train', values: { reason: 'session.reason.dataMissing', file: 'x.bin' } },
    ]);
    session.dismiss(1);
    expect(session.getSnapshot().messages.map((m) => m.key)).toEqual(['session.liveRejected', 'session.error.train']);
  });

  it('says that a finished run could not be saved, naming a full storage', async () => {
    const full = new Error("this browser's storage for the lab is full (QuotaExceededError)", {
      cause: new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    });
    const s = setup(1, null, full);
    await vi.waitFor(() => expect(s.workers.length).toBe(1));
    s.workers[0]!.emit({ type: 'backend', backend: 'cpu', notes: [], adapter: null, timings: [] });
    s.session.start(lab, ['SGD']);
    s.workers[0]!.emit({ type: 'run-done', runId: 'SGD', result: result('SGD'), solution: null });
    await vi.waitFor(() =>
      expect(s.session.getSnapshot().messages).toEqual([{ key: 'session.save.full', values: { name: 'QuotaExceededError' } }]),
    );
  });

  it('stops: cancels every worker, keeps what finished and saves the experiment as stopped', async () => {
    const { session, workers, saved } = await started();
    workers[0]!.emit({ type: 'run-done', runId: 'SGD', result: result('SGD'), solution: weights });
    session.stop();
    expect(workers.every((w) => w.of('cancel').length === 1)).toBe(true);
    expect(session.getSnapshot().experiment!.phase).toBe('training');
    workers[0]!.emit({ type: 'run-done', runId: 'SWA', result: result('SWA', 'cancelled'), solution: weights });
    workers[1]!.emit({ type: 'run-done', runId: 'SAM', result: result('SAM', 'cancelled'), solution: weights });
    const x = session.getSnapshot().experiment!;
    expect(x.phase).toBe('stopped');
    expect(x.runs.SGD.result!.status).toBe('completed');
    expect(workers.every((w) => w.of('analyze').length === 0)).toBe(true);
    await vi.waitFor(() => expect(saved.map((s) => s.phase)).toEqual(['stopped']));
  });

  it('after a lost GPU device, trains the runs that were not finished again on the fallback backend', async () => {
    const s = setup(2);
    await vi.waitFor(() => expect(s.workers.length).toBe(1));
    s.workers[0]!.emit({ type: 'backend', backend: 'webgl', notes: [], adapter: null, timings: [] });
    expect(s.workers.length).toBe(1);
    s.session.start(lab, ['SGD', 'SWA', 'SAM']);
    s.workers[0]!.emit({ type: 'run-done', runId: 'SGD', result: result('SGD'), solution: weights });
    s.workers[0]!.emit({ type: 'device-lost', message: 'gone' });
    expect(s.workers[0]!.terminated).toBe(true);
    expect(s.session.getSnapshot().backend!.notes).toEqual([{ key: 'backend.note.switched', values: { backend: 'cpu' } }]);
    expect(s.workers[1]!.sent[0]).toMatchObject({ type: 'init', backend: 'cpu' });
    s.workers[1]!.emit({ type: 'backend', backend: 'cpu', notes: [], adapter: null, timings: [] });
    // SWA can no longer branch from SGD (finished): it trains from its first step.
    const retrain = s.workers.flatMap((w) => w.of('train'));
    expect(retrain[retrain.length - 1]!.runs.map((r) => [r.runId, r.branchFrom])).toEqual([
      ['SWA', null],
      ['SAM', null],
    ]);
    expect(s.session.getSnapshot().experiment!.runs.SGD.result!.status).toBe('completed');
    expect(s.session.getSnapshot().messages).toEqual([{ key: 'session.deviceLost', values: { detail: 'gone', backend: 'cpu' } }]);
  });
});

describe('LabSession, a run between its end event and its result', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('still gets its analysis (its solution arrives with the result, after the end event)', async () => {
    const s = setup(1);
    await vi.waitFor(() => expect(s.workers.length).toBe(1));
    s.workers[0]!.emit({ type: 'backend', backend: 'webgpu', notes: [], adapter: null, timings: [] });
    s.session.start(lab, ['SGD', 'SAM']);
    s.workers[0]!.emit({ type: 'run-event', runId: 'SAM', event: { type: 'end', status: 'completed', step: 4, message: null } });
    s.workers[0]!.emit({ type: 'run-done', runId: 'SGD', result: result('SGD'), solution: weights });
    s.workers[0]!.emit({ type: 'run-done', runId: 'SAM', result: result('SAM'), solution: weights });
    const jobs = () => s.workers[0]!.of('analyze').map((c) => (c.job.kind === 'solution' ? c.job.solution.runId : `→${c.job.to.runId}`));
    expect(jobs()).toEqual(['SGD']);
    s.workers[0]!.emit({ type: 'analysis', analysis: analysis('SGD') });
    expect(jobs()).toEqual(['SGD', 'SAM']);
    s.workers[0]!.emit({ type: 'analysis', analysis: analysis('SAM') });
    expect(jobs()).toEqual(['SGD', 'SAM', '→SAM']);
  });
});
