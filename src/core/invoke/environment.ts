/**
 * One execution environment on the host side: a worker thread running the runtime (invokeWorker),
 * its init, and one invocation at a time, with the service's part played here: the timeout, the
 * memory cap (worker resourceLimits), START/END/REPORT, and discarding the environment after a
 * crash so the next invocation starts cold. The container itself (start, wake, wait, terminate) is
 * runtimeLink.ts; what each of its messages means is runtimeMessages.ts.
 */
import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../errors';
import { resolveConfig, type LocalFunctionConfig, type ResolvedConfig } from './config';
import { traceHeader } from './envVars';
import { parseEventJson, stripBom } from './eventJson';
import { runningStopwatch, type Stopwatch } from './pauseClock';
import { billedDuration, PlatformLog, type InvokeStatus } from './platformLog';
import { CONTROL, type InvokeMessage } from './protocol';
import { LogRouter } from './logRouter';
import { chooseNode, type NodeChoice } from './nodeBinary';
import { abandonRuntime, expectIdle, runtimeIdle, sendToRuntime, startRuntime, terminateRuntime, waitForOutcome, type Live, type Outcome, type RuntimeHooks } from './runtimeLink';
import { handleRuntimeMessage, type MessageHost } from './runtimeMessages';
import { exitError, exitReason, OUT_OF_MEMORY_REASON, outOfMemoryError, timeoutError, type ServiceError } from './serviceErrors';
import type { InvokeErrorBody, LocalInvokeOptions, LocalInvokeResult, InvokeLogLine } from './types';

/** The Init phase may take 10 s; past that Lambda retries it inside the invocation (a suppressed init). */
export const INIT_LIMIT_MS = 10_000;
/** "No limit" for a debugging session: a day (timers cannot wait much longer than 24 days). */
const NO_LIMIT_MS = 24 * 3600_000;
const MiB = 1024 * 1024;

/** How an environment is isolated, and (process mode) which Node runs it. */
export interface ExecutionInfo {
  isolation: 'thread' | 'process';
  node?: NodeChoice;
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
  /** The running invocation's stopwatch, which knows the time a debugger held it paused. */
  private watch: Stopwatch | undefined;

  /** The inspector's ws:// URL once the runtime has opened it (config.inspect). */
  inspectorUrl: string | undefined;
  /** Called when the inspector listens (the CLI prints the URL; Debug Locally attaches). */
  onInspector: ((url: string) => void) | undefined;
  /** When the inspector started listening (epoch ms), until a debugger attaches. */
  private inspectorAt: number | undefined;
  /** This init's wait for a debugger to attach: not part of Init Duration. */
  private attachWaitMs = 0;

  /** The runtime's messages: results and "next" wake the waiting invocation (runtimeMessages.ts). */
  private readonly messageHost: MessageHost = {
    log: this.log,
    inspector: (url) => {
      this.inspectorUrl = url;
      this.inspectorAt = Date.now();
      this.onInspector?.(url);
    },
    attached: (at) => {
      // Time spent waiting for the debugger, from the moment the inspector listened.
      if (this.inspectorAt !== undefined) this.attachWaitMs += Math.max(0, at - this.inspectorAt);
      this.inspectorAt = undefined;
    },
    memory: (bytes) => {
      this.maxMemoryBytes = Math.max(this.maxMemoryBytes, bytes);
    },
  };

  /** The runtime container's events (runtimeLink.ts). */
  private readonly runtimeHooks: RuntimeHooks = {
    message: (live, m) => handleRuntimeMessage(live, m, this.messageHost),
    output: (live, fd, text) => this.log.output(live.buffers, fd, text),
    errorLine: (line) => this.log.lines(2, [line]),
    exited: (live) => this.log.flush(live.buffers),
  };

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

  /**
   * Invokes with event JSON text its caller made itself with JSON.stringify (Serve Locally builds
   * every event that way): valid by construction, so it is not parsed a second time here.
   */
  invokeSerialized(eventJson: string, options: LocalInvokeOptions = {}): Promise<LocalInvokeResult> {
    return this.enqueue(eventJson, options);
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
    const { live, init } = startRuntime(this.config, this.node, this.runtimeHooks);
    this.live = live;
    sendToRuntime(live, init);
    return live;
  }

  private async kill(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    abandonRuntime(live);
    this.droppedAtSource += Atomics.exchange(live.control, CONTROL.outDropped, 0);
    this.notePeakMemory(live);
    await terminateRuntime(live);
  }

