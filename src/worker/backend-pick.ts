/**
 * The backend choice from measured step times (free of tfjs, so the page and
 * the tests use it too): the fastest backend that trained the lab's model
 * wins, whatever its name. A software WebGPU adapter slower than the cpu
 * backend therefore never wins, and a GPU backend that failed to measure is
 * never chosen over one that worked.
 */
import type { BackendName, BackendTiming } from './protocol';

/** Preference between equal times: the GPU backends first (they scale better with the model). */
const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

/** The fastest measured backend; the cpu backend when nothing else was measured. */
export function pickBackend(timings: readonly BackendTiming[]): BackendName {
  let best: BackendTiming | null = null;
  for (const t of timings) {
    if (t.msPerStep === null || !Number.isFinite(t.msPerStep) || t.msPerStep <= 0) continue;
    if (
      !best ||
      t.msPerStep < best.msPerStep! ||
      (t.msPerStep === best.msPerStep && ORDER.indexOf(t.backend) < ORDER.indexOf(best.backend))
    )
      best = t;
  }
  return best?.backend ?? 'cpu';
}

/**
 * The timings in one English line, for the records that quote the choice
 * (the benchmark, a reference run's provenance): "webgpu 9 ms/step · webgl 14
 * · cpu 61 — using webgpu" (unmeasured backends with their reason). The page
 * writes the same line in the user's language (`timingLine`,
 * src/ui/session-messages.ts).
 */
export function timingSummary(timings: readonly BackendTiming[], used: BackendName): string {
  const parts = timings.map((t, i) => {
    const unit = i === 0 ? ' ms/step' : '';
    return t.msPerStep === null
      ? `${t.backend} ${t.note ?? 'not measured'}`
      : `${t.backend} ${t.msPerStep < 10 ? t.msPerStep.toFixed(1) : t.msPerStep.toFixed(0)}${unit}`;
  });
  return `${parts.join(' · ')} — using ${used}`;
}
