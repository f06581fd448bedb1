/**
 * The invocation loop of aws-lambda-ric 4.x (nodejs24.x), ported: `await handler(event, context)`,
 * the response posted on the next turn of the event loop, no callbacks, and no process-level error
 * handlers (an uncaught exception or unhandled rejection ends the runtime like plain Node does).
 */
import { inspect } from 'node:util';
import type { InvokeMessage } from '../protocol';
import { buildContext } from './context';
import type { LoadedHandler } from './loader';
import { logError, setInvokeIds } from './logPatch';
import { named } from './named';
import type { RapidClient } from './rapidClient';
import { createResponseStream } from './responseStream';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class BufferedInvokeProcessor {
  constructor(
    private readonly client: RapidClient,
    private readonly handler: LoadedHandler['handler'],
    private readonly loaded: LoadedHandler,
  ) {}

  private next(): Promise<{ inv: InvokeMessage; context: Record<string, unknown>; event: unknown }> {
    // Timers that came due while frozen run before the handler, as with the real client's native next().
    return new Promise((resolve, reject) =>
      setImmediate(() => {
        const inv = this.client.nextInvocation();
        setImmediate(() => {
          try {
            const context = buildContext(inv, 'ric4');
            resolve({ inv, context, event: JSON.parse(inv.eventJson) });
          } catch (e) {
            reject(e);
          }
        });
      }),
    );
  }

  private async fail(id: string, error: unknown): Promise<void> {
    await nextTurn();
    logError('Invoke Error', error);
    this.client.postInvocationError(error, id);
  }

  async processInvoke(context: Record<string, unknown>, event: unknown, live = false): Promise<void> {
    const id = context.awsRequestId as string;
    if (this.loaded.streaming) return this.processStreaming(id, context, event, live);
    try {
      const result = await this.handler(event, context);
      await nextTurn();
      this.client.postInvocationResponse(result, id);
    } catch (err) {
      await this.fail(id, err);
    }
  }

  private async processStreaming(id: string, context: Record<string, unknown>, event: unknown, live: boolean): Promise<void> {
    const { stream, body, contentType, finished } = createResponseStream(this.loaded.highWaterMark, live ? (c, type) => this.client.postStreamChunk(c, id, type) : undefined);
    try {
      const handlerResult = this.handler(event, stream, context);
      if (!handlerResult || typeof (handlerResult as { then?: unknown }).then !== 'function') throw new Error('Streaming does not support non-async handlers.');
      const result = await handlerResult;
      if (typeof result !== 'undefined') console.warn('Streaming handlers ignore return values.');
      // The client awaits the Runtime API's answer to the streamed request, which comes once an ended stream has flushed.
      if (stream.writableEnded) await finished;
      if (!stream.writableFinished) throw new Error('Response stream is not finished.');
      this.client.postStreamedResponse(body(), id, contentType());
    } catch (err) {
      await this.fail(id, err);
    }
  }

  async start(): Promise<void> {
    for (;;) {
      const { inv, context, event } = await this.next();
      setInvokeIds(inv.requestId, inv.tenantId, inv.traceId);
      await this.processInvoke(context, event, inv.liveStream === true);
    }
  }
}

/**
 * Node's default for an uncaught error on the main thread: print it and exit with status 1. A
 * worker would instead hand the error to its parent, so we print and exit the same way here.
 */
export function installRic4CrashBehaviour(): void {
  process.on('uncaughtException', (err) => {
    process.stderr.write(`${err instanceof Error ? inspect(err) : `Uncaught ${inspect(err)}`}\n\nNode.js ${process.version}\n`);
    process.exit(1);
  });
}

export function startRic4(client: RapidClient, loaded: LoadedHandler): void {
  void new (named('BufferedInvokeProcessor', BufferedInvokeProcessor))(client, loaded.handler, loaded).start();
}
