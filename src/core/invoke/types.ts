/** Public result and log types of local invoke. */
import type { InvokeStatus } from './platformLog';

export type { InvokeStatus };

export interface InvokeLogLine {
  /** 'function': what the code wrote (console records, raw stdout/stderr); 'platform': START, END, REPORT and the service's notices. */
  source: 'function' | 'platform';
  stream: 'stdout' | 'stderr';
  /** The console record's level (INFO, ERROR...) when the line is one. */
  level?: string;
  /** One line, without its newline (a console record keeps its newlines as \r). */
  text: string;
  /** Epoch milliseconds when the host received it. */
  time: number;
}

export interface LocalInvokeOptions {
  /** Called for every log line as it happens. */
  onLog?: (line: InvokeLogLine) => void;
  /** Aborting terminates the running invocation (and the environment). */
  signal?: AbortSignal;
  /** Mobile client context (ClientContext), passed to context.clientContext. */
  clientContext?: unknown;
  /** Cognito identity, passed to context.identity. */
  identity?: unknown;
  /** Defaults to a random UUID. */
  requestId?: string;
  /**
   * For handlers wrapped in awslambda.streamifyResponse: receives the bytes as the handler writes
   * them (the result's payload is then empty). Ignored by buffered handlers.
   */
  onStreamChunk?: (chunk: Uint8Array, contentType: string) => void;
}

export interface InvokeErrorBody {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface LocalInvokeResult {
  requestId: string;
  /** What Invoke returns: the function's result as JSON text, or the error body as JSON text. */
  payload: string;
  /** "Unhandled" when payload is an error (function error, init error, timeout, crash). */
  functionError?: 'Unhandled';
  /** The parsed error body when functionError is set. */
  error?: InvokeErrorBody;
  status: InvokeStatus;
  /** True when this invocation created the environment (and ran the init code). */
  coldStart: boolean;
  durationMs: number;
  billedDurationMs: number;
  /** Only on a cold start. */
  initDurationMs?: number;
  /**
   * Time a debugger held the handler paused (Debug Locally, `invoke --inspect`), when it did: left
   * out of durationMs and the deadline, said here so a front end can show it beside the result.
   */
  debuggerPausedMs?: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Every line of this invocation, in order, START to REPORT. */
  logs: InvokeLogLine[];
  /** The environment was discarded (timeout, crash, init error): the next invoke starts cold. */
  environmentReset: boolean;
  /** Set when a streaming handler answered: the response stream's content type. */
  streamContentType?: string;
}
