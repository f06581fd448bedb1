/**
 * The host's link to one running runtime container (a worker thread, or a ProcessWorker in process
 * isolation): starting it with a fresh variable set, waking it with a message, waiting for its
 * next outcome under a deadline, and terminating it together with the child processes it started.
 * LocalEnvironment (environment.ts) decides what each outcome means for the invocation.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { mapHandlerPath } from './handlerPath';
import type { ResolvedConfig } from './config';
import { buildEnvironment, logStreamName } from './envVars';
import type { LineBuffers } from './logRouter';
import type { NodeChoice } from './nodeBinary';
import { deadlineTimer, type PauseClock } from './pauseClock';
import { startProcess } from './processEnvironment';
import { askForIdle, clearIdle, CONTROL, countRunning, uncountRunning, WAKE, wakeRuntime, type ErrorBody, type InitMessage, type InvokeMessage, type WorkerMessage } from './protocol';
import { killSandboxProcesses } from './sandboxProcesses';
import type { InvokeErrorBody } from './types';
import { defaultWorkerPath, spinCells, takeWorker } from './workerPool';

const MiB = 1024 * 1024;

export type Outcome =
  /** The runtime asked for the next invocation (end of init, or of an invocation). */
  | { kind: 'next' }
  /** A successful response arrived (errors wait for 'next': the runtime may be about to exit). */
  | { kind: 'posted' }
  | { kind: 'initError'; body: ErrorBody }
  | { kind: 'exit'; code: number; oom: boolean }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** What an environment needs from its runtime's container: a worker thread, or a ProcessWorker. */
export interface RuntimeContainer {
  on(event: 'message', listener: (m: WorkerMessage) => void): unknown;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  readonly stdout: Readable;
  readonly stderr: Readable;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
  /** Debugger pauses, when the inspector is on (process mode). */
  readonly pauseClock?: PauseClock;
}

export interface Live {
  worker: RuntimeContainer;
  port: { postMessage(message: InitMessage | InvokeMessage): void; close(): void };
  wake: Int32Array;
  /**
   * Thread mode: `wake` is shared with the runtime, whose `idle` cell the host reads (runtimeIdle).
   * Process mode: the relay posts every 'idle', which sets `idle` here.
   */
  sharedWake: boolean;
  /** Cells shared with the worker (CONTROL): output backpressure and dropping, child processes. */
  control: Int32Array;
  /** Marks this environment's child processes (SANDBOX_MARKER). */
  sandboxId: string;
  /** Child pids the worker reported (for platforms without /proc). */
  children: Set<number>;
  dead: boolean;
  /** kill() was called: terminating. */
  killed?: boolean;
  exitCode: number;
  oom: boolean;
  /** The invocation in flight. */
  current?: string;
  /**
   * After a response the caller has its answer at once, while the runtime takes its turn of the
   * event loop before asking for the next event; the next invocation waits for that, up to here.
   */
  settleBy?: number;
  /** Process mode: the runtime said it is idle (thread mode reads the shared cell: runtimeIdle). */
  idle: boolean;
  posted?: { requestId: string; payload?: string; body?: InvokeErrorBody; streamContentType?: string };
  /** Where the current invocation's live response-stream chunks go. */
  onChunk?: (chunk: Uint8Array, contentType: string) => void;
  /** The current waiter: resolved by the next message, exit, timeout or abort. */
  notify?: (o: Outcome) => void;
  buffers: LineBuffers;
}

/** What the environment does with its runtime's events. */
export interface RuntimeHooks {
  message(live: Live, m: WorkerMessage): void;
  output(live: Live, fd: 1 | 2, text: string): void;
  /** A worker error other than running out of memory, as one stderr line. */
  errorLine(line: string): void;
  /** The runtime has exited (before the waiter hears of it). */
  exited(live: Live): void;
}

/**
 * Starts a runtime container (process mode when `node` is given, else a pooled worker thread) and
 * returns it with the InitMessage it is to receive first.
 */
