import type { FunctionConfiguration } from '@aws-sdk/client-lambda';

export interface InvokeRequest {
  region: string;
  /** The invoked version's configuration (State fields included). */
  configuration: FunctionConfiguration;
  /** The function's code, unzipped by the server into a temp dir (cached per CodeSha256; read-only by convention). */
  codeDir: string;
  /** The function's layers, unzipped in order into one folder by the server: what the function sees as /opt. */
  layersDir?: string;
  /** The event, as the JSON text the caller sent ("{}" when it sent nothing). */
  payload: string;
  logType: 'None' | 'Tail';
  /** Fires when the caller disconnects or the server closes. */
  signal?: AbortSignal;
  /** The function's reserved concurrency (PutFunctionConcurrency), when set: at most this many at once. */
  reservedConcurrency?: number;
  /**
   * Wait for a free environment instead of being throttled (asynchronous invocations, which the
   * service queues). Without it, an invocation beyond the caps is refused with a WorkbenchError of
   * kind 'throttled' whose details.reason is the service's TooManyRequestsException Reason.
   */
  queue?: boolean;
}

export interface InvokeResult {
  /** The response payload as JSON text (the error object when functionError is set). */
  payload: string;
  functionError?: 'Unhandled';
  /** The invocation's log; the server returns its last 4 KB base64-encoded when LogType is Tail. */
  logs: string;
  /** The same log as records (one per console call or platform line) with their times, for the Logs API. */
  records?: { text: string; time: number }[];
  /** Identifies the execution environment that ran it: each gets its own log stream. */
  environmentId?: string;
}

/**
 * What the local Lambda API server calls to run a function. The project's local runtime implements
 * it; the server works without one (Invoke then answers that local invoke is not wired in).
 */
export interface FunctionInvoker {
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  dispose?(): Promise<void>;
}
