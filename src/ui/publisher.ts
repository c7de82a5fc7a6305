/**
 * A state that React reads through `useSyncExternalStore`, published at most
 * every `PUBLISH_MS`: many small updates (three runs stepping at once) cost
 * the page a few renders a second, while an update that must show at once
 * (a phase change, a message) is published immediately.
 */

/** The longest a change waits before listeners hear of it. */
export const PUBLISH_MS = 500;

export class Publisher<S extends object> {
  private current: S;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  /** `beforeTick` runs before each timed publish (to fold buffered updates into the state). */
  constructor(
    initial: S,
    private readonly beforeTick: () => void = () => {},
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): S => this.current;

  /** Updates the state; listeners hear of it now (`now`) or at the next publish tick. */
  set(patch: Partial<S>, now = false): void {
    this.current = { ...this.current, ...patch };
    if (now) this.publish();
    else this.schedule();
  }

  /** Asks for a publish at the next tick without changing the state (buffered updates are waiting). */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.beforeTick();
      this.publish();
    }, PUBLISH_MS);
  }

  /** No publish after this. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private publish(): void {
    this.listeners.forEach((l) => l());
  }
}
