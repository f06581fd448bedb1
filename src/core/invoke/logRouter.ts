/**
 * Routes an environment's output to the invocation in flight: splits worker output into lines
 * (a console record is exactly one line), tags platform lines, streams each to onLog as it comes,
 * and keeps what arrives between invocations for the next one. The function's output per
 * invocation is bounded (LOG_LIMIT_CHARS): past it lines are dropped and counted, the environment
 * is told to drop at the source, and one line says how many were dropped.
 */
import type { InvokeLogLine } from './types';

/** Partial lines per stream of one worker. */
export interface LineBuffers {
  1: string;
  2: string;
}

/** The function output one invocation keeps and streams (characters); the rest is dropped and counted. */
export const LOG_LIMIT_CHARS = 1024 * 1024;

export class LogRouter {
  private pending: InvokeLogLine[] = [];
  private sink: { logs: InvokeLogLine[]; onLog?: (l: InvokeLogLine) => void } | undefined;
  private used = 0;
  private dropped = 0;

  /** `dropping(true)`: the limit is reached, stop sending; `dropping(false)`: a new invocation may send again. */
  constructor(private readonly dropping: (on: boolean) => void = () => undefined) {}

  /** Starts collecting for an invocation; lines that arrived between invocations come first. */
  begin(onLog?: (l: InvokeLogLine) => void): InvokeLogLine[] {
    const logs: InvokeLogLine[] = [];
    this.sink = { logs, onLog };
    this.used = 0;
    this.dropped = 0;
    this.dropping(false);
    for (const l of this.pending.splice(0)) this.emit(l);
    return logs;
  }

  /**
   * Emits, as a platform line, how many records this invocation dropped (`more` counted by the
   * environment itself), if any.
   */
  reportDropped(more: number): void {
    const n = this.dropped + more;
    this.dropped = 0;
    if (n === 0) return;
    this.platform([`[lambda-workbench] ${n} log record(s) dropped: this invocation wrote more than the local limit of ${LOG_LIMIT_CHARS / 1048576} MB of log output.`]);
  }

  end(): void {
    this.sink = undefined;
  }

  output(buffers: LineBuffers, fd: 1 | 2, text: string, level?: string): void {
    if (level !== undefined && buffers[fd] === '' && text.endsWith('\n')) {
      this.emit({ source: 'function', stream: fd === 1 ? 'stdout' : 'stderr', level, text: text.slice(0, -1), time: Date.now() });
      return;
    }
    const parts = (buffers[fd] + text).split('\n');
    buffers[fd] = parts.pop() ?? '';
    this.lines(fd, parts);
  }

  /** Emits what is left of unfinished lines. */
  flush(buffers: LineBuffers): void {
    for (const fd of [1, 2] as const) {
      if (buffers[fd] !== '') this.lines(fd, [buffers[fd]]);
      buffers[fd] = '';
    }
  }

  lines(fd: 1 | 2, texts: string[]): void {
    for (const text of texts) this.emit({ source: 'function', stream: fd === 1 ? 'stdout' : 'stderr', text, time: Date.now() });
  }

  platform(texts: string[]): void {
    for (const text of texts) this.emit({ source: 'platform', stream: 'stdout', text, time: Date.now() });
  }

  private emit(line: InvokeLogLine): void {
    if (line.source === 'function') {
      if (this.used >= LOG_LIMIT_CHARS) {
        this.dropped++;
        return;
      }
      this.used += line.text.length + 1;
      if (this.used >= LOG_LIMIT_CHARS) this.dropping(true);
    }
    if (!this.sink) {
      // Between invocations (a timer firing before the freeze): shown with the next invocation.
      this.pending.push(line);
      return;
    }
    this.sink.logs.push(line);
    try {
      this.sink.onLog?.(line);
    } catch {
      // A failing log listener must not break the invocation.
    }
  }
}
