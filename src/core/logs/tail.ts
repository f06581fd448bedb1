/**
 * Following a log group: first what happened since the start time (FilterLogEvents pages), then
 * new events as they arrive — through a StartLiveTail session where the endpoint supports it, by
 * polling FilterLogEvents otherwise. The switch is silent: the consumer only sees events, in
 * order, each once, and status changes it may show. Pausing (nothing is shown) stops all requests;
 * resuming catches up from where it left off, so no event is lost.
 */
import { isAbort, WorkbenchError } from '../errors';
import type { LogEvent, LogsService } from './types';

export type TailMode = 'history' | 'live' | 'polling' | 'waitingForGroup' | 'paused' | 'stopped';

export interface TailStatus {
  mode: TailMode;
  /** A sentence for the user (why it polls, that the group does not exist yet...). */
  message?: string;
}

export interface LogTailOptions {
  service: LogsService;
  region: string;
  logGroupName: string;
  /** Needed for Live Tail; without it the tail polls. */
  logGroupArn?: string;
  /** Epoch ms to start from. */
  startTime: number;
  filterPattern?: string;
  /** Keep following after the history (default true). */
  follow?: boolean;
  /** Try StartLiveTail first (default true). */
  liveTail?: boolean;
  /** Between FilterLogEvents polls (default 2000 ms). */
  pollIntervalMs?: number;
  /** How often to look again for a log group that does not exist yet (default 5000 ms). */
  groupWaitMs?: number;
  /** Re-read this far back on every poll: CloudWatch may ingest an event after later ones (default 30 s). */
  overlapMs?: number;
  onEvents(events: LogEvent[]): void;
  onStatus?(status: TailStatus): void;
  /** Errors the tail recovers from (throttling, a dropped session), for a log. */
  onNotice?(message: string): void;
}

/** Upper bound on FilterLogEvents pages per catch-up, so one huge window cannot hold the tail forever. */
const MAX_PAGES_PER_CATCH_UP = 200;
const GROUP_WAIT_MS = 5000;

export class LogTail {
  private stopped = false;
  private paused = false;
  private wake: (() => void) | undefined;
  private current = new AbortController();
  private cursor: number;
  /** eventId (or stream|time|message for live events) → timestamp, for events near the cursor. */
  private readonly seen = new Map<string, number>();
  private liveSupported: boolean;
  private mode: TailMode | undefined;
  readonly done: Promise<void>;

  constructor(private readonly options: LogTailOptions) {
    this.cursor = options.startTime;
    this.liveSupported = (options.liveTail ?? true) && options.logGroupArn !== undefined;
    this.done = this.run().finally(() => this.setMode('stopped'));
  }

  stop(): void {
    this.stopped = true;
    this.current.abort();
    this.wake?.();
  }

  /** Nothing is shown: stop requesting until resume(). */
  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.current.abort();
    this.wake?.();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake?.();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private setMode(mode: TailMode, message?: string): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.options.onStatus?.({ mode, message });
  }

  /** Waits `ms`, or until stop/pause/resume; never keeps the process alive on its own. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private emit(events: LogEvent[]): void {
    const fresh: LogEvent[] = [];
    for (const e of events) {
      const key = e.eventId ?? `${e.logStreamName}|${e.timestamp}|${e.message}`;
      if (this.seen.has(key)) continue;
      this.seen.set(key, e.timestamp);
      fresh.push(e);
      if (e.timestamp > this.cursor) this.cursor = e.timestamp;
    }
    // Keep only what a later overlapping read could return again.
    const horizon = this.cursor - (this.options.overlapMs ?? 30_000) - 60_000;
    if (this.seen.size > 5000) for (const [k, t] of this.seen) if (t < horizon) this.seen.delete(k);
    if (fresh.length) {
      fresh.sort((a, b) => a.timestamp - b.timestamp);
      this.options.onEvents(fresh);
    }
  }

  /** Reads everything from the cursor (less the overlap) to now. False when the group does not exist yet. */
  private async catchUp(first: boolean): Promise<boolean> {
    const signal = this.current.signal;
    const overlap = first ? 0 : (this.options.overlapMs ?? 30_000);
    const startTime = Math.max(this.options.startTime, this.cursor - overlap);
    let nextToken: string | undefined;
    let pages = 0;
    try {
      do {
        const page = await this.options.service.filterLogEvents(
          this.options.region,
          { logGroupName: this.options.logGroupName, startTime, filterPattern: this.options.filterPattern, nextToken },
          { signal },
        );
        this.emit(page.events);
        nextToken = page.nextToken;
      } while (nextToken && ++pages < MAX_PAGES_PER_CATCH_UP && !this.stopped && !this.paused);
      return true;
    } catch (e) {
      if (e instanceof WorkbenchError && e.kind === 'notFound') {
        this.setMode('waitingForGroup', e.describe());
        return false;
      }
      if (e instanceof WorkbenchError && e.kind === 'throttled') {
        this.options.onNotice?.(`${e.message} Slowing down.`);
        await this.idle(5000);
        return true;
      }
      throw e;
    }
  }

  private async live(): Promise<void> {
    this.setMode('live');
    const signal = this.current.signal;
    for await (const batch of this.options.service.liveTail(this.options.region, { logGroupArn: this.options.logGroupArn ?? '', filterPattern: this.options.filterPattern }, { signal })) {
      this.emit(batch);
      if (this.stopped || this.paused) return;
    }
  }

  private async run(): Promise<void> {
    const follow = this.options.follow ?? true;
    this.setMode('history');
    let groupExists: boolean;
    try {
      groupExists = await this.catchUp(true);
    } catch (e) {
      if (this.stopped && isAbort(e)) return;
      throw e;
    }
    if (!follow) return;
    while (!this.stopped) {
      if (this.paused) {
        this.setMode('paused');
        while (this.paused && !this.stopped) await this.idle(60_000);
        if (this.stopped) return;
        this.current = new AbortController();
        groupExists = await this.catchUp(false).catch((e: unknown) => this.rethrowUnlessAborted(e));
        continue;
      }
      try {
        if (!groupExists) {
          await this.idle(this.options.groupWaitMs ?? GROUP_WAIT_MS);
          if (this.stopped || this.paused) continue;
          groupExists = await this.catchUp(false);
          continue;
        }
        if (this.liveSupported) {
          try {
            await this.live();
            // The session ended (3-hour limit) or was paused: fill any gap before the next one.
            if (!this.stopped && !this.paused) groupExists = await this.catchUp(false);
            continue;
          } catch (e) {
            if (this.stopped || this.paused || isAbort(e)) continue;
            if (e instanceof WorkbenchError && e.kind === 'notFound') {
              groupExists = false;
              continue;
            }
            // Not supported here (a local endpoint, an older partition) or not permitted: poll instead.
            this.liveSupported = false;
            this.options.onNotice?.(`Live Tail is not available (${e instanceof WorkbenchError ? e.message : String(e)}); polling FilterLogEvents instead.`);
            groupExists = await this.catchUp(false);
            continue;
          }
        }
        this.setMode('polling');
        await this.idle(this.options.pollIntervalMs ?? 2000);
        if (this.stopped || this.paused) continue;
        groupExists = await this.catchUp(false);
      } catch (e) {
        this.rethrowUnlessAborted(e);
      }
    }
  }

  private rethrowUnlessAborted(e: unknown): boolean {
    if ((this.stopped || this.paused) && isAbort(e)) return true;
    throw e;
  }
}

/** Starts a tail; `done` settles when it stops (rejects with a WorkbenchError it cannot recover from). */
export function startLogTail(options: LogTailOptions): LogTail {
  return new LogTail(options);
}