export function startRuntime(cfg: ResolvedConfig, node: NodeChoice | undefined, hooks: RuntimeHooks): { live: Live; init: InitMessage } {
  // A fresh variable set for every environment: a handler's changes die with its environment.
  const env = buildEnvironment(cfg, logStreamName());
  const { worker, port, wake, control } = node
    ? startProcess({ node, memorySize: cfg.memorySize, workerPath: cfg.workerPath ?? defaultWorkerPath(), env })
    : takeWorker(cfg.memorySize, cfg.workerPath);
  const sandboxId = randomBytes(12).toString('hex');
  const live: Live = { worker, port, wake, sharedWake: !node, control, sandboxId, children: new Set(), dead: false, exitCode: 0, oom: false, idle: false, buffers: { 1: '', 2: '' } };
  worker.on('message', (m: WorkerMessage) => hooks.message(live, m));
  worker.stdout.on('data', (d: Buffer) => hooks.output(live, 1, d.toString('utf8')));
  worker.stderr.on('data', (d: Buffer) => hooks.output(live, 2, d.toString('utf8')));
  worker.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') live.oom = true;
    else hooks.errorLine(`${err.name}: ${err.message}`);
  });
  worker.on('exit', (code) => {
    // Ended mid-invocation (a timeout, a crash): its invocation no longer counts as running.
    if (live.sharedWake) uncountRunning(live.wake, spinCells);
    live.dead = true;
    live.exitCode = code;
    hooks.exited(live);
    live.notify?.({ kind: 'exit', code, oom: live.oom });
  });
  // _HANDLER keeps the configured string; the runtime loads the locally mapped one (/var/task → the folder).
  const init: InitMessage = {
    handler: mapHandlerPath(cfg.handler, { codeDir: cfg.codeDir, layersDir: cfg.layersDir }),
    taskRoot: cfg.codeDir,
    profile: cfg.profile,
    env,
    memoryLimitBytes: cfg.memorySize * MiB,
    sandboxId,
    typescript: cfg.typescript,
    inspect: cfg.inspect,
    optDir: cfg.layersDir,
  };
  return { live, init };
}

/** Queues a message for the runtime and wakes it from its freeze (channel.ts waitForMessage). */
export function sendToRuntime(live: Live, message: InitMessage | InvokeMessage): void {
  if ('requestId' in message) {
    // An invoke goes to an idle runtime: from here it is busy until it asks for the next one.
    live.idle = false;
    clearIdle(live.wake);
  } else {
    // The init: the host waits for the runtime's first 'idle' (the end of the init).
    Atomics.store(live.wake, WAKE.wantIdle, 1);
  }
  live.port.postMessage(message);
  wakeRuntime(live.wake);
  // After the wake-up, so this runtime, if spinning, sees its invoke before it sees one running.
  if ('requestId' in message && live.sharedWake) countRunning(live.wake, spinCells);
}

/** Whether the runtime has asked for the next event since the host last sent it one. */
export function runtimeIdle(live: Live): boolean {
  return live.idle || (live.sharedWake && Atomics.load(live.wake, WAKE.idle) !== 0);
}

/**
 * The host is about to wait for the runtime's next 'idle': makes sure the runtime posts it, and
 * says whether the runtime is idle already (then no message may come: the caller goes on).
 */
export function expectIdle(live: Live): boolean {
  return (live.sharedWake && askForIdle(live.wake)) || runtimeIdle(live);
}

/** Waits for the next outcome of `live` that `accept` takes, bounded by `deadline` (epoch ms) and the abort signal. */
export function waitForOutcome(live: Live, deadline: number, signal: AbortSignal | undefined, accept: (o: Outcome) => boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const timers: { cancel?: () => void } = {};
    const finish = (o: Outcome): void => {
      if (!accept(o)) return;
      live.notify = undefined;
      timers.cancel?.();
      signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    live.notify = finish;
    if (live.dead) return finish({ kind: 'exit', code: live.exitCode, oom: live.oom });
    // Stands still while a debugger holds the environment paused (process mode with the inspector).
    timers.cancel = deadlineTimer(deadline, live.worker.pauseClock, () => finish({ kind: 'timeout' }));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Ends the waiter (as aborted) and marks the runtime killed: from here its messages are ignored
 * except output. The caller reads the control cells it still wants, then calls terminateRuntime.
 */
export function abandonRuntime(live: Live): void {
  // Disposed mid-invocation: the waiting invocation ends as cancelled instead of waiting forever.
  const waiting = live.notify;
  live.notify = undefined;
  waiting?.({ kind: 'aborted' });
  live.killed = true;
  live.port.close();
}

/** Terminates an abandoned runtime and every child process it started. */
export async function terminateRuntime(live: Live): Promise<void> {
  // Before terminating: a worker blocked in spawnSync is only released when its child ends.
  if (Atomics.load(live.control, CONTROL.spawned) !== 0 || live.children.size > 0) killSandboxProcesses(live.sandboxId, live.children);
  // Referenced until it is gone, so a host with nothing else to do still sees the exit.
  live.worker.ref();
  if (!live.dead) await live.worker.terminate();
  // Children started in the moment before the worker stopped.
  if (Atomics.load(live.control, CONTROL.spawned) !== 0 || live.children.size > 0) killSandboxProcesses(live.sandboxId, live.children);
}
