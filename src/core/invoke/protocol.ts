import type { MessagePort } from 'node:worker_threads';

/**
 * Messages between the host (Environment) and the execution environment worker. Type-only
 * imports: the worker bundle must stay small.
 */

/** nodejs20.x / nodejs22.x behave like aws-lambda-ric 3.x, nodejs24.x like 4.x. */
export type RuntimeProfile = 'ric3' | 'ric4';

export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** What the worker gets as workerData: the wire only. It then waits, booted, for its InitMessage. */
export interface WorkerData {
  /** Int32 cell the host bumps (Atomics.notify) after queueing a message on invokePort. */
  wake: SharedArrayBuffer;
  invokePort: MessagePort;
}

/** The first message on invokePort: which function this environment runs. */
export interface InitMessage {
  handler: string;
  taskRoot: string;
  profile: RuntimeProfile;
  /** The environment's variables, the whole of process.env. */
  env: Record<string, string>;
  /** Absolute path of esbuild's main module; only used when a TypeScript handler is seen. */
  esbuildPath?: string;
}

/** The Runtime API's "next invocation" as the worker receives it. */
export interface InvokeMessage {
  requestId: string;
  /** The event, as JSON text (validated by the host). */
  eventJson: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  /** JSON text, like the lambda-runtime-client-context header. */
  clientContext?: string;
  /** JSON text, like the lambda-runtime-cognito-identity header. */
  identity?: string;
  tenantId?: string;
  /** Send a streaming handler's bytes to the host as they are written ('chunk' messages) instead of collecting them. */
  liveStream?: boolean;
}

export type WorkerMessage =
  /** Bytes the function wrote to stdout (1) or stderr (2); console records carry their level. */
  | { type: 'out'; fd: 1 | 2; text: string; level?: string }
  | { type: 'initDone' }
  /** The runtime asked for the next invocation: the environment is frozen until one arrives. */
  | { type: 'idle' }
  | { type: 'initError'; body: ErrorBody }
  /** A streaming handler's response carries the stream's content type (and, when streamed live, an empty payload). */
  | { type: 'response'; requestId: string; payload: string; memoryBytes: number; streamContentType?: string }
  /** Bytes a streaming handler wrote, sent as written when the invocation asked for liveStream. */
  | { type: 'chunk'; requestId: string; data: Uint8Array; contentType: string }
  | { type: 'error'; requestId: string; body: ErrorBody; memoryBytes: number };
