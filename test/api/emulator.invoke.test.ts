import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateFunctionCommand, InvalidRequestContentException, InvokeCommand, ResourceConflictException } from '@aws-sdk/client-lambda';
import type { FunctionInvoker, InvokeRequest } from '../../src/core/emulator';
import { createInput, makeZip, rejection, startHarness, type Harness } from './emulatorHarness';

/** A stand-in for the local runtime: echoes the event and the handler file it was given. */
class EchoInvoker implements FunctionInvoker {
  readonly calls: InvokeRequest[] = [];
  disposed = false;
  async invoke(req: InvokeRequest) {
    this.calls.push(req);
    const event = JSON.parse(req.payload) as { fail?: boolean; logKb?: number };
    const source = readFileSync(join(req.codeDir, 'index.js'), 'utf8');
    const logs = `START\n${'x'.repeat((event.logKb ?? 0) * 1024)}\nEND marker\n`;
    if (event.fail) return { payload: JSON.stringify({ errorType: 'Error', errorMessage: 'boom', trace: [] }), functionError: 'Unhandled' as const, logs };
    return { payload: JSON.stringify({ event, source, memory: req.configuration.MemorySize }), logs };
  }
  async dispose() {
    this.disposed = true;
  }
}

const decode = (p?: Uint8Array) => JSON.parse(Buffer.from(p ?? []).toString('utf8')) as Record<string, unknown>;

describe('local Lambda API server: Invoke through a pluggable invoker', () => {
  let h: Harness;
  let invoker: EchoInvoker;
  before(async () => {
    invoker = new EchoInvoker();
    h = await startHarness({ invoker, stateDelayMs: 60_000 });
    const lambda = h.client();
    await lambda.send(new CreateFunctionCommand(createInput('echo', await makeZip({ 'index.js': 'exports.handler = 1; // v1\n' }), { Publish: true, MemorySize: 256 })));
  });
  after(async () => {
    await h.close();
    assert.ok(invoker.disposed, 'close() disposes the invoker');
  });

  it('refuses to invoke a Pending function, as the service does', async () => {
    const e = await rejection(() => h.client().send(new InvokeCommand({ FunctionName: 'echo' })));
    assert.ok(e instanceof ResourceConflictException);
    assert.match(e.message, /following state: Pending/);
    h.emulator.store.settle('us-east-1', 'echo');
  });

  it('RequestResponse: 200 with the payload, the executed version and the unzipped code', async () => {
    const out = await h.client().send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"hello":"world"}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.LogResult, undefined);
    const body = decode(out.Payload);
    assert.deepEqual(body.event, { hello: 'world' });
    assert.equal(body.source, 'exports.handler = 1; // v1\n');
    assert.equal(body.memory, 256);
    const call = invoker.calls.at(-1)!;
    assert.equal(call.region, 'us-east-1');
    assert.equal(call.logType, 'None');
    assert.ok(existsSync(call.codeDir));
  });

  it('unzips each code version once and reuses the directory', async () => {
    await h.client().send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{}') }));
    await h.client().send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{}') }));
    const dirs = new Set(invoker.calls.map((c) => c.codeDir));
    assert.equal(dirs.size, 1);
  });

  it('LogType Tail returns the last 4 KB of the log, base64; function errors set X-Amz-Function-Error', async () => {
    const out = await h.client().send(new InvokeCommand({ FunctionName: 'echo', LogType: 'Tail', Payload: Buffer.from('{"fail":true,"logKb":10}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(decode(out.Payload).errorMessage, 'boom');
    const tail = Buffer.from(out.LogResult ?? '', 'base64');
    assert.equal(tail.length, 4096);
    assert.ok(tail.toString().endsWith('END marker\n'));
  });

  it('invokes a published version by qualifier', async () => {
    const out = await h.client().send(new InvokeCommand({ FunctionName: 'echo', Qualifier: '1', Payload: Buffer.from('{}') }));
    assert.equal(out.ExecutedVersion, '1');
  });

  it('Event answers 202 and runs the function in the background; DryRun answers 204 and runs nothing', async () => {
    const before = invoker.calls.length;
    const dry = await h.client().send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    assert.equal(dry.StatusCode, 204);
    assert.equal(invoker.calls.length, before);
    const event = await h.client().send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: Buffer.from('{"async":1}') }));
    assert.equal(event.StatusCode, 202);
    for (let i = 0; i < 200 && invoker.calls.length === before; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(JSON.parse(invoker.calls.at(-1)!.payload), { async: 1 });
  });

  it('rejects a payload that is not JSON', async () => {
    const e = await rejection(() => h.client().send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{oops') })));
    assert.ok(e instanceof InvalidRequestContentException);
    assert.match(e.message, /Could not parse payload into json/);
  });
});

describe('local Lambda API server: Invoke without a local runtime', () => {
  it('says plainly that local invoke is not wired in', async () => {
    const h = await startHarness({ stateDelayMs: 0 });
    try {
      const lambda = h.client();
      await lambda.send(new CreateFunctionCommand(createInput('lonely', await makeZip())));
      h.emulator.store.settle('us-east-1', 'lonely');
      const e = await rejection(() => lambda.send(new InvokeCommand({ FunctionName: 'lonely' })));
      assert.ok(e instanceof InvalidRequestContentException);
      assert.match(e.message, /no local runtime wired in/);
    } finally {
      await h.close();
    }
  });
});
