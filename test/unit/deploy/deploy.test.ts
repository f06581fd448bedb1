import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploy } from '../../../src/core/deploy/deploy';
import type { DeployPhase, DeployRequest } from '../../../src/core/deploy/types';
import { WorkbenchError } from '../../../src/core/errors';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree } from '../package/helpers';
import { fakeService, hangUntilAborted, seedFunction, type FakeService } from './fakeService';

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';

function project(binding: object | null = { FunctionName: 'orders', Region: 'us-east-1', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler' }): string {
  return makeTree({
    'index.js': 'exports.handler = async () => ({ ok: true });\n',
    ...(binding ? { 'lambda-workbench.json': JSON.stringify(binding) } : {}),
  });
}

async function failure(p: Promise<unknown>): Promise<WorkbenchError> {
  return p.then(
    () => assert.fail('should have failed'),
    (e: unknown) => {
      assert.ok(e instanceof WorkbenchError, String(e));
      return e;
    },
  );
}

function run(service: FakeService, request: DeployRequest, phases: DeployPhase[] = [], signal?: AbortSignal) {
  return deploy(service, { packageOptions: { thread: 'main' }, ...request }, {
    signal,
    onProgress: (p) => {
      if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
    },
  });
}

const ops = (s: FakeService) => s.calls.map((c) => c.op);

describe('deploy engine', () => {
  afterEach(cleanupTrees);

  it('creates a missing function from the binding, then waits for Active', async () => {
    const service = fakeService();
    const phases: DeployPhase[] = [];
    const folder = project({ FunctionName: 'orders', Region: 'eu-west-1', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', MemorySize: 256, Tags: { team: 'a' } });
    const result = await run(service, { folder }, phases);
    assert.equal(result.action, 'created');
    assert.equal(result.region, 'eu-west-1');
    assert.equal(result.state, 'Active');
    assert.equal(result.lastUpdateStatus, 'Successful');
    assert.deepEqual(phases, ['packaging', 'checking', 'uploading', 'waiting']);
    assert.deepEqual(ops(service), ['getFunction', 'createFunction', 'waitUntilReady']);
    const input = service.calls[1].input as { MemorySize: number; Tags: object; Code: { ZipFile: Uint8Array }; Region?: string; CodeRoot?: string };
    assert.equal(input.MemorySize, 256);
    assert.deepEqual(input.Tags, { team: 'a' });
    assert.equal(input.Region, undefined, 'our own keys never reach CreateFunction');
    assert.equal(result.codeSha256, result.manifest.codeSha256);
  });

  it('updates code with the RevisionId, then applies configuration changes, waiting between them', async () => {
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: 'old', MemorySize: 128, Environment: { Variables: { AA: '1' } } });
    const folder = project({ FunctionName: 'orders', Region: 'us-east-1', MemorySize: 512, Environment: { Variables: { AA: '1' } } });
    const phases: DeployPhase[] = [];
    const result = await run(service, { folder }, phases);
    assert.equal(result.action, 'updated');
    assert.deepEqual(ops(service), ['getFunction', 'updateFunctionCode', 'waitUntilReady', 'updateFunctionConfiguration', 'waitUntilReady']);
    assert.equal((service.calls[1].input as { revisionId: string }).revisionId, 'rev-0');
    assert.deepEqual(phases, ['packaging', 'checking', 'uploading', 'waiting', 'configuring', 'waiting']);
    assert.deepEqual(result.changedSettings, ['MemorySize']);
    assert.equal(result.codeUpdated, true);
    assert.equal(result.configurationUpdated, true);
    const cfg = service.calls[3].input as Record<string, unknown>;
    assert.equal(cfg.MemorySize, 512);
    assert.equal(cfg.Environment, undefined, 'unchanged settings are not sent');
  });

  it('uploads nothing when the deployed CodeSha256 equals the package\'s and the settings match', async () => {
    const folder = project({ FunctionName: 'orders', Region: 'us-east-1', MemorySize: 128 });
    const { manifest } = await packageFolder(folder, { thread: 'main' });
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: manifest.codeSha256 });
    const result = await run(service, { folder });
    assert.equal(result.action, 'unchanged');
    assert.deepEqual(ops(service), ['getFunction']);
    assert.equal(result.codeUpdated, false);
  });

  it('applies a settings-only change without uploading code', async () => {
    const folder = project({ FunctionName: 'orders', Region: 'us-east-1', Timeout: 30 });
    const { manifest } = await packageFolder(folder, { thread: 'main' });
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: manifest.codeSha256 });
    const result = await run(service, { folder });
    assert.equal(result.action, 'updated');
    assert.equal(result.codeUpdated, false);
    assert.deepEqual(result.changedSettings, ['Timeout']);
    assert.deepEqual(ops(service), ['getFunction', 'updateFunctionConfiguration', 'waitUntilReady']);
  });

  it('lets overrides (CLI flags) win over the binding file', async () => {
    const service = fakeService();
    const folder = project();
    const result = await run(service, { folder, overrides: { FunctionName: 'other', MemorySize: 1024, Region: 'ap-south-1' } });
    assert.equal(result.functionName, 'other');
    assert.equal(result.region, 'ap-south-1');
    assert.equal((service.calls[1].input as { MemorySize: number }).MemorySize, 1024);
  });

  it('waits for an update already in progress before uploading', async () => {
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: 'old', LastUpdateStatus: 'InProgress' });
    await run(service, { folder: project() });
    assert.deepEqual(ops(service).slice(0, 3), ['getFunction', 'waitUntilReady', 'updateFunctionCode']);
  });

  it('waits out ResourceConflictException and PreconditionFailed, re-reading the RevisionId', async () => {
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: 'old' });
    let conflicts = 0;
    service.before.updateFunctionCode = () => {
      if (conflicts++ === 0) {
        // Someone else's update lands meanwhile: new RevisionId, and the function is busy.
        service.functions.get('orders')!.config.RevisionId = 'rev-other';
        throw new WorkbenchError('conflict', 'An update is in progress for resource', { code: 'ResourceConflictException' });
      }
    };
    const result = await run(service, { folder: project() });
    assert.equal(result.action, 'updated');
    assert.deepEqual(ops(service), ['getFunction', 'updateFunctionCode', 'waitUntilReady', 'updateFunctionCode', 'waitUntilReady']);
    assert.equal((service.calls[3].input as { revisionId: string }).revisionId, 'rev-other');
  });

  it('reports a failure mid-way exactly: code updated, configuration not applied', async () => {
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: 'old', MemorySize: 128 });
    service.before.updateFunctionConfiguration = () => {
      throw new WorkbenchError('service', 'UpdateFunctionConfiguration failed: ServiceException', { code: 'ServiceException' });
    };
    const folder = project({ FunctionName: 'orders', Region: 'us-east-1', MemorySize: 512 });
    const e = await failure(run(service, { folder }));
    assert.equal(e.kind, 'service');
    assert.match(e.message, /^The code of orders was updated \(CodeSha256 \S+\), but applying the configuration failed\. UpdateFunctionConfiguration failed: ServiceException\. The function keeps its previous configuration\./);
    assert.match(e.message, /orders is now: State Active, LastUpdateStatus Successful, CodeSha256/);
    const stop = (e.options.details as { deploy: { stage: string; codeUpdated: boolean; configurationUpdated: boolean; function: { codeSha256: string } } }).deploy;
    assert.equal(stop.stage, 'configuring');
    assert.equal(stop.codeUpdated, true);
    assert.equal(stop.configurationUpdated, false);
    assert.equal(service.functions.get('orders')!.config.MemorySize, 128);
    assert.equal(stop.function.codeSha256, service.functions.get('orders')!.config.CodeSha256);
  });

  it('cancelling during the upload aborts it and says the function keeps its previous code', async () => {
    const service = fakeService();
    seedFunction(service, 'orders', { CodeSha256: 'old' });
    const controller = new AbortController();
    service.before.updateFunctionCode = (_input, signal) => {
      setImmediate(() => controller.abort());
      return hangUntilAborted(signal);
    };
    const e = await failure(run(service, { folder: project() }, [], controller.signal));
    assert.equal(e.kind, 'aborted');
    assert.match(e.message, /^Uploading the code of orders was cancelled\. The function keeps its previous code\. orders is now: State Active, LastUpdateStatus Successful, CodeSha256 old\.$/);
  });

  it('cancelling before anything was sent says nothing changed', async () => {
    const service = fakeService();
    const controller = new AbortController();
    service.before.getFunction = (_i, signal) => {
      setImmediate(() => controller.abort());
      return hangUntilAborted(signal);
    };
    const e = await failure(run(service, { folder: project() }, [], controller.signal));
    assert.equal(e.kind, 'aborted');
    assert.match(e.message, /nothing was uploaded and the function was not changed/);
  });

  it('creating a function that fails to become Active is reported as created-but-failed', async () => {
    const service = fakeService();
    service.before.waitUntilReady = () => {
      throw new WorkbenchError('functionFailed', 'Function "orders" is in state Failed: role cannot be assumed.', { code: 'InvalidConfiguration' });
    };
    const e = await failure(run(service, { folder: project() }));
    assert.equal(e.kind, 'functionFailed');
    assert.match(e.message, /^orders was created, but waiting for it to become Active failed\. Function "orders" is in state Failed/);
  });

  describe('bad input is refused before any call', () => {
    const cases: Array<[string, object, RegExp, string]> = [
      ['a bad Role ARN', { Role: 'my-role' }, /Role "my-role" is not an IAM role ARN/, '$.Role'],
      ['an unknown runtime', { Runtime: 'nodejs99.x' }, /Runtime "nodejs99\.x" is not a Lambda runtime/, '$.Runtime'],
      ['a name too long', { FunctionName: 'f'.repeat(65) }, /at most 64 characters/, '$.FunctionName'],
      ['memory out of range', { MemorySize: 64 }, /MemorySize must be between 128 and 10240/, '$.MemorySize'],
    ];
    for (const [what, patch, message, path] of cases) {
      it(what, async () => {
        const service = fakeService();
        const folder = project({ FunctionName: 'orders', Region: 'us-east-1', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', ...patch });
        const e = await failure(run(service, { folder }));
        assert.equal(e.kind, 'validation');
        assert.match(e.message, message);
        assert.equal(e.options.path, path);
        assert.deepEqual(service.calls, []);
      });
    }

    it('a binding file of the wrong shape, with the JSON path', async () => {
      const service = fakeService();
      const folder = project();
      writeFileSync(join(folder, 'lambda-workbench.json'), '{"FunctionName": "orders", "Environment": {"Variables": {"A": 1}}}');
      const e = await failure(run(service, { folder }));
      assert.equal(e.options.path, '$.Environment.Variables.A');
      assert.deepEqual(service.calls, []);
    });

    it('creating without Role/Runtime/Handler stops before CreateFunction', async () => {
      const service = fakeService();
      const e = await failure(run(service, { folder: project({ FunctionName: 'orders', Region: 'us-east-1' }) }));
      assert.equal(e.kind, 'validation');
      assert.match(e.message, /Role is required/);
      assert.match(e.hint ?? '', /--role, --runtime and --handler/);
      assert.deepEqual(ops(service), ['getFunction']);
    });

    it('no function name or no region', async () => {
      const service = fakeService();
      assert.match((await failure(run(service, { folder: project(null) }))).hint ?? '', /--function NAME/);
      assert.match((await failure(run(service, { folder: project({ FunctionName: 'x' }) }))).message, /No region/);
      assert.deepEqual(service.calls, []);
    });

    it('a missing function when creating is not allowed', async () => {
      const service = fakeService();
      const e = await failure(run(service, { folder: project(), allowCreate: false }));
      assert.equal(e.kind, 'notFound');
      assert.deepEqual(ops(service), ['getFunction']);
    });
  });
});
