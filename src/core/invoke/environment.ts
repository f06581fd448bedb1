/**
 * One execution environment on the host side: a worker thread running the runtime (invokeWorker),
 * its init, and one invocation at a time, with the service's part played here: the timeout, the
 * memory cap (worker resourceLimits), START/END/REPORT, and discarding the environment after a
 * crash so the next invocation starts cold.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { WorkbenchError } from '../errors';
import { mapHandlerPath } from './handlerPath';
import { resolveConfig, type LocalFunctionConfig, type ResolvedConfig } from './config';
import { buildEnvironment, logStreamName, traceHeader } from './envVars';
import { parseEventJson, stripBom } from './eventJson';
import { billedDuration, PlatformLog, type InvokeStatus } from './platformLog';
import { CONTROL, type ErrorBody, type InitMessage, type InvokeMessage, type WorkerMessage } from './protocol';
import { LogRouter, type LineBuffers } from './logRouter';
import { killSandboxProcesses } from './sandboxProcesses';
import { chooseNode, type NodeChoice } from './nodeBinary';
import { startProcess } from './processEnvironment';
import { defaultWorkerPath, takeWorker } from './workerPool';
import { exitError, exitReason, OUT_OF_MEMORY_REASON, outOfMemoryError, responseTooLargeError, timeoutError, type ServiceError } from './serviceErrors';
import type { InvokeErrorBody, LocalInvokeOptions, LocalInvokeResult, InvokeLogLine } from './types';

/** The Init phase may take 10 s; past that Lambda retries it inside the invocation (a suppressed init). */
export const INIT_LIMIT_MS = 10_000;
/** "No limit" for a debugging session: a day (timers cannot wait much longer than 24 days). */
const NO_LIMIT_MS = 24 * 3600_000;
const MiB = 1024 * 1024;


type Outcome =
  /** The runtime asked for the next invocation (end of init, or of an invocation). */
  | { kind: 'next' }
  /** A successful response arrived (errors wait for 'next': the runtime may be about to exit). */
  | { kind: 'posted' }
  | { kind: 'initError'; body: ErrorBody }
  | { kind: 'exit'; code: number; oom: boolean }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** What an environment needs from its runtime's container: a worker thread, or a ProcessWorker. */
interface RuntimeContainer {
  on(event: 'message', listener: (m: WorkerMessage) => void): unknown;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  readonly stdout: Readable;
  readonly stderr: Readable;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** How an environment is isolated, and (process mode) which Node runs it. */
export interface ExecutionInfo {
  isolation: 'thread' | 'process';
  node?: NodeChoice;
}

interface Live {
  worker: RuntimeContainer;
  port: { postMessage(message: InitMessage | InvokeMessage): void; close(): void };
  wake: Int32Array;
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
  idle: boolean;
  posted?: { requestId: string; payload?: string; body?: InvokeErrorBody; streamContentType?: string };
  /** Where the current invocation's live response-stream chunks go. */
  onChunk?: (chunk: Uint8Array, contentType: string) => void;
  /** The current waiter: resolved by the next message, exit, timeout or abort. */
  notify?: (o: Outcome) => void;
  buffers: LineBuffers;
}

export class LocalEnvironment {
  readonly config: ResolvedConfig;
  private live: Live | undefined;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log = new LogRouter((dropping) => {
    // The invocation's log limit is reached (or a new invocation starts): the worker drops (or posts) at the source.
    if (!dropping) this.droppedAtSource = 0;
    if (!this.live) return;
    Atomics.store(this.live.control, CONTROL.outDropping, dropping ? 1 : 0);
    if (!dropping) Atomics.store(this.live.control, CONTROL.outDropped, 0);
  });
  /** Records the worker dropped at the source this invocation, from workers already ended. */
  private droppedAtSource = 0;
  private maxMemoryBytes = 0;
  private readonly platform: PlatformLog;
  /** The current invocation's response-stream content type, when a streaming handler answered. */
  private streamContentType: string | undefined;

  /** The inspector's ws:// URL once the runtime has opened it (config.inspect). */
  inspectorUrl: string | undefined;
  /** Called when the inspector listens (the CLI prints the URL; Debug Locally attaches). */
  onInspector: ((url: string) => void) | undefined;

  /** Process mode's Node, chosen once per environment. */
  private node: NodeChoice | undefined;

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.platform = new PlatformLog(config);
    if (config.isolation === 'process') this.node = chooseNode(config.runtime);
  }

  /** Thread or process isolation, and which Node runs a process-isolated environment. */
  get execution(): ExecutionInfo {
    return this.node ? { isolation: 'process', node: this.node } : { isolation: 'thread' };
  }

