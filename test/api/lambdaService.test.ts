/**
 * The typed Lambda service (src/core/aws) against the local Lambda API server, over real HTTP with
 * the real SDK: the full lifecycle, paging, waiting, conflict retry, cancellation and error mapping.
 */
import * as assert from 'node:assert/strict';
import { ClientFactory } from '../../src/core/aws/clientFactory';
import { createLambdaService } from '../../src/core/aws/lambdaService';
import type { LambdaService } from '../../src/core/aws/types';
import { startEmulator, type RunningEmulator } from '../../src/core/emulator';
import { WorkbenchError } from '../../src/core/errors';
import { createInput, makeZip } from './emulatorHarness';

async function expectError(fn: () => Promise<unknown>): Promise<WorkbenchError> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof WorkbenchError, `expected a WorkbenchError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('LambdaService against the local Lambda API server', function () {
  let emulator: RunningEmulator;
  let factory: ClientFactory;
  let service: LambdaService;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, stateDelayMs: 150 });
    factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    service = createLambdaService({ endpoint: emulator.url }, factory);
  });
  afterEach(async () => {
    factory.dispose();
    await emulator.close();
  });

  it('creates, lists across pages, gets, updates code and configuration, then deletes', async () => {
    const zip = await makeZip();
    for (let i = 0; i < 5; i++) await service.createFunction('us-east-1', createInput(`fn-${i}`, zip));
    const created = await service.waitUntilReady('us-east-1', 'fn-0');
    assert.equal(created.State, 'Active');

    const pages = [];
    for await (const page of service.listFunctions('us-east-1', { pageSize: 2 })) pages.push(page.functions.map((f) => f.FunctionName));
    assert.deepEqual(pages.flat().sort(), ['fn-0', 'fn-1', 'fn-2', 'fn-3', 'fn-4']);
    assert.equal(pages.length, 3, 'five functions at two a page are three pages');

    const got = await service.getFunction('us-east-1', 'fn-0');
    assert.equal(got.Configuration?.FunctionName, 'fn-0');
    assert.ok(!('$metadata' in got), 'transport metadata is not part of the result');

    const newZip = await makeZip({ 'index.js': 'exports.handler = async () => 2;\n' });
    const updated = await service.updateFunctionCode('us-east-1', { functionName: 'fn-0', zipFile: newZip });
    assert.equal(updated.CodeSize, newZip.length);
    assert.equal(updated.CodeSha256, (await import('node:crypto')).createHash('sha256').update(newZip).digest('base64'));
    const progress: string[] = [];
    const ready = await service.waitUntilReady('us-east-1', 'fn-0', { onProgress: (s) => progress.push(s.lastUpdateStatus ?? '') });
    assert.equal(ready.LastUpdateStatus, 'Successful');
    assert.equal(progress.at(-1), 'Successful');

    const configured = await service.updateFunctionConfiguration('us-east-1', { FunctionName: 'fn-0', MemorySize: 512, Timeout: 30 });
    assert.equal(configured.MemorySize, 512);
    await service.waitUntilReady('us-east-1', 'fn-0');

    await service.deleteFunction('us-east-1', 'fn-0');
    assert.equal(await service.tryGetFunction('us-east-1', 'fn-0'), undefined);
  });

  it('waits out "an update is in progress" instead of failing', async () => {
    await service.createFunction('us-east-1', createInput('busy', await makeZip()));
    await service.waitUntilReady('us-east-1', 'busy');
    await service.updateFunctionConfiguration('us-east-1', { FunctionName: 'busy', Timeout: 10 });
    // The first update is still InProgress: the service would answer ResourceConflictException.
    const second = await service.updateFunctionConfiguration('us-east-1', { FunctionName: 'busy', Timeout: 20 });
    assert.equal(second.Timeout, 20);
  });

  it('reports a Failed state with its reason and code', async () => {
    await service.createFunction('us-east-1', createInput('broken', await makeZip()));
    emulator.store.fail('us-east-1', 'broken', { StateReason: 'The role cannot be assumed by Lambda.', StateReasonCode: 'InvalidConfiguration' });
    const err = await expectError(() => service.waitUntilReady('us-east-1', 'broken'));
    assert.equal(err.kind, 'functionFailed');
    assert.match(err.message, /The role cannot be assumed by Lambda/);
    assert.equal(err.code, 'InvalidConfiguration');
  });

  it('maps service errors to typed errors', async () => {
    const missing = await expectError(() => service.getFunction('us-east-1', 'nope'));
    assert.equal(missing.kind, 'notFound');
    assert.match(missing.message, /"nope" was not found/);

    const zip = await makeZip();
    await service.createFunction('us-east-1', createInput('dup', zip));
    const dup = await expectError(() => service.createFunction('us-east-1', createInput('dup', zip)));
    assert.equal(dup.kind, 'conflict');

    const invalid = await expectError(() => service.createFunction('us-east-1', createInput('bad-memory', zip, { MemorySize: 64 })));
    assert.equal(invalid.kind, 'validation');
    assert.match(invalid.message, /MemorySize/);

    await service.waitUntilReady('us-east-1', 'dup');
    const stale = await expectError(() => service.updateFunctionCode('us-east-1', { functionName: 'dup', zipFile: zip, revisionId: 'not-the-revision' }));
    assert.equal(stale.kind, 'conflict');
  });

  it('reads a function URL config, or undefined when there is none', async () => {
    await service.createFunction('us-east-1', createInput('with-url', await makeZip()));
    await service.createFunction('us-east-1', createInput('no-url', await makeZip()));
    emulator.store.setFunctionUrl('us-east-1', 'with-url', { AuthType: 'NONE' });
    const cfg = await service.getFunctionUrlConfig('us-east-1', 'with-url');
    assert.equal(cfg?.AuthType, 'NONE');
    assert.match(cfg?.FunctionUrl ?? '', /^https?:\/\//);
    assert.equal(await service.getFunctionUrlConfig('us-east-1', 'no-url'), undefined);
  });

  it('keeps regions apart (region comes from the signing scope)', async () => {
    await service.createFunction('eu-west-1', createInput('only-in-eu', await makeZip()));
    const eu = await service.listFunctionsPage('eu-west-1');
    const us = await service.listFunctionsPage('us-east-1');
    assert.deepEqual(eu.functions.map((f) => f.FunctionName), ['only-in-eu']);
    assert.deepEqual(us.functions, []);
  });

  it('cancels a call through its AbortSignal', async () => {
    const slow = await startEmulator({ port: 0, latencyMs: 2000 });
    const slowService = createLambdaService({ endpoint: slow.url }, factory);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const err = await expectError(() => slowService.listFunctionsPage('us-east-1', { signal: controller.signal }));
      assert.equal(err.kind, 'aborted');
    } finally {
      await slow.close();
    }
  });

  it('names an unreachable endpoint', async () => {
    const port = emulator.port;
    await emulator.close();
    const err = await expectError(() => service.listFunctionsPage('us-east-1'));
    assert.equal(err.kind, 'network');
    assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    emulator = await startEmulator({ port: 0 });
  });

  it('decodes the log tail of a RequestResponse invoke', async () => {
    const withInvoker = await startEmulator({
      port: 0,
      stateDelayMs: 0,
      invoker: { invoke: (req) => Promise.resolve({ payload: JSON.stringify({ echo: JSON.parse(req.payload) }), logs: 'START RequestId: x\nhello from the log\n' }) },
    });
    const svc = createLambdaService({ endpoint: withInvoker.url }, factory);
    try {
      await svc.createFunction('us-east-1', createInput('echo', await makeZip()));
      await svc.waitUntilReady('us-east-1', 'echo');
      const result = await svc.invoke('us-east-1', { functionName: 'echo', payload: '{"a":1}' });
      assert.equal(result.statusCode, 200);
      assert.deepEqual(JSON.parse(result.payload), { echo: { a: 1 } });
      assert.match(result.logTail ?? '', /hello from the log/);
      const event = await svc.invoke('us-east-1', { functionName: 'echo', payload: '{}', invocationType: 'Event' });
      assert.equal(event.statusCode, 202);
    } finally {
      await withInvoker.close();
    }
  });
});
