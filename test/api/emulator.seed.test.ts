import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetFunctionCommand, GetFunctionConfigurationCommand, GetFunctionUrlConfigCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startEmulator } from '../../src/core/emulator';
import { isWorkbenchError } from '../../src/core/errors';
import { startHarness, type Harness } from './emulatorHarness';

const SEED = resolve(__dirname, '../../../test/fixtures/emulator/seed.json');

describe('local Lambda API server: seed files', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: SEED, stateDelayMs: 60_000 });
  });
  after(() => h.close());

  it('starts with the seeded functions per region, Active, with their settings', async () => {
    const east = await h.client('us-east-1').send(new ListFunctionsCommand({}));
    assert.deepEqual(east.Functions?.map((f) => f.FunctionName), ['hello', 'inline']);
    const hello = await h.client('us-east-1').send(new GetFunctionCommand({ FunctionName: 'hello' }));
    assert.equal(hello.Configuration?.State, 'Active');
    assert.equal(hello.Configuration?.MemorySize, 256);
    assert.deepEqual(hello.Configuration?.Environment?.Variables, { STAGE: 'local' });
    assert.deepEqual(hello.Tags, { app: 'demo' });
    assert.deepEqual(hello.Concurrency, { ReservedConcurrentExecutions: 5 });
    const zip = Buffer.from(await (await fetch(hello.Code!.Location!)).arrayBuffer());
    assert.equal(hello.Configuration?.CodeSha256, createHash('sha256').update(zip).digest('base64'));
    const url = await h.client('us-east-1').send(new GetFunctionUrlConfigCommand({ FunctionName: 'hello' }));
    assert.equal(url.AuthType, 'NONE');
  });

  it('zips a seeded folder the same way every run (stable CodeSha256)', async () => {
    const again = await startEmulator({ seed: SEED });
    try {
      const a = h.emulator.store.resolve('us-east-1', { name: 'hello' }).version.config.CodeSha256;
      const b = again.store.resolve('us-east-1', { name: 'hello' }).version.config.CodeSha256;
      assert.equal(a, b);
    } finally {
      await again.close();
    }
  });

  it('seeds Failed and Pending functions for the client error paths', async () => {
    const west = h.client('eu-west-1');
    const broken = await west.send(new GetFunctionConfigurationCommand({ FunctionName: 'broken' }));
    assert.equal(broken.State, 'Failed');
    assert.equal(broken.StateReasonCode, 'InsufficientRolePermissions');
    const starting = await west.send(new GetFunctionConfigurationCommand({ FunctionName: 'starting' }));
    assert.equal(starting.State, 'Pending');
  });

  it('refuses a seed entry that breaks the API rules, naming the entry and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-seed-'));
    try {
      const file = join(dir, 'seed.json');
      writeFileSync(file, JSON.stringify({ functions: [{ FunctionName: 'ok' }, { FunctionName: 'bad', Region: 'us-west-2', MemorySize: 64 }] }));
      await assert.rejects(startEmulator({ seed: file }), (e: unknown) => {
        assert.ok(isWorkbenchError(e));
        assert.equal(e.kind, 'validation');
        assert.match(e.message, /^Seed functions\[1\] \("bad"\): MemorySize must be between 128 and 10240 MB; got 64\.$/);
        assert.equal(e.options.path, '$.functions[1].MemorySize');
        return true;
      });
      writeFileSync(file, '{ not json');
      await assert.rejects(startEmulator({ seed: file }), /is not valid JSON/);
      await assert.rejects(startEmulator({ seed: join(dir, 'missing.json') }), /Cannot read the seed file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
