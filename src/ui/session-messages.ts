/**
 * What the lab's session tells the page, as catalog messages (`session.*`,
 * and the header's `backend.*`), so each follows the language switch.
 *
 * The core and the worker report errors in English, naming the value
 * (`rho must be ≥ 0, got -0.1`). The kinds the page knows (a bad setting, a
 * data chunk that could not be read, a diverged run) are recognised here by
 * that wording, and their values carried into a reason of their own; any
 * other error becomes the reason `session.reason.detail`, its English text as
 * it was thrown. A reason is shown inside a frame that says where it happened
 * ("The worker failed while training: …"): the frame's text holds it by
 * i18next's nesting, `$t({{reason}})` (the reason's key at `reason`, its
 * values beside the frame's), so every message stays one key and flat values.
 */
import type { TFunction } from 'i18next';
import type { Method } from '../core/methods';
import type { RunResult } from '../core/train/events';
import type { BackendName, BackendNote, BackendTiming, WorkerEvent } from '../worker/protocol';
import type { RunState } from './experiment';
import { formatFixed } from './format';
import { type Message, type MessageKey, message } from './i18n/message';
import { within } from './i18n/text';

/** The wordings of the core's errors the page knows: the reason each becomes, and the names of the pattern's groups. */
const KNOWN: readonly { pattern: RegExp; key: MessageKey; names: readonly string[] }[] = [
  {
    // src/core/data/dataset.ts around src/core/data/fetch-reader.ts (a chunk neither stored nor reachable).
    pattern:
      /^Dataset file (\S+) could not be read \(\S+ is not stored on this device and the network did not answer \((.*)\); connect once to fetch it\)$/s,
    key: 'session.reason.dataOffline',
    names: ['file', 'detail'],
  },
  { pattern: /^Dataset file (\S+) could not be read \((.*)\)$/s, key: 'session.reason.dataUnreadable', names: ['file', 'detail'] },
  { pattern: /^Dataset file (\S+) is missing; /, key: 'session.reason.dataMissing', names: ['file'] },
  // src/core/validate.ts and validateRunConfig (src/core/train/config.ts).
  { pattern: /^(\S+) must be a finite number, got (.*)$/s, key: 'session.reason.finite', names: ['name', 'value'] },
  { pattern: /^(\S+) must be an integer, got (.*)$/s, key: 'session.reason.integer', names: ['name', 'value'] },
  { pattern: /^(\S+) must be one of (.*), got (.*)$/s, key: 'session.reason.choice', names: ['name', 'options', 'value'] },
  { pattern: /^(\S+) must be ([≥>≤<]) (.*), got (.*)$/s, key: 'session.reason.range', names: ['name', 'op', 'bound', 'value'] },
  {
    pattern: /^swa\.start must come before the end of training \(step (\S+)\), got step (\S+)$/,
    key: 'session.reason.swaStart',
    names: ['total', 'step'],
  },
  {
    pattern: /^epochs × steps per epoch must give at least one step, got (\S+) × (\S+)$/,
    key: 'session.reason.noSteps',
    names: ['epochs', 'steps'],
  },
  // A diverged run (src/core/train/optimizer-step.ts, trainer.ts).
  { pattern: /^training loss became (\S+) \(diverged\)/, key: 'session.reason.lossBecame', names: ['value'] },
  { pattern: /^weights became (\S+) \(diverged\)/, key: 'session.reason.weightsBecame', names: ['value'] },
];

