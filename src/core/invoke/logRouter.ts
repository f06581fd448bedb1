/**
 * Routes an environment's output to the invocation in flight: splits worker output into lines
 * (a console record is exactly one line), tags platform lines, streams each to onLog as it comes,
 * and keeps what arrives between invocations for the next one.
 */
import type { InvokeLogLine } from './types';

/** Partial lines per stream of one worker. */
export interface LineBuffers {
  1: string;
  2: string;
}

export class LogRouter {
  private pending: InvokeLogLine[] = [];
  private sink: { logs: InvokeLogLine[]; onLog?: (l: InvokeLogLine) => void } | undefined;

  /** Starts collecting for an invocation; lines that arrived between invocations come first. */
  begin(onLog?: (l: InvokeLogLine) => void): InvokeLogLine[] {
    const logs: InvokeLogLine[] = [];
    this.sink = { logs, onLog };
    for (const l of this.pending.splice(0)) this.emit(l);
    return logs;
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
