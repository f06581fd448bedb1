/**
 * The local Lambda API server under a burst, over real HTTP with the real SDK and the real local
 * runtime: 200 concurrent invokes stay within the concurrency caps (429 TooManyRequestsException
 * beyond them, as the service answers), threads stay bounded, idle environments are reaped and
 * closing the server frees everything.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, PutFunctionConcurrencyCommand, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createLocalInvoker } from '../../src/core/invoke';
import { createInput, makeZip, rejection, startHarness, waitReady, type Harness } from './emulatorHarness';

/** This process's thread count (worker threads included). */
function threads(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('local Lambda API server: concurrency caps and idle reaping', function () {
  this.timeout(120_000);
  const CAP_PER_FUNCTION = 6;
  const CAP_TOTAL = 8;
  let h: Harness;
  let invoker: ReturnType<typeof createLocalInvoker>;
  let client: LambdaClient;
  let baseline: number;

  before(async () => {
    baseline = threads();
    invoker = createLocalInvoker({ maxPerFunction: CAP_PER_FUNCTION, maxEnvironments: CAP_TOTAL, idleTimeoutMs: 1500 });
    h = await startHarness({ invoker, stateDelayMs: 0, updateDelayMs: 0 });
    // Enough sockets that all 200 requests are really in flight at once.
    client = new LambdaClient({
      endpoint: h.emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 250 }) }),
    });
    const zip = await makeZip({ 'index.js': 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.ms)); return "ok"; };\n' });
    for (const name of ['burst', 'other', 'reserved']) {
      await client.send(new CreateFunctionCommand(createInput(name, zip)));
      await waitReady(client, name);
    }
  });
  after(async () => {
    client?.destroy();
    await h?.close();
  });

  it('200 concurrent invokes: at most the caps run, the rest get 429 TooManyRequestsException, threads stay bounded', async () => {
    let peakEnvironments = 0;
    let peakThreads = 0;
    const sampler = setInterval(() => {
      peakEnvironments = Math.max(peakEnvironments, invoker.environmentCount());
      peakThreads = Math.max(peakThreads, threads());
    }, 5);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        client.send(new InvokeCommand({ FunctionName: i % 4 === 0 ? 'other' : 'burst', Payload: Buffer.from('{"ms":1500}') })).then(
          (r): { ok: boolean; error?: Error } => ({ ok: r.StatusCode === 200 && !r.FunctionError }),
          (e: Error) => ({ ok: false, error: e }),
        ),
      ),
    );
    clearInterval(sampler);
    const ok = outcomes.filter((o) => o.ok).length;
    const throttled = outcomes.filter((o) => o.error instanceof TooManyRequestsException);
    const other = outcomes.filter((o) => !o.ok && !(o.error instanceof TooManyRequestsException));
    assert.deepEqual(other.map((o) => (o.error ? `${o.error.name}: ${o.error.message}` : 'function error')), [], 'only successes and throttles');
    assert.ok(ok >= CAP_TOTAL && ok <= 200 - throttled.length, `${ok} succeeded`);
    assert.ok(throttled.length >= 200 - 3 * CAP_TOTAL, `${throttled.length} throttled`);
    const e = throttled[0].error as TooManyRequestsException;
    assert.equal(e.$metadata.httpStatusCode, 429);
    assert.equal(e.Reason, 'ConcurrentInvocationLimitExceeded');
    assert.ok(peakEnvironments <= CAP_TOTAL, `peak ${peakEnvironments} environments`);
    // Environments plus at most two spare workers, plus a little slack for libuv/V8 helpers.
    assert.ok(peakThreads - baseline <= CAP_TOTAL + 2 + 6, `threads grew from ${baseline} to ${peakThreads}`);
  });

  it('idle environments are reaped after the idle timeout, and threads return', async () => {
    await until('the pool to empty', () => invoker.environmentCount() === 0);
    await until('threads to return', () => threads() - baseline <= 2 + 4);
  });

  it("a function's reserved concurrency throttles with ReservedFunctionConcurrentInvocationLimitExceeded", async () => {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 0 }));
    const e = await rejection(() => client.send(new InvokeCommand({ FunctionName: 'reserved', Payload: Buffer.from('{"ms":1}') })));
    assert.ok(e instanceof TooManyRequestsException, `${e.name}: ${e.message}`);
    assert.equal(e.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
  });

  it('closing the server disposes every environment', async () => {
    const running = client.send(new InvokeCommand({ FunctionName: 'burst', Payload: Buffer.from('{"ms":5000}') })).catch(() => undefined);
    await until('an environment', () => invoker.environmentCount() === 1);
    await h.close();
    await running;
    assert.equal(invoker.environmentCount(), 0);
    await until('threads to return', () => threads() - baseline <= 4);
  });
});