/** The reason an English error text gives: a kind the page knows with its values, else the text itself. */
export function reasonOf(detail: string): Message {
  for (const { pattern, key, names } of KNOWN) {
    const m = pattern.exec(detail);
    if (m) return message(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return message('session.reason.detail', { detail });
}

/** The frame of a worker's error, by the command it was doing. */
const ERROR_FRAMES: Partial<Record<Extract<WorkerEvent, { type: 'error' }>['during'], MessageKey>> = {
  init: 'session.error.init',
  train: 'session.error.train',
  analyze: 'session.error.analyze',
  surface: 'session.error.surface',
};

/** A worker's error event (every error message's key starts with `session.error.`). */
export function workerError(e: Extract<WorkerEvent, { type: 'error' }>): Message {
  if (e.crashed) return message('session.error.crashed', { detail: e.message });
  return within(ERROR_FRAMES[e.during] ?? 'session.error.other', {}, reasonOf(e.message));
}

/** A live change the worker refused for `method` (its English validation text in `detail`). */
export const liveRejected = (method: Method, detail: string): Message => within('session.liveRejected', { method }, reasonOf(detail));

/** What a run that diverged or failed says; null for a run that completed or was cancelled. */
export function runEnded(method: Method, result: Pick<RunResult, 'status' | 'message'>): Message | null {
  const reason = reasonOf(result.message ?? '');
  if (result.status === 'diverged') return within('session.run.diverged', { method }, reason);
  if (result.status === 'failed') return within('session.run.failed', { method }, reason);
  return null;
}

/**
 * Why a run never started, from its settings: its SWA branch point came after
 * the end of the run it branches from. A saved run keeps the reason in English
 * (`RunState.skipped`, as older files have it); the page words it from here.
 */
export function skipReason(r: Pick<RunState, 'skipped' | 'config'>): Message | null {
  return r.skipped === undefined ? null : message('session.run.skipReason', { start: r.config.swa?.start ?? 0 });
}

/** The message of a run that never started (see `skipReason`). */
export const runSkipped = (method: Method, r: Pick<RunState, 'config'>): Message =>
  message('session.run.skipped', { method, start: r.config.swa?.start ?? 0 });

/** A finished run that could not be saved: a full storage by its name (persistence.ts keeps the DOMException as the cause), else the error's text. */
export function saveFailed(e: unknown): Message {
  const full = [e, e instanceof Error ? e.cause : null].find((x) => (x as { name?: unknown } | null)?.name === 'QuotaExceededError');
  if (full) return message('session.save.full', { name: 'QuotaExceededError' });
  return message('session.save.failed', { detail: e instanceof Error ? e.message : String(e) });
}

/** The GPU device was lost (`detail`: the browser's reason); the runs continue on `to`. */
export const deviceLost = (detail: string, to: BackendName): Message => message('session.deviceLost', { detail, backend: to });

/** A backend note as the header shows it (`backend.note.<kind>`, its other fields the values). */
export function backendNote(n: BackendNote): Message {
  const { kind, ...values } = n;
  return message(`backend.note.${kind}`, Object.keys(values).length > 0 ? values : undefined);
}

/** The header's note after a lost GPU device. */
export const switchedNote = (to: BackendName): Message => message('backend.note.switched', { backend: to });

/** The catalog's word for a step time that is missing. */
const UNMEASURED = { unavailable: 'backend.timing.unavailable', failed: 'backend.timing.failed' } as const;

/**
 * The measured step times in `t`'s language, numbers in format.ts's: "webgpu
 * 9.4 ms/step · webgl 14 · cpu 61 — using webgpu" (one decimal under 10 ms;
 * a backend not measured with its reason).
 */
export function timingLine(t: TFunction, timings: readonly BackendTiming[], used: BackendName): string {
  const parts = timings.map((x, i) => {
    if (x.msPerStep === null) {
      const reason = x.note === 'unavailable' || x.note === 'failed' ? UNMEASURED[x.note] : 'backend.timing.unmeasured';
      return t('backend.timing.none', { backend: x.backend, reason: t(reason) });
    }
    const ms = formatFixed(x.msPerStep, x.msPerStep < 10 ? 1 : 0);
    return t(i === 0 ? 'backend.timing.first' : 'backend.timing.other', { backend: x.backend, ms });
  });
  return t('backend.timing.line', { timings: parts.join(' · '), backend: used });
}
