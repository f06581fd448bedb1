/**
 * Runs a job after a burst of changes settles, never two at once: a change during a run marks one
 * follow-up run, however many changes arrive (saves during a deploy coalesce into one sync). The
 * clock is injectable so the timing rules are unit-tested with a fake one.
 */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SerialTriggerOptions {
  /** Quiet time after the last change before running (saves are debounced). */
  debounceMs: number;
  /** The job. Its rejection is reported through onError and does not stop later runs. */
  run: (signal: AbortSignal) => Promise<void>;
  onError?: (e: unknown) => void;
  clock?: Clock;
}

export class SerialTrigger {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = false;
  private readonly controller = new AbortController();
  private readonly clock: Clock;
  /** How many runs have started (for status lines and tests). */
  runs = 0;

  constructor(private readonly opts: SerialTriggerOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /** A change happened: run after `delayMs` (default: the debounce) of quiet, or once more after the current run. */
  trigger(delayMs = this.opts.debounceMs): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, delayMs);
  }

  /** Runs now (the first sync at start), unless a run is already going. */
  runNow(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.start();
    return this.running ?? Promise.resolve();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Stops: no new runs; the current one gets an aborted signal. Resolves when it has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
    this.controller.abort();
    await this.running;
  }

  /** Resolves when nothing runs or waits to run (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    if (this.stopped) return;
    this.runs++;
    this.running = this.opts
      .run(this.controller.signal)
      .catch((e: unknown) => this.opts.onError?.(e))
      .finally(() => {
        this.running = undefined;
        if (this.pending && !this.stopped) {
          this.pending = false;
          // Changes came in during the run: one follow-up after a fresh quiet period.
          this.trigger();
        }
      });
  }
}