  // ---- invocation ----

  /** Waits for the next outcome of `live`, bounded by `deadline` (epoch ms) and the abort signal. */
  private wait(live: Live, deadline: number, signal: AbortSignal | undefined, accept: (o: Outcome) => boolean): Promise<Outcome> {
    return waitForOutcome(live, deadline, signal, accept);
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
      let watch: Stopwatch | undefined;
      this.watch = undefined;
      await this.settle(options.signal);
      if (!this.live || this.live.dead) {
        await this.kill();
        coldStart = true;
        this.maxMemoryBytes = 0;
        const t0 = performance.now();
        this.attachWaitMs = 0;
        const live = this.spawn();
        const initWatch = runningStopwatch(live.worker.pauseClock, t0);
        // Waiting for a debugger to attach is not init time: no limit then.
        let outcome = await this.init(live, Date.now() + (cfg.inspect?.wait ? NO_LIMIT_MS : INIT_LIMIT_MS), options.signal);
        // Init Duration counts the runtime's work: not the wait for a debugger, nor breakpoint pauses in module code.
        initDurationMs = Math.max(0, initWatch.elapsed() - this.attachWaitMs);
        if (outcome.kind === 'timeout') {
          // Suppressed init: Lambda retries the init inside the invocation, bounded by the function timeout.
          this.log.platform(this.platform.initReport(initDurationMs, 'timeout'));
          await this.kill();
          this.log.platform(this.platform.start(requestId));
          const retryStart = performance.now();
          const retry = this.spawn();
          watch = this.watch = runningStopwatch(retry.worker.pauseClock, retryStart);
          outcome = await this.init(retry, Date.now() + cfg.timeout * 1000, options.signal);
          initDurationMs = undefined;
          if (outcome.kind === 'timeout') return await this.finishFailure(requestId, watch, logs, coldStart, undefined, 'timeout');
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
          if (watch === undefined) this.log.platform(this.platform.start(requestId));
          return await this.finishFailure(requestId, watch ?? runningStopwatch(undefined), logs, coldStart, initDurationMs, 'error', body, errorType);
        }
      }
      const live = this.live!;
      if (watch === undefined) {
        this.log.platform(this.platform.start(requestId));
        watch = this.watch = runningStopwatch(live.worker.pauseClock);
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
      live.worker.ref();
      sendToRuntime(live, message);
      // Done when the runtime has posted a result and asked for the next invocation (or died).
      const outcome = await this.wait(live, deadline, options.signal, (o) => o.kind !== 'next' || !!live.posted);
      // Duration counts running time: a debugger's pauses are left out, as the deadline leaves them out.
      const durationMs = watch.elapsed();
      if (outcome.kind === 'aborted') throw new WorkbenchError('aborted', 'The invocation was cancelled.');
      // Set by handleRuntimeMessage while we waited (TypeScript cannot see that).
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
        return await this.finishFailure(requestId, watch, logs, coldStart, initDurationMs, 'timeout');
      }
      // The runtime exited: after posting an error (3.x crash handlers) that error stands.
      const exit = outcome as Extract<Outcome, { kind: 'exit' }>;
      const crash = this.crashBody(requestId, exit);
      this.log.platform(this.platform.runtimeExited(requestId, exit.oom ? OUT_OF_MEMORY_REASON : exitReason(exit.code), crash.errorType));
      if (exit.oom) this.maxMemoryBytes = cfg.memorySize * MiB;
      if (posted) return this.finish(requestId, durationMs, logs, coldStart, initDurationMs, posted.body ? 'error' : 'success', posted.payload, posted.body, true, crash.errorType);
      return await this.finishFailure(requestId, watch, logs, coldStart, initDurationMs, 'error', crash, crash.errorType);
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
    if (!live || live.dead || runtimeIdle(live) || expectIdle(live)) return;
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
    watch: Stopwatch,
    logs: InvokeLogLine[],
    coldStart: boolean,
    initDurationMs: number | undefined,
    status: Exclude<InvokeStatus, 'success'>,
    body?: InvokeErrorBody,
    errorType?: string,
  ): Promise<LocalInvokeResult> {
    // A timeout lasts the whole timeout, even when the host's timer fired a hair early.
    const elapsed = watch.elapsed();
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
    const pausedMs = this.watch?.paused() ?? 0;
    if (pausedMs > 0) result.debuggerPausedMs = pausedMs;
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
