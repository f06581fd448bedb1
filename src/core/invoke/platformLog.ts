/**
 * The lines the Lambda service itself writes around an invocation: START, END, REPORT (Duration,
 * Billed Duration, Memory Size, Max Memory Used, Init Duration on a cold start, Status on a
 * failure), INIT_REPORT, the timeout notice and the runtime-exit lines; or the platform.* JSON
 * records when the function logs in JSON.
 */
import type { ResolvedConfig } from './config';

export type InvokeStatus = 'success' | 'error' | 'timeout';

export interface ReportData {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs?: number;
  status: InvokeStatus;
  /** Set when the runtime or the service failed the invocation (Runtime.ExitError...). */
  errorType?: string;
}

const SYSTEM_LEVELS = ['DEBUG', 'INFO', 'WARN'];

export class PlatformLog {
  constructor(private readonly cfg: ResolvedConfig) {}

  private get json(): boolean {
    return this.cfg.logFormat === 'JSON';
  }

  /** JSON platform records are INFO (start/report) or DEBUG; SystemLogLevel filters them. */
  private shown(level: 'DEBUG' | 'INFO'): boolean {
    const min = SYSTEM_LEVELS.indexOf(this.cfg.systemLogLevel ?? 'INFO');
    return SYSTEM_LEVELS.indexOf(level) >= (min < 0 ? 1 : min);
  }

  private record(type: string, record: Record<string, unknown>): string {
    return JSON.stringify({ time: new Date().toISOString(), type, record });
  }

  start(requestId: string): string[] {
    if (this.json) return this.shown('INFO') ? [this.record('platform.start', { requestId, version: '$LATEST' })] : [];
    return [`START RequestId: ${requestId} Version: $LATEST`];
  }

  end(requestId: string): string[] {
    return this.json ? [] : [`END RequestId: ${requestId}`];
  }

  report(r: ReportData): string[] {
    if (this.json) {
      if (!this.shown('INFO')) return [];
      const metrics: Record<string, number> = {
        durationMs: round2(r.durationMs),
        billedDurationMs: r.billedDurationMs,
        memorySizeMB: r.memorySizeMB,
        maxMemoryUsedMB: r.maxMemoryUsedMB,
      };
      if (r.initDurationMs !== undefined) metrics.initDurationMs = round2(r.initDurationMs);
      const record: Record<string, unknown> = { requestId: r.requestId, metrics, status: r.status };
      if (r.errorType) record.errorType = r.errorType;
      return [this.record('platform.report', record)];
    }
    let line = `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedDurationMs} ms\tMemory Size: ${r.memorySizeMB} MB\tMax Memory Used: ${r.maxMemoryUsedMB} MB\t`;
    if (r.initDurationMs !== undefined) line += `Init Duration: ${r.initDurationMs.toFixed(2)} ms\t`;
    if (r.status === 'timeout') line += 'Status: timeout\t';
    else if (r.errorType) line += `Status: error\tError Type: ${r.errorType}\t`;
    return [line];
  }

  initReport(durationMs: number, status: 'timeout' | 'error', errorType?: string): string[] {
    if (this.json) {
      const record: Record<string, unknown> = { initializationType: 'on-demand', phase: 'init', status, metrics: { durationMs: round2(durationMs) } };
      if (errorType) record.errorType = errorType;
      return [this.record('platform.initReport', record)];
    }
    return [`INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\tStatus: ${status}${errorType ? `\tError Type: ${errorType}` : ''}`];
  }

  timedOut(requestId: string, seconds: number): string[] {
    return this.json ? [] : [`${new Date().toISOString()} ${requestId} Task timed out after ${seconds.toFixed(2)} seconds`];
  }

  runtimeExited(requestId: string, reason: string, errorType: string): string[] {
    return this.json ? [] : [`RequestId: ${requestId} Error: ${reason}`, errorType];
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Lambda bills each invocation by the millisecond, rounded up, and never past the timeout. */
export function billedDuration(durationMs: number, timeoutSeconds: number): number {
  // Timeout 0 (a debugging session without a deadline) caps nothing.
  return timeoutSeconds > 0 ? Math.min(Math.ceil(durationMs), timeoutSeconds * 1000) : Math.ceil(durationMs);
}
