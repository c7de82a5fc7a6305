/**
 * Cancellation of long probes (Lanczos, trace, density, rays, sharpness
 * tracking): each checks its AbortSignal between Hessian-vector products or
 * evaluation points and stops with `ProbeCancelled`, which the worker tells
 * apart from a failure.
 */

/** A probe stopped by its AbortSignal (not a failure: the caller asked for it). */
export class ProbeCancelled extends Error {
  override name = 'ProbeCancelled';
}

/** Throws `ProbeCancelled` ("<what> cancelled") if `signal` is aborted; does nothing otherwise. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new ProbeCancelled(`${what} cancelled`);
}
