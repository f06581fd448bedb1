/**
 * The invocation loop of aws-lambda-ric 3.x (nodejs20.x, nodejs22.x), ported: callback handlers
 * with callbackWaitsForEmptyEventLoop (the response waits for 'beforeExit'), context.succeed /
 * fail / done, async handlers, and a sync handler that never calls back answering null once the
 * event loop drains.
 */
import type { InvokeMessage } from '../protocol';
import { buildContext } from './context';
import { UnhandledPromiseRejection } from './errors';
import type { LoadedHandler } from './loader';
import { logError, setInvokeIds } from './logPatch';
import { named } from './named';
import type { RapidClient } from './rapidClient';
import { createResponseStream } from './responseStream';

const LISTENER = Symbol.for('aws.lambda.beforeExit');
const NO_OP = (): void => undefined;
type G = Record<symbol, () => void>;
const beforeExit = {
  invoke: (): void => (globalThis as unknown as G)[LISTENER](),
  reset: (): void => {
    (globalThis as unknown as G)[LISTENER] = NO_OP;
  },
  set: (listener: () => void): void => {
    (globalThis as unknown as G)[LISTENER] = listener;
  },
};

interface ErrorCallbacks {
  uncaughtException(error: unknown): void;
  unhandledRejection(error: unknown): void;
}

type Callback = (err?: unknown, result?: unknown) => void;

/**
 * One invocation's callback, context.succeed/fail/done and callbackWaitsForEmptyEventLoop. Methods
 * rather than closures: the worker bundle keeps function names (keepNames), which costs a property
 * definition for every named closure made per invocation.
 */
class CallbackState {
  /** Only the first of callback/succeed/fail/done counts. */
  finished = false;
  completeInvoked = false;
  waitForEmptyEventLoop = true;

  constructor(
    private readonly client: RapidClient,
    private readonly id: string,
    private readonly scheduleNext: () => void,
  ) {}

  postError(err: unknown): void {
    logError('Invoke Error', err);
    this.client.postInvocationError(err, this.id, this.scheduleNext);
  }

  complete(result: unknown): void {
    if (this.completeInvoked) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    this.completeInvoked = true;
    this.client.postInvocationResponse(result, this.id, this.scheduleNext);
  }

  callback(err?: unknown, result?: unknown): void {
    beforeExit.reset();
    if (err !== undefined && err !== null) this.postError(err);
    else if (!this.waitForEmptyEventLoop) this.complete(result);
    else beforeExit.set(() => setImmediate(() => this.complete(result)));
  }

  done(err?: unknown, result?: unknown): void {
    beforeExit.reset();
    if (err !== undefined && err !== null) this.postError(err);
    else this.complete(result);
  }

  /** Anonymous, like the runtime's own wrappers (their names show in a logged context). */
  once(fn: (...args: unknown[]) => void): Callback {
    return (...args: unknown[]) => {
      if (!this.finished) {
        fn(...args);
        this.finished = true;
      }
    };
  }
}

function buildCallbackContext(client: RapidClient, id: string, scheduleNext: () => void): [Callback, Record<string, unknown>, () => void] {
  const state = new CallbackState(client, id, scheduleNext);
  const callbackContext = {
    get callbackWaitsForEmptyEventLoop(): boolean {
      return state.waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      state.waitForEmptyEventLoop = value;
    },
    succeed: state.once((result) => state.done(null, result)),
    fail: state.once((err) => (err === undefined || err === null ? state.done('handled') : state.done(err, null))),
    done: state.once((err, result) => state.done(err, result)),
  };
  return [state.once((err, result) => state.callback(err, result)), callbackContext, () => (state.completeInvoked = true)];
}

function isPromise(obj: unknown): obj is Promise<unknown> {
  return !!obj && typeof (obj as { then?: unknown }).then === 'function';
}

class Runtime {
  constructor(
    private readonly client: RapidClient,
    private readonly handler: LoadedHandler['handler'],
    private readonly loaded: LoadedHandler,
    private readonly errorCallbacks: ErrorCallbacks,
  ) {}

  scheduleIteration(): void {
    setImmediate(() => {
      const run = this.loaded.streaming ? this.handleOnceStreaming() : this.handleOnceNonStreaming();
      run.then(NO_OP, (err: unknown) => {
        console.log(`Unexpected Top Level Error: ${String(err)}`);
        this.errorCallbacks.uncaughtException(err);
      });
    });
  }

