/**
 * The deploy engine over the real SDK and real HTTP against the local Lambda API server:
 * create, update, unchanged, an update already in progress, failures mid-way and cancellation.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ClientFactory, createLambdaService, type LambdaService } from '../../src/core/aws';
import { deploy } from '../../src/core/deploy/deploy';
import type { DeployOptions, DeployPhase, DeployRequest } from '../../src/core/deploy/types';
import type { RequestLogEntry } from '../../src/core/emulator';
import { WorkbenchError } from '../../src/core/errors';
import { cleanupTrees, makeTree } from '../unit/package/helpers';
import { ROLE, startHarness, type Harness } from './emulatorHarness';

const REGION = 'us-east-1';
const CLI = resolve(__dirname, '..', '..', 'src', 'cli.js');

interface Ctx {
  h: Harness;
  log: RequestLogEntry[];
  service: LambdaService;
  factory: ClientFactory;
}

async function setup(options: Parameters<typeof startHarness>[0] = {}, hook?: (e: RequestLogEntry, h: Harness) => void): Promise<Ctx> {
  const log: RequestLogEntry[] = [];
  const ref: { harness?: Harness } = {};
  const h = await startHarness({
    ...options,
    onRequest: (e) => {
      log.push(e);
      if (ref.harness) hook?.(e, ref.harness);
    },
  });
  ref.harness = h;
  const factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return { h, log, factory, service: createLambdaService({ endpoint: h.emulator.url }, factory) };
}

function project(name: string, extra: object = {}, code = 'exports.handler = async () => ({ v: 1 });\n'): string {
  return makeTree({
    'index.js': code,
    'lambda-workbench.json': JSON.stringify({ FunctionName: name, Region: REGION, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', ...extra }),
  });
}

function run(ctx: Ctx, request: DeployRequest, options: DeployOptions = {}) {
  return deploy(ctx.service, request, { waitIntervalMs: 10, ...options });
}

async function remote(ctx: Ctx, name: string) {
  return ctx.h.client(REGION).send(new GetFunctionCommand({ FunctionName: name }));
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

const operations = (log: RequestLogEntry[]) => log.map((e) => e.operation);

describe('deploy against the local Lambda API server (real SDK)', function () {
  this.timeout(30_000);
  let ctx: Ctx | undefined;
  afterEach(async () => {
    ctx?.factory.dispose();
    await ctx?.h.close();
    ctx = undefined;
    cleanupTrees();
  });

  it('creates, then updates code and configuration, then reports unchanged', async () => {
    ctx = await setup();
    const folder = project('orders', { MemorySize: 256, Environment: { Variables: { STAGE: 'dev' } } });
    const phases: DeployPhase[] = [];
    const created = await run(ctx, { folder }, { onProgress: (p) => phases[phases.length - 1] !== p.phase && phases.push(p.phase) });
    assert.equal(created.action, 'created');
    assert.deepEqual(phases, ['packaging', 'checking', 'uploading', 'waiting']);
    assert.equal(created.state, 'Active');
    assert.equal(created.lastUpdateStatus, 'Successful');
    assert.equal(created.functionArn, 'arn:aws:lambda:us-east-1:123456789012:function:orders');
    let fn = await remote(ctx, 'orders');
    assert.equal(fn.Configuration?.CodeSha256, created.manifest.codeSha256, 'the service computes the same CodeSha256 as the packager');
    assert.equal(fn.Configuration?.MemorySize, 256);

    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ v: 2 });\n');
    writeFileSync(join(folder, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'orders', Region: REGION, MemorySize: 512, Environment: { Variables: { STAGE: 'dev' } } }));
    const updated = await run(ctx, { folder });
    assert.equal(updated.action, 'updated');
    assert.deepEqual(updated.changedSettings, ['MemorySize']);
    fn = await remote(ctx, 'orders');
    assert.equal(fn.Configuration?.CodeSha256, updated.codeSha256);
    assert.notEqual(updated.codeSha256, created.codeSha256);
    assert.equal(fn.Configuration?.MemorySize, 512);

    ctx.log.length = 0;
    const same = await run(ctx, { folder });
    assert.equal(same.action, 'unchanged');
    assert.equal(same.codeSha256, updated.codeSha256);
    assert.deepEqual(operations(ctx.log), ['GetFunction'], 'nothing uploaded, nothing configured');
  });

  it('waits out ResourceConflictException when someone else\'s update is in progress, then deploys', async () => {
    let interfered = false;
    ctx = await setup({ updateDelayMs: 400 }, (e, h) => {
      // Right after our GetFunction is answered, another client starts an update.
      if (e.operation === 'GetFunction' && !interfered && h.emulator.store.find(REGION, 'busy')) {
        interfered = true;
        h.emulator.store.updateConfiguration(REGION, 'busy', { FunctionName: 'busy', Description: 'changed by someone else' });
      }
    });
    const folder = project('busy');
    await run(ctx, { folder });
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ v: 2 });\n');
    interfered = false;
    ctx.log.length = 0;
    const result = await run(ctx, { folder });
    assert.ok(interfered);
    assert.ok(
      ctx.log.some((e) => e.operation === 'UpdateFunctionCode' && e.errorType === 'ResourceConflictException'),
      `expected a conflict, got ${JSON.stringify(ctx.log.map((e) => [e.operation, e.errorType]))}`,
    );
    assert.equal(result.action, 'updated');
    const fn = await remote(ctx, 'busy');
    assert.equal(fn.Configuration?.CodeSha256, result.manifest.codeSha256);
    assert.equal(fn.Configuration?.Description, 'changed by someone else', 'a setting the binding does not name is left alone');
  });

  it('reports an unexpected failure mid-way: code updated, configuration not applied', async () => {
    ctx = await setup({ errorRate: 1, faultOperations: ['UpdateFunctionConfiguration'] });
    const folder = project('half', { MemorySize: 128 });
    await run(ctx, { folder });
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ v: 2 });\n');
    writeFileSync(join(folder, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'half', Region: REGION, MemorySize: 1024 }));
    const e = await failure(run(ctx, { folder }));
    const fn = await remote(ctx, 'half');
    assert.equal(e.kind, 'service');
    assert.match(e.message, new RegExp(`^The code of half was updated \\(CodeSha256 ${escape(fn.Configuration!.CodeSha256!)}\\), but applying the configuration failed\\.`));
    assert.match(e.message, /The function keeps its previous configuration\./);
    assert.equal(fn.Configuration?.MemorySize, 128);
    const stop = (e.options.details as { deploy: { codeUpdated: boolean; configurationUpdated: boolean; stage: string } }).deploy;
    assert.deepEqual([stop.stage, stop.codeUpdated, stop.configurationUpdated], ['configuring', true, false]);
  });

  it('reports a code update that ends Failed, naming the service\'s reason', async () => {
    ctx = await setup();
    const folder = project('flaky');
    await run(ctx, { folder });
    ctx.h.emulator.store.failUpdate(REGION, 'flaky', 'The layer could not be extracted.', 'InvalidConfiguration');
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ v: 3 });\n');
    const e = await failure(run(ctx, { folder }));
    assert.equal(e.kind, 'functionFailed');
    assert.match(e.message, /^The new code of flaky was uploaded \(CodeSha256 \S+\), but waiting for the update failed\. The last update of "flaky" failed: The layer could not be extracted\./);
    assert.match(e.message, /LastUpdateStatus Failed/);
  });

  it('cancelling during the upload aborts it and tells the function\'s actual state', async () => {
    ctx = await setup({ latencyMs: 300 });
    const folder = project('cancel-me');
    const first = await run(ctx, { folder });
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => ({ v: 2 });\n');
    const controller = new AbortController();
    const e = await failure(
      run(ctx, { folder }, { signal: controller.signal, onProgress: (p) => p.phase === 'uploading' && setTimeout(() => controller.abort(), 50) }),
    );
    assert.equal(e.kind, 'aborted');
    const fn = await remote(ctx, 'cancel-me');
    const kept = fn.Configuration?.CodeSha256 === first.codeSha256;
    assert.match(e.message, kept ? /^Uploading the code of cancel-me was cancelled\. The function keeps its previous code\./ : /Lambda has the new code anyway/);
    assert.match(e.message, new RegExp(`CodeSha256 ${escape(fn.Configuration!.CodeSha256!)}`));
  });

  it('refuses bad settings before sending anything', async () => {
    ctx = await setup();
    const e = await failure(run(ctx, { folder: project('bad', { Role: 'arn:aws:iam::123:role/x' }) }));
    assert.equal(e.kind, 'validation');
    assert.equal(e.options.path, '$.Role');
    const long = await failure(run(ctx, { folder: project('n'.repeat(65)) }));
    assert.equal(long.options.path, '$.FunctionName');
    const runtime = await failure(run(ctx, { folder: project('rt', { Runtime: 'nodejs4.3' }) }));
    assert.equal(runtime.options.path, '$.Runtime');
    assert.deepEqual(ctx.log, []);
  });

  it('the CLI deploys with flags over the binding and prints the documented JSON', async () => {
    ctx = await setup();
    const folder = makeTree({ 'index.js': 'exports.handler = async () => 1;\n' });
    const args = ['deploy', folder, '--endpoint', ctx.h.emulator.url, '--region', REGION, '--function', 'cli-fn', '--json'];
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PROFILE: '', AWS_REGION: '' };
    const missing = await cli(args, env);
    assert.equal(missing.code, 1, 'no binding file and no --create: the missing function is not created');
    assert.match(missing.stderr, /does not exist in us-east-1/);
    const create = [...args, '--create', '--role', ROLE, '--runtime', 'nodejs22.x', '--handler', 'index.handler', '--memory', '256'];
    const created = await cli(create, env);
    assert.equal(created.code, 0, created.stderr);
    const out = JSON.parse(created.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(out), ['action', 'functionArn', 'codeSha256', 'state', 'lastUpdateStatus']);
    assert.equal(out.action, 'created');
    assert.equal(out.state, 'Active');
    const again = await cli(create, env);
    assert.equal(JSON.parse(again.stdout).action, 'unchanged');
    const bigger = await cli([...args, '--memory', '512'], env);
    assert.equal(JSON.parse(bigger.stdout).action, 'updated');
    assert.equal((await remote(ctx, 'cli-fn')).Configuration?.MemorySize, 512);
    const badRole = await cli([...create, '--role', 'nope'], env);
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /--role: Role "nope" is not an IAM role ARN/);
  });

  it('the CLI refuses to undo a change made elsewhere (exit 1 with the differences) unless --force', async () => {
    ctx = await setup();
    const folder = project('drift-fn', { MemorySize: 128, Environment: { Variables: { STAGE: 'dev' } } });
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PROFILE: '', AWS_REGION: '' };
    const args = ['deploy', folder, '--endpoint', ctx.h.emulator.url, '--json'];
    const first = await cli(args, env);
    assert.equal(first.code, 0, first.stderr);
    const record = JSON.parse(readFileSync(join(folder, '.lambda', 'deploy-state.json'), 'utf8')) as { functions: Record<string, { settings: Record<string, string> }> };
    assert.deepEqual(Object.keys(record.functions[`${REGION}/drift-fn`].settings).sort(), ['Environment', 'Handler', 'MemorySize', 'Role', 'Runtime']);
    assert.ok(!JSON.stringify(record).includes('dev'), 'the record holds hashes, not values');

    // Someone changes the function elsewhere (the panel, the console).
    await ctx.h.client(REGION).send(new UpdateFunctionConfigurationCommand({ FunctionName: 'drift-fn', MemorySize: 256, Environment: { Variables: { STAGE: 'dev', NEW: 'x' } } }));
    await waitActive(ctx, 'drift-fn');
    const refused = await cli(args, env);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /drift-fn in us-east-1 was changed since this folder last deployed it/);
    assert.match(refused.stderr, /MemorySize: lambda-workbench\.json has 128, the function has 256/);
    assert.match(refused.stderr, /Environment: .*added NEW/);
    assert.ok(!refused.stderr.includes('"x"'), 'environment values are not printed');
    assert.match(refused.stderr, /--force/);
    assert.equal((await remote(ctx, 'drift-fn')).Configuration?.MemorySize, 256, 'nothing was changed');

    const forced = await cli([...args, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(JSON.parse(forced.stdout).action, 'updated');
    const after = (await remote(ctx, 'drift-fn')).Configuration;
    assert.equal(after?.MemorySize, 128);
    assert.deepEqual(after?.Environment?.Variables, { STAGE: 'dev' });
    const again = await cli(args, env);
    assert.equal(again.code, 0, 'after the overwrite the record matches again');
    assert.equal(JSON.parse(again.stdout).action, 'unchanged');
  });

  it('a setting changed elsewhere that the binding would not change is no drift', async () => {
    ctx = await setup();
    const folder = project('drift-same', { MemorySize: 128 });
    await run(ctx, { folder });
    await ctx.h.client(REGION).send(new UpdateFunctionConfigurationCommand({ FunctionName: 'drift-same', Description: 'set in the console' }));
    await waitActive(ctx, 'drift-same');
    const result = await run(ctx, { folder });
    assert.equal(result.action, 'unchanged');
    assert.equal((await remote(ctx, 'drift-same')).Configuration?.Description, 'set in the console');
  });
});

async function waitActive(ctx: Ctx, name: string): Promise<void> {
  await ctx.service.waitUntilReady(REGION, name, { intervalMs: 10 });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The CLI as a child process: the emulator runs in this process, so spawnSync would deadlock it. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
