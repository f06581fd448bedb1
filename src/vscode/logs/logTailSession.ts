/**
 * One function's Tail Logs session, without `vscode`: starts core's LogTail, writes each event to
 * a level-aware sink (the function's LogOutputChannel) formatted by core, says what the tail is
 * doing (Live Tail, polling, waiting for the log group), and pauses while nothing shows it. The
 * glue (logTails.ts) gives it the channel and tells it when the channel is visible.
 */
import type { LogEvent, LogsService } from '../../core/logs/types';
import type { LogTail, LogTailOptions, TailStatus } from '../../core/logs/tail';
import type { FormattedLogMessage, FormatOptions } from '../../core/logs/format';
import type { LogTarget } from '../../core/logs/target';

/** The subset of vscode.LogOutputChannel a session writes to. */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
}

/** Core functions the session needs, from the lazily loaded engine. */
export interface TailEngine {
  startLogTail(options: LogTailOptions): LogTail;
  formatLogMessage(message: string, options?: FormatOptions): FormattedLogMessage;
}

export interface TailSessionOptions {
  target: LogTarget;
  service: LogsService;
  engine: TailEngine;
  sink: LogSink;
  startTime: number;
  filterPattern?: string;
  prettyJson: boolean;
  pollIntervalMs: number;
  /** Called once when the tail ends with an error it cannot recover from (access denied...). */
  onFailed?(error: unknown): void;
  onStopped?(): void;
}

/** How many recent lines a session remembers (the integration tests and the status read them). */
const RECENT_LINES = 500;

export class TailSession {
  private readonly tail: LogTail;
  readonly recent: string[] = [];
  mode: TailStatus['mode'] = 'history';
  private seenVisible = false;

  constructor(private readonly options: TailSessionOptions) {
    const { target, filterPattern, startTime } = options;
    this.write('info', `Tailing ${target.logGroupName} (${target.region}) from ${new Date(startTime).toISOString()}${filterPattern ? `, filter ${JSON.stringify(filterPattern)}` : ''}.`);
    if (target.note) this.write('warn', target.note);
    this.tail = options.engine.startLogTail({
      service: options.service,
      region: target.region,
      logGroupName: target.logGroupName,
      logGroupArn: target.logGroupArn,
      startTime,
      filterPattern,
      pollIntervalMs: options.pollIntervalMs,
      onEvents: (events) => this.show(events),
      onStatus: (s) => this.status(s),
      // Why it switched (Live Tail unavailable, throttling): for those who raise the channel's log level.
      onNotice: (n) => this.options.sink.trace(n),
    });
    this.tail.done.then(
      () => options.onStopped?.(),
      (e: unknown) => {
        this.write('error', `Tail Logs stopped: ${describe(e)}`);
        options.onFailed?.(e);
        options.onStopped?.();
      },
    );
  }

  get done(): Promise<void> {
    return this.tail.done.catch(() => undefined);
  }

  stop(): void {
    this.tail.stop();
  }

  /**
   * The channel was shown or hidden. Pausing waits until the channel has been seen once, so an
   * editor that never reports output views cannot silence a tail for good.
   */
  setVisible(visible: boolean): void {
    if (visible) {
      this.seenVisible = true;
      if (this.tail.isPaused) this.tail.resume();
    } else if (this.seenVisible) this.tail.pause();
  }

  private show(events: LogEvent[]): void {
    for (const e of events) {
      const f = this.options.engine.formatLogMessage(e.message, { prettyJson: this.options.prettyJson });
      this.write(f.level, f.text);
    }
  }

  private status(s: TailStatus): void {
    this.mode = s.mode;
    switch (s.mode) {
      case 'live':
        return this.write('info', 'Live Tail session started: new events appear as they arrive.');
      case 'polling':
        return this.write('info', `Polling for new events every ${Math.round(this.options.pollIntervalMs / 100) / 10} s.`);
      case 'waitingForGroup':
        return this.write('warn', `${s.message ?? 'The log group does not exist yet.'} Waiting for it…`);
      case 'paused':
        return this.write('info', 'Paused while this output is hidden; events are caught up when it shows again.');
      case 'stopped':
        return this.write('info', 'Stopped tailing.');
    }
  }

  private write(level: FormattedLogMessage['level'], text: string): void {
    this.options.sink[level](text);
    this.recent.push(text);
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
  }
}

function describe(e: unknown): string {
  const d = (e as { describe?: () => string } | null)?.describe;
  return typeof d === 'function' ? d.call(e) : String((e as Error)?.message ?? e);
}