  /** 'cold' until the first invocation (or after a reset), 'warm' while a worker is up. */
  get state(): 'cold' | 'warm' | 'disposed' {
    return this.disposed ? 'disposed' : this.live && !this.live.dead ? 'warm' : 'cold';
  }

  /** Invokes with a JavaScript value as the event (serialised as JSON, like the SDK does). */
  invoke(event: unknown, options: LocalInvokeOptions = {}): Promise<LocalInvokeResult> {
    let json: string;
    try {
      json = JSON.stringify(event === undefined ? {} : event);
    } catch (e) {
      return Promise.reject(new WorkbenchError('validation', `The event cannot be serialised as JSON: ${(e as Error).message}.`));
    }
    return this.enqueue(json, options);
  }

  /** Invokes with the event as JSON text; invalid JSON is rejected (line and column) before anything runs. */
  invokeJson(eventJson: string, options: LocalInvokeOptions = {}): Promise<LocalInvokeResult> {
    if (this.disposed) return Promise.reject(new WorkbenchError('usage', 'This local environment has been disposed.', { hint: 'Create a new one.' }));
    const clean = stripBom(eventJson);
    const text = clean.trim() === '' ? '{}' : clean;
    try {
      parseEventJson(text);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.enqueue(text, options);
  }

  private enqueue(text: string, options: LocalInvokeOptions): Promise<LocalInvokeResult> {
    if (this.disposed) return Promise.reject(new WorkbenchError('usage', 'This local environment has been disposed.', { hint: 'Create a new one.' }));
    // One invocation at a time per environment, as on Lambda.
    const run = this.queue.then(() => this.run(text, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Terminates the worker. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.kill();
  }

  // ---- worker lifecycle ----

  private spawn(): Live {
    const cfg = this.config;
    // A fresh variable set for every environment: a handler's changes die with its environment.
    const env = buildEnvironment(cfg, logStreamName());
    const { worker, port, wake, control } = this.node
      ? startProcess({ node: this.node, memorySize: cfg.memorySize, workerPath: cfg.workerPath ?? defaultWorkerPath(), env })
      : takeWorker(cfg.memorySize, cfg.workerPath);
    const sandboxId = randomBytes(12).toString('hex');
    const live: Live = { worker, port, wake, control, sandboxId, children: new Set(), dead: false, exitCode: 0, oom: false, idle: false, buffers: { 1: '', 2: '' } };
    worker.on('message', (m: WorkerMessage) => this.onMessage(live, m));
    worker.stdout.on('data', (d: Buffer) => this.log.output(live.buffers, 1, d.toString('utf8')));
    worker.stderr.on('data', (d: Buffer) => this.log.output(live.buffers, 2, d.toString('utf8')));
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') live.oom = true;
      else this.log.lines(2, [`${err.name}: ${err.message}`]);
    });
    worker.on('exit', (code) => {
      live.dead = true;
      live.exitCode = code;
      this.log.flush(live.buffers);
      live.notify?.({ kind: 'exit', code, oom: live.oom });
    });
    this.live = live;
    // _HANDLER keeps the configured string; the runtime loads the locally mapped one (/var/task → the folder).
    const init: InitMessage = {
      handler: mapHandlerPath(cfg.handler, { codeDir: cfg.codeDir }),
      taskRoot: cfg.codeDir,
      profile: cfg.profile,
      env,
      memoryLimitBytes: cfg.memorySize * MiB,
      sandboxId,
      typescript: cfg.typescript,
      inspect: cfg.inspect,
    };
    this.send(live, init);
    return live;
  }

  private send(live: Live, message: InitMessage | InvokeMessage): void {
    live.port.postMessage(message);
    Atomics.store(live.wake, 0, 1);
    Atomics.notify(live.wake, 0, 1);
  }

  private async kill(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    // Disposed mid-invocation: the waiting invocation ends as cancelled instead of waiting forever.
    const waiting = live.notify;
    live.notify = undefined;
    waiting?.({ kind: 'aborted' });
    live.killed = true;
    live.port.close();
    this.droppedAtSource += Atomics.exchange(live.control, CONTROL.outDropped, 0);
    this.notePeakMemory(live);
    // Before terminating: a worker blocked in spawnSync is only released when its child ends.
    if (Atomics.load(live.control, CONTROL.spawned) !== 0 || live.children.size > 0) killSandboxProcesses(live.sandboxId, live.children);
    // Referenced until it is gone, so a host with nothing else to do still sees the exit.
    live.worker.ref();
    if (!live.dead) await live.worker.terminate();
    // Children started in the moment before the worker stopped.
    if (Atomics.load(live.control, CONTROL.spawned) !== 0 || live.children.size > 0) killSandboxProcesses(live.sandboxId, live.children);
  }

  private onMessage(live: Live, m: WorkerMessage): void {
    if (m.type === 'out') {
      // Taken: the worker may post more (backpressure, see postOutput).
      Atomics.sub(live.control, CONTROL.outInFlight, m.text.length);
      Atomics.notify(live.control, CONTROL.outInFlight);
    }
    if (m.type === 'child') {
      live.children.add(m.pid);
      return;
    }
    if (m.type === 'inspector') {
      this.inspectorUrl = m.url;
      this.onInspector?.(m.url);
      return;
    }
    if (live.killed && m.type !== 'out') return;
    switch (m.type) {
      case 'out':
        this.log.output(live.buffers, m.fd, m.text, m.level);
        return;
      case 'oom':
        // Past the memory limit (heap plus Buffers/ArrayBuffers): the worker has stopped itself; end it like Lambda's kill.
        live.oom = true;
        void live.worker.terminate();
        return;
      case 'idle':
        live.idle = true;
        live.worker.unref();
        live.notify?.({ kind: 'next' });
        return;
      case 'initDone':
        return;
      case 'chunk':
        if (live.current === m.requestId && !live.posted) live.onChunk?.(m.data, m.contentType);
        return;
      case 'initError':
        live.notify?.({ kind: 'initError', body: m.body });
        return;
      case 'response':
      case 'error':
        this.maxMemoryBytes = Math.max(this.maxMemoryBytes, m.memoryBytes);
        // The Runtime API accepts one result per invocation; later posts are ignored.
        if (!live.posted && live.current === m.requestId) {
          if (m.type === 'error') live.posted = { requestId: m.requestId, body: m.body };
          // Over the service's response limit: Invoke returns Function.ResponseSizeTooLarge instead (the environment stays).
          else if (m.tooLargeBytes !== undefined) live.posted = { requestId: m.requestId, body: responseTooLargeError(m.tooLargeBytes) };
          else live.posted = { requestId: m.requestId, payload: m.payload, streamContentType: m.streamContentType };
          if (m.type === 'response') live.notify?.({ kind: 'posted' });
        }
        return;
    }
  }

  // ---- invocation ----

  /** Waits for the next outcome of `live`, bounded by `deadline` (epoch ms) and the abort signal. */
  private wait(live: Live, deadline: number, signal: AbortSignal | undefined, accept: (o: Outcome) => boolean): Promise<Outcome> {
    return new Promise((resolve) => {
      const timers: { t?: NodeJS.Timeout } = {};
      const finish = (o: Outcome): void => {
        if (!accept(o)) return;
        live.notify = undefined;
        if (timers.t) clearTimeout(timers.t);
        signal?.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const onAbort = (): void => finish({ kind: 'aborted' });
      live.notify = finish;
      if (live.dead) return finish({ kind: 'exit', code: live.exitCode, oom: live.oom });
      timers.t = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, deadline - Date.now()));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async init(live: Live, deadline: number, signal: AbortSignal | undefined): Promise<Outcome> {
    return this.wait(live, deadline, signal, () => true);
  }

  private async run(eventJson: string, options: LocalInvokeOptions): Promise<LocalInvokeResult> {
    const cfg = this.config;
    const logs = this.log.begin(options.onLog);
    const requestId = options.requestId ?? randomUUID();
    try {
      if (options.signal?.aborted) throw new WorkbenchError('aborted', 'The invocation was cancelled.');
      let coldStart = false;
      let initDurationMs: number | undefined;
      let invokeStart: number | undefined;
      await this.settle(options.signal);
      if (!this.live || this.live.dead) {
        await this.kill();
        coldStart = true;
        this.maxMemoryBytes = 0;
        const t0 = performance.now();
        const live = this.spawn();
        // Waiting for a debugger to attach is not init time: no limit then.
        let outcome = await this.init(live, Date.now() + (cfg.inspect?.wait ? NO_LIMIT_MS : INIT_LIMIT_MS), options.signal);
        initDurationMs = performance.now() - t0;
        if (outcome.kind === 'timeout') {
          // Suppressed init: Lambda retries the init inside the invocation, bounded by the function timeout.
          this.log.platform(this.platform.initReport(initDurationMs, 'timeout'));
          await this.kill();
          this.log.platform(this.platform.start(requestId));
          invokeStart = performance.now();
          const retry = this.spawn();
          outcome = await this.init(retry, Date.now() + cfg.timeout * 1000, options.signal);
          initDurationMs = undefined;
          if (outcome.kind === 'timeout') return await this.finishFailure(requestId, invokeStart, logs, coldStart, undefined, 'timeout');
        }
        if (outcome.kind === 'aborted') throw new WorkbenchError('aborted', 'The invocation was cancelled.');
        if (outcome.kind === 'initError' && !this.live!.dead) {
          // The runtime exits after reporting an init error (4.x prints the error first): let it finish.
          await this.wait(this.live!, Date.now() + 1000, undefined, (o) => o.kind === 'exit' || o.kind === 'timeout');
        }
        if (outcome.kind === 'initError' || outcome.kind === 'exit') {
          const body: InvokeErrorBody = outcome.kind === 'initError' ? outcome.body : this.crashBody(requestId, outcome);
          const errorType = outcome.kind === 'initError' ? outcome.body.errorType : body.errorType;
          this.log.platform(this.platform.initReport(initDurationMs ?? 0, 'error', errorType));
          if (invokeStart === undefined) this.log.platform(this.platform.start(requestId));
          return await this.finishFailure(requestId, invokeStart ?? performance.now(), logs, coldStart, initDurationMs, 'error', body, errorType);
        }
      }
      const live = this.live!;
      if (invokeStart === undefined) {
        this.log.platform(this.platform.start(requestId));
        invokeStart = performance.now();
      }
      // Timeout 0 (only with the inspector): no deadline, for stepping through a handler.
      const deadline = Date.now() + (cfg.timeout === 0 ? NO_LIMIT_MS : cfg.timeout * 1000);
      const message: InvokeMessage = {
        requestId,
        eventJson,
        deadlineMs: deadline,
        invokedFunctionArn: `arn:aws:lambda:${cfg.region}:${cfg.accountId}:function:${cfg.functionName}`,
        traceId: traceHeader(),
        clientContext: options.clientContext === undefined ? undefined : JSON.stringify(options.clientContext),
        identity: options.identity === undefined ? undefined : JSON.stringify(options.identity),
        liveStream: options.onStreamChunk ? true : undefined,
      };
      live.onChunk = options.onStreamChunk;
      live.posted = undefined;
      live.current = requestId;
      live.idle = false;
      live.worker.ref();
      this.send(live, message);
      // Done when the runtime has posted a result and asked for the next invocation (or died).
      const outcome = await this.wait(live, deadline, options.signal, (o) => o.kind !== 'next' || !!live.posted);
      const durationMs = performance.now() - invokeStart;
      if (outcome.kind === 'aborted') throw new WorkbenchError('aborted', 'The invocation was cancelled.');
      // Set by onMessage while we waited (TypeScript cannot see that).
      const posted = live.posted as Live['posted'];
      if (posted?.streamContentType !== undefined) this.streamContentType = posted.streamContentType;
      if (outcome.kind === 'posted' && posted) {
        live.settleBy = deadline;
        return this.finish(requestId, durationMs, logs, coldStart, initDurationMs, posted.body ? 'error' : 'success', posted.payload, posted.body);
      }
      if (outcome.kind === 'next' && posted) {
        return this.finish(requestId, durationMs, logs, coldStart, initDurationMs, posted.body ? 'error' : 'success', posted.payload, posted.body);
      }
      if (outcome.kind === 'timeout') {
        if (posted) {
          // The result was sent but the runtime never asked for the next event: the caller has its answer, the environment is reset.
          await this.kill();
          return this.finish(requestId, durationMs, logs, coldStart, initDurationMs, posted.body ? 'error' : 'success', posted.payload, posted.body, true);
        }
        return await this.finishFailure(requestId, invokeStart, logs, coldStart, initDurationMs, 'timeout');
      }
      // The runtime exited: after posting an error (3.x crash handlers) that error stands.
      const exit = outcome as Extract<Outcome, { kind: 'exit' }>;
      const crash = this.crashBody(requestId, exit);
      this.log.platform(this.platform.runtimeExited(requestId, exit.oom ? OUT_OF_MEMORY_REASON : exitReason(exit.code), crash.errorType));
      if (exit.oom) this.maxMemoryBytes = cfg.memorySize * MiB;
      if (posted) return this.finish(requestId, durationMs, logs, coldStart, initDurationMs, posted.body ? 'error' : 'success', posted.payload, posted.body, true, crash.errorType);
      return await this.finishFailure(requestId, invokeStart, logs, coldStart, initDurationMs, 'error', crash, crash.errorType);
    } catch (e) {
      if (e instanceof WorkbenchError && e.kind === 'aborted') await this.kill();
      throw e;
    } finally {
      if (this.live && !this.live.dead) this.log.flush(this.live.buffers);
      this.log.end();
    }
  }

  /**
   * Waits until the runtime has asked for the next event after the previous response. If it dies
   * meanwhile, or never asks before the previous invocation's deadline, the environment is reset
   * and this invocation starts cold.
   */
  private async settle(signal: AbortSignal | undefined): Promise<void> {
    const live = this.live;
    if (!live || live.dead || live.idle) return;
    const outcome = await this.wait(live, live.settleBy ?? Date.now(), signal, (o) => o.kind !== 'posted');
    if (outcome.kind === 'aborted') throw new WorkbenchError('aborted', 'The invocation was cancelled.');
    if (outcome.kind === 'exit') {
      const reason = outcome.oom ? OUT_OF_MEMORY_REASON : exitReason(outcome.code);
      this.log.platform(this.platform.runtimeExited(live.current ?? '-', reason, this.crashBody(live.current ?? '-', outcome).errorType));
    }
    if (outcome.kind !== 'next') await this.kill();
  }

  /** The worker's own peak measurement, which it keeps current even while it never answers (a timeout). */
  private notePeakMemory(live: Live): void {
    this.maxMemoryBytes = Math.max(this.maxMemoryBytes, Atomics.load(live.control, CONTROL.peakMemoryMb) * MiB);
  }

  private crashBody(requestId: string, exit: { code: number; oom: boolean }): ServiceError {
    return exit.oom ? outOfMemoryError(requestId) : exitError(requestId, exit.code);
  }

  private async finishFailure(
    requestId: string,
    invokeStart: number,
    logs: InvokeLogLine[],
    coldStart: boolean,
    initDurationMs: number | undefined,
    status: Exclude<InvokeStatus, 'success'>,
    body?: InvokeErrorBody,
    errorType?: string,
  ): Promise<LocalInvokeResult> {
    // A timeout lasts the whole timeout, even when the host's timer fired a hair early.
    const elapsed = performance.now() - invokeStart;
    const durationMs = status === 'timeout' ? Math.max(elapsed, this.config.timeout * 1000) : elapsed;
    const live = this.live;
    if (live && !live.dead) this.log.flush(live.buffers);
    await this.kill();
    if (status === 'timeout') {
      this.log.platform(this.platform.timedOut(requestId, this.config.timeout));
      body = timeoutError(requestId, this.config.timeout);
    }
    return this.finish(requestId, durationMs, logs, coldStart, initDurationMs, 'error', undefined, body, true, errorType, status);
  }

  private finish(
    requestId: string,
    durationMs: number,
    logs: InvokeLogLine[],
    coldStart: boolean,
    initDurationMs: number | undefined,
    status: InvokeStatus,
    payload: string | undefined,
    body: InvokeErrorBody | undefined,
    reset = false,
    errorType?: string,
    reportStatus: InvokeStatus = status,
  ): LocalInvokeResult {
    const cfg = this.config;
    if (reset && this.live) void this.kill();
    const billed = billedDuration(durationMs, cfg.timeout);
    if (this.live) this.notePeakMemory(this.live);
    const maxMemoryUsedMB = Math.min(cfg.memorySize, Math.max(1, Math.ceil(this.maxMemoryBytes / MiB)));
    this.log.reportDropped(this.droppedAtSource + (this.live ? Atomics.exchange(this.live.control, CONTROL.outDropped, 0) : 0));
    this.droppedAtSource = 0;
    this.log.platform(this.platform.end(requestId));
    this.log.platform(
      this.platform.report({ requestId, durationMs, billedDurationMs: billed, memorySizeMB: cfg.memorySize, maxMemoryUsedMB, initDurationMs, status: reportStatus, errorType }),
    );
    const result: LocalInvokeResult = {
      requestId,
      payload: body ? JSON.stringify(body) : (payload ?? 'null'),
      status: reportStatus,
      coldStart,
      durationMs,
      billedDurationMs: billed,
      memorySizeMB: cfg.memorySize,
      maxMemoryUsedMB,
      logs,
      environmentReset: reset,
    };
    if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
    if (this.streamContentType !== undefined && !body) result.streamContentType = this.streamContentType;
    this.streamContentType = undefined;
    if (body) {
      result.functionError = 'Unhandled';
      result.error = body;
    }
    return result;
  }
}

/**
 * Validates the configuration and returns a cold environment; the first invoke() starts the
 * worker and runs the init code (reported as Init Duration).
 */
export async function createEnvironment(config: LocalFunctionConfig): Promise<LocalEnvironment> {
  return new LocalEnvironment(resolveConfig(config));
}