  /**
   * Thawed by the next invocation: like the real client awaiting its native `next()`, the handler
   * starts on a later turn of the event loop, so timers that came due while frozen run first.
   */
  private async begin(): Promise<InvokeMessage> {
    const inv = this.client.nextInvocation();
    await new Promise((resolve) => setImmediate(resolve));
    setInvokeIds(inv.requestId, inv.tenantId, inv.traceId);
    return inv;
  }

  async handleOnceNonStreaming(): Promise<void> {
    const inv = await this.begin();
    const id = inv.requestId;
    const [callback, callbackContext, markCompleted] = buildCallbackContext(this.client, id, () => this.scheduleIteration());
    try {
      this.setErrorCallbacks(id);
      beforeExit.set(() => {
        markCompleted();
        this.client.postInvocationResponse(null, id, () => this.scheduleIteration());
      });
      const result = this.handler(JSON.parse(inv.eventJson), buildContext(inv, 'ric3', callbackContext), callback);
      if (isPromise(result)) {
        result.then(callbackContext.succeed as (v: unknown) => void, callbackContext.fail as (e: unknown) => void).catch(callbackContext.fail as (e: unknown) => void);
      }
    } catch (err) {
      callback(err);
    }
  }

  async handleOnceStreaming(): Promise<void> {
    const inv = await this.begin();
    const id = inv.requestId;
    let waitForEmptyEventLoop = true;
    const scheduleNext = (): void => {
      beforeExit.reset();
      if (!waitForEmptyEventLoop) this.scheduleIteration();
      else beforeExit.set(() => setImmediate(() => this.scheduleIteration()));
    };
    const { stream, body, contentType, finished } = createResponseStream(this.loaded.highWaterMark, inv.liveStream ? (c, type) => this.client.postStreamChunk(c, id, type) : undefined);
    const fail = (err: unknown): void => {
      logError('Invoke Error', err);
      this.client.postInvocationError(err, id);
      scheduleNext();
    };
    try {
      this.setErrorCallbacks(id);
      beforeExit.set(() => this.scheduleIteration());
      const ctx = buildContext(inv, 'ric3', {
        get callbackWaitsForEmptyEventLoop() {
          return waitForEmptyEventLoop;
        },
        set callbackWaitsForEmptyEventLoop(v: boolean) {
          waitForEmptyEventLoop = v;
        },
      });
      const handlerResult = this.handler(JSON.parse(inv.eventJson), stream, ctx);
      if (!isPromise(handlerResult)) return fail('Streaming does not support non-async handlers.');
      const result = await handlerResult;
      if (typeof result !== 'undefined') console.warn('Streaming handlers ignore return values.');
      // The client awaits the Runtime API's answer to the streamed request, which comes once an ended stream has flushed.
      if (stream.writableEnded) await finished;
      if (!stream.writableFinished) return fail('Response stream is not finished.');
      this.client.postStreamedResponse(body(), id, contentType());
      scheduleNext();
    } catch (err) {
      fail(err);
    }
  }

  private setErrorCallbacks(id: string): void {
    this.errorCallbacks.uncaughtException = (error) => this.client.postInvocationError(error, id, () => process.exit(129));
    this.errorCallbacks.unhandledRejection = (error) => this.client.postInvocationError(error, id, () => process.exit(128));
  }
}

/** Installs the 3.x process-level handlers; returns the callbacks the loop rebinds per invocation. */
export function installRic3ProcessHandlers(client: RapidClient): ErrorCallbacks {
  const errorCallbacks: ErrorCallbacks = {
    uncaughtException: (error) => {
      client.postInitError(error);
      process.exit(129);
    },
    unhandledRejection: (error) => {
      client.postInitError(error);
      process.exit(128);
    },
  };
  process.on('uncaughtException', (error) => {
    logError('Uncaught Exception', error);
    errorCallbacks.uncaughtException(error);
  });
  process.on('unhandledRejection', (reason, promise) => {
    const error = new UnhandledPromiseRejection(reason, promise);
    logError('Unhandled Promise Rejection', error);
    errorCallbacks.unhandledRejection(error);
  });
  beforeExit.reset();
  process.on('beforeExit', beforeExit.invoke);
  return errorCallbacks;
}

export function startRic3(client: RapidClient, loaded: LoadedHandler, errorCallbacks: ErrorCallbacks): void {
  new (named('Runtime', Runtime))(client, loaded.handler, loaded, errorCallbacks).scheduleIteration();
}
