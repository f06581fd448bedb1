/**
 * The host's side of the frozen deadline (Debug Locally, `invoke --inspect`): the pauses a debugger
 * made in a process-isolated environment, as the environment reports them, and a deadline timer
 * that stands still while the environment is paused and moves on by each pause. Environments
 * without an inspector have no clock and their timer is a plain setTimeout.
 */

export class PauseClock {
  private totalMs = 0;
  private since: number | undefined;
  private readonly onResume = new Set<() => void>();

  /** The runtime stopped at a breakpoint (or a `debugger;` statement) at `at` (epoch ms). */
  paused(at: number): void {
    this.since ??= Math.min(at, Date.now());
  }

  /** The runtime runs again after `pausedMs`, as measured where it was paused. */
  resumed(pausedMs: number): void {
    if (this.since === undefined) return;
    this.since = undefined;
    this.totalMs += pausedMs;
    for (const fn of [...this.onResume]) fn();
  }

  get isPaused(): boolean {
    return this.since !== undefined;
  }

  /** Milliseconds paused so far; a pause in progress counts up to `now`. */
  elapsed(now = Date.now()): number {
    return this.totalMs + (this.since === undefined ? 0 : Math.max(0, now - this.since));
  }

  /** Calls `fn` at the next resume. Returns a cancel. */
  whenResumed(fn: () => void): () => void {
    const once = (): void => {
      this.onResume.delete(once);
      fn();
    };
    this.onResume.add(once);
    return () => this.onResume.delete(once);
  }
}

/**
 * Calls `onDeadline` at `deadline` (epoch ms), moved on by the time `clock` spends paused from now
 * on, and never while it is paused. Returns a cancel.
 */
export function deadlineTimer(deadline: number, clock: PauseClock | undefined, onDeadline: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let cancelResume: (() => void) | undefined;
  if (!clock) {
    timer = setTimeout(onDeadline, Math.max(0, deadline - Date.now()));
    return () => clearTimeout(timer);
  }
  const base = clock.elapsed();
  const check = (): void => {
    timer = undefined;
    cancelResume = undefined;
    if (clock.isPaused) {
      cancelResume = clock.whenResumed(check);
      return;
    }
    const left = deadline + (clock.elapsed() - base) - Date.now();
    if (left <= 0) onDeadline();
    else timer = setTimeout(check, left);
  };
  // Asynchronous even when already due, like the plain timer.
  timer = setTimeout(check, Math.max(0, deadline - Date.now()));
  return () => {
    if (timer) clearTimeout(timer);
    cancelResume?.();
  };
}

export interface Stopwatch {
  elapsed(): number;
  paused(): number;
}

/**
 * A stopwatch of running time: milliseconds since it started, less what `clock` spent paused
 * since (Init Duration and Duration count the runtime's work, as the deadline does). `paused()`
 * is the time it left out. Without a clock it is a plain stopwatch.
 */
export function runningStopwatch(clock: PauseClock | undefined, start = performance.now()): Stopwatch {
  const pausedBefore = clock?.elapsed() ?? 0;
  const paused = (): number => Math.max(0, (clock?.elapsed() ?? 0) - pausedBefore);
  return { elapsed: () => Math.max(0, performance.now() - start - paused()), paused };
}

/** The note a front end shows beside a result a debugger paused (CLI stderr, Debug Console). */
export function debuggerPauseNote(result: { debuggerPausedMs?: number }): string | undefined {
  const ms = result.debuggerPausedMs;
  if (!ms) return undefined;
  const held = ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  return `paused ${held} in the debugger; left out of Duration and the timeout`;
}
