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
  /** Int32 cells indexed by WAKE: the host raises `pending` after queueing a message on invokePort (wakeRuntime). */
  wake: SharedArrayBuffer;
  invokePort: MessagePort;
  /** Int32 cells shared with the host, indexed by CONTROL. */
  control: SharedArrayBuffer;
  /** Int32 cells indexed by SPIN, shared by every runtime of the process (channel.ts). */
  spin?: SharedArrayBuffer;
}

/**
 * The cells of WorkerData.control. Output: characters posted and not yet taken by the host (the
 * worker waits above a bound: backpressure), a flag the host raises when an invocation's log limit
 * is reached (the worker then drops records at the source) and the count it dropped. `spawned` is
 * set before the function starts its first child process. `peakMemoryMb` is the most memory (MB)
 * the worker has measured itself using, readable by the host even when the worker never answers.
 */
export const CONTROL = { outInFlight: 0, outDropping: 1, outDropped: 2, spawned: 3, peakMemoryMb: 4, cells: 5 } as const;

/**
 * The cells of WorkerData.wake. `pending`: a message is queued on invokePort (the runtime clears it
 * before it looks). `sleeping`: the runtime is blocked in Atomics.wait rather than spinning, so only
 * then does the host pay for a futex wake (a system call that also makes the scheduler run the thread).
 * `idle`: the runtime has asked for the next event (the host clears it when it sends one). `wantIdle`:
 * the host is waiting for that, so the runtime also posts an 'idle' message to wake it; otherwise
 * the host reads `idle` when it needs to know, and a served request costs no extra message and
 * no extra wake-up of the host's event loop (see announceIdle / askForIdle). `counted`: this
 * runtime's invocation is counted in SPIN.running.
 */
export const WAKE = { pending: 0, sleeping: 1, idle: 2, wantIdle: 3, counted: 4, cells: 5 } as const;

/**
 * The cells of WorkerData.spin, one set per process. `token`: held by the one idle runtime that is
 * spinning. `running`: invocations in flight in the process's runtimes (the host counts an
 * invoke when it sends it and marks that runtime's WAKE.counted; whoever clears `counted` first,
 * the runtime when it says it is idle or the host when it exits, takes it off). An idle runtime
 * spins only while no other runtime's invocation is counted: then nothing else of ours wants a core, and the next request
 * is what it waits for; with invocations in flight elsewhere, its spin would take their core.
 */
export const SPIN = { token: 0, running: 1, cells: 2 } as const;

/** The host has sent an invoke to the runtime behind `wake`: one more invocation is running. */
export function countRunning(wake: Int32Array, spin: Int32Array): void {
  if (Atomics.exchange(wake, WAKE.counted, 1) === 0) Atomics.add(spin, SPIN.running, 1);
}

/** The runtime behind `wake` is idle again, or gone: it no longer counts as running. */
export function uncountRunning(wake: Int32Array, spin: Int32Array): void {
  if (Atomics.exchange(wake, WAKE.counted, 0) === 1) Atomics.sub(spin, SPIN.running, 1);
}

/**
 * The host's half of the wake-up, after it has queued a message on invokePort. Both sides use
 * sequentially consistent stores then loads (host: pending, then sleeping; runtime: sleeping, then
 * pending inside Atomics.wait), so at least one of them sees the other's store: a runtime about to
 * block either finds `pending` set and does not block, or is seen sleeping and notified.
 */
export function wakeRuntime(wake: Int32Array): void {
  Atomics.store(wake, WAKE.pending, 1);
  if (Atomics.load(wake, WAKE.sleeping) !== 0) Atomics.notify(wake, WAKE.pending, 1);
}

/**
 * The runtime's half of "I am idle": it marks the cell, then posts the 'idle' message only when the
 * host waits for one. Both sides store, then load (sequentially consistent), so at least one sees
 * the other: the host either finds `idle` set or is sent the message.
 */
export function announceIdle(wake: Int32Array, post: () => void): void {
  Atomics.store(wake, WAKE.idle, 1);
  if (Atomics.load(wake, WAKE.wantIdle) !== 0) post();
}

/** The host's half: asks for the 'idle' message and says whether the runtime is idle already. */
export function askForIdle(wake: Int32Array): boolean {
  Atomics.store(wake, WAKE.wantIdle, 1);
  return Atomics.load(wake, WAKE.idle) !== 0;
}

/** Before the host sends an invoke to an idle runtime: not idle any more, and no message wanted. */
export function clearIdle(wake: Int32Array): void {
  Atomics.store(wake, WAKE.idle, 0);
  Atomics.store(wake, WAKE.wantIdle, 0);
}

/** Characters of output in flight between worker and host before the worker waits for the host. */
export const OUTPUT_IN_FLIGHT_LIMIT = 1 << 20;

/** The variable every child process of an environment carries, so all of them can be found and ended. */
export const SANDBOX_MARKER = '_LAMBDA_WORKBENCH_SANDBOX';

/** The first message on invokePort: which function this environment runs. */
export interface InitMessage {
  handler: string;
  taskRoot: string;
  profile: RuntimeProfile;
  /** The environment's variables, the whole of process.env. */
  env: Record<string, string>;
  /** Absolute path of esbuild's main module; only used when a TypeScript handler is seen. */
  esbuildPath?: string;
  /** The function's memory in bytes: heap plus Buffer/ArrayBuffer memory beyond it is out of memory. */
  memoryLimitBytes: number;
  /** This environment's id: the value of SANDBOX_MARKER in its child processes. */
  sandboxId: string;
  /** False: TypeScript files are not loaded (as on Lambda). Default true. */
  typescript?: boolean;
  /** Open the V8 inspector before the handler loads (Debug Locally, `invoke --inspect`). */
  inspect?: InspectOptions;
  /** The local folder standing for /opt (the function's layers): `require('/opt/…')` is mapped there. */
  optDir?: string;
  /**
   * With the inspector on (process mode): the cells where the process's main thread keeps the time
   * a debugger has held this runtime paused (worker/debugClock), so the deadline stands still then.
   */
  pauseClock?: SharedArrayBuffer;
}

export interface InspectOptions {
  /** Loopback port; 0 picks a free one. */
  port: number;
  /** Block until a debugger attaches (`--inspect-brk`, Debug Locally). */
  wait: boolean;
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
  /**
   * A streaming handler's response carries the stream's content type (and, when streamed live, an
   * empty payload). `tooLargeBytes`: the serialised response was over the service's limit and was not sent.
   */
  | { type: 'response'; requestId: string; payload: string; memoryBytes: number; streamContentType?: string; tooLargeBytes?: number }
  /** Bytes a streaming handler wrote, sent as written when the invocation asked for liveStream. */
  | { type: 'chunk'; requestId: string; data: Uint8Array; contentType: string }
  /** The function went past its memory (heap plus Buffers/ArrayBuffers); the worker has stopped itself. */
  | { type: 'oom'; memoryBytes: number }
  /** A child process started (its pid, for platforms without /proc). */
  | { type: 'child'; pid: number }
  /** The inspector is listening (its ws:// URL). */
  | { type: 'inspector'; url: string }
  /** With `wait`: a debugger attached at `at` (epoch ms) and the runtime goes on loading the handler. */
  | { type: 'attached'; at: number }
  | { type: 'error'; requestId: string; body: ErrorBody; memoryBytes: number };
