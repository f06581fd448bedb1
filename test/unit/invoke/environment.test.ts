/**
 * The execution environment: isolation, warm and cold starts, the service's timeout / crash / memory
 * reporting, the environment variables, logs and the runtime profiles.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createEnvironment, type LocalEnvironment, type LocalFunctionConfig, type LocalInvokeResult } from '../../../src/core/invoke';
import { cleanupTrees, makeTree } from '../package/helpers';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/invoke');
const hostile = path.join(fixtures, 'hostile');

const open: LocalEnvironment[] = [];
async function env(config: Partial<LocalFunctionConfig> & { handler: string }): Promise<LocalEnvironment> {
  const e = await createEnvironment({ codeDir: hostile, ...config });
  open.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.dispose()));
});

/** Runs `fn` while a host timer ticks every 10 ms; returns the result and how often it ticked. */
async function whileTicking<T>(fn: () => Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  try {
    return { value: await fn(), ticks };
  } finally {
    clearInterval(timer);
  }
}

function platformLines(r: LocalInvokeResult): string[] {
  return r.logs.filter((l) => l.source === 'platform').map((l) => l.text);
}

describe('local invoke: hostile handlers never take the host down', () => {
  it('while(true){} is stopped at the timeout, reported as Lambda does, and the host keeps running', async () => {
    const e = await env({ handler: 'index.loop', timeout: 1 });
    const { value: r, ticks } = await whileTicking(() => e.invoke({}));
    assert.ok(ticks >= 5, `the host timer fired ${ticks} times during the invoke`);
    assert.equal(r.status, 'timeout');
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(r.payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds` });
    const lines = platformLines(r);
    assert.ok(lines.some((l) => l.endsWith(`${r.requestId} Task timed out after 1.00 seconds`)));
    assert.match(lines.at(-1)!, /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: 1000 ms\t.*Status: timeout\t$/);
    assert.equal(r.environmentReset, true);
    assert.equal(e.state, 'cold');
  });

  it('allocating until out of memory ends the environment with a runtime exit error', async () => {
    const e = await env({ handler: 'index.oom', timeout: 30 });
    const { value: r, ticks } = await whileTicking(() => e.invoke({}));
    assert.ok(ticks >= 1);
    assert.equal(r.error?.errorType, 'Runtime.OutOfMemory');
    assert.equal(r.error?.errorMessage, `RequestId: ${r.requestId} Error: Runtime exited with error: signal: killed`);
    assert.equal(r.maxMemoryUsedMB, 128);
    assert.match(platformLines(r).at(-1)!, /Status: error\tError Type: Runtime\.OutOfMemory\t$/);
  });

  it('process.exit(1) is a Runtime.ExitError with the exit status, and the next invoke starts cold', async () => {
    const e = await env({ handler: 'index.exit' });
    const { value: r } = await whileTicking(() => e.invoke({}));
    assert.deepEqual(r.error, { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 1` });
    assert.ok(platformLines(r).includes('Runtime.ExitError'));
    const again = await e.invoke({});
    assert.equal(again.coldStart, true);
    assert.notEqual(again.initDurationMs, undefined);
  });

  it('process.exit(0) mid-invocation exits without providing a reason', async () => {
    const r = await (await env({ handler: 'index.exitZero' })).invoke({});
    assert.equal(r.error?.errorMessage, `RequestId: ${r.requestId} Error: Runtime exited without providing a reason`);
  });

  it('an unhandled rejection is reported by the 3.x runtime before it exits (status 128)', async () => {
    const r = await (await env({ handler: 'index.unhandled' })).invoke({});
    assert.equal(r.error?.errorType, 'Runtime.UnhandledPromiseRejection');
    assert.equal(r.error?.errorMessage, 'Error: nobody catches me');
    assert.ok(r.logs.some((l) => l.level === 'ERROR' && l.text.includes('\tUnhandled Promise Rejection \t{"errorType":"Runtime.UnhandledPromiseRejection"')));
    assert.ok(platformLines(r).some((l) => l.endsWith('Runtime exited with error: exit status 128')));
    assert.equal(r.environmentReset, true);
  });

  it('a throw inside setTimeout is an uncaught exception (status 129)', async () => {
    const r = await (await env({ handler: 'index.timerThrow' })).invoke({});
    assert.equal(r.error?.errorType, 'Error');
    assert.equal(r.error?.errorMessage, 'thrown in a timer');
    assert.ok(r.logs.some((l) => l.text.includes('\tUncaught Exception \t')));
    assert.ok(platformLines(r).some((l) => l.endsWith('exit status 129')));
  });

  it('a crash right after the response keeps the answer; the next invoke starts cold', async () => {
    // The crash belongs to the first invocation's time (the runtime has not asked for the next event
    // yet): a generous timeout keeps a loaded machine from ending that window before the throw runs.
    const e = await env({ handler: 'index.crashAfterResponse', timeout: 30 });
    const first = await e.invoke({});
    assert.equal(first.payload, '"answered"');
    assert.equal(first.status, 'success');
    const second = await e.invoke({});
    assert.equal(second.payload, '"answered"');
    assert.equal(second.coldStart, true);
    // The crash record is never lost. Which invocation's log carries it depends on whether the host
    // read it before or after the first invocation's END (a race on a loaded machine): either is
    // inside the first invocation's window, as on Lambda.
    assert.ok([...first.logs, ...second.logs].some((l) => l.text.includes('\tUncaught Exception \t') && l.text.includes('thrown after the response')));
  });

  it('on nodejs24.x (4.x has no crash handlers) the same throw ends the runtime with exit status 1', async () => {
    const r = await (await env({ handler: 'index.timerThrow', runtime: 'nodejs24.x' })).invoke({});
    assert.equal(r.error?.errorType, 'Runtime.ExitError');
    assert.ok(r.error?.errorMessage.endsWith('exit status 1'));
    assert.ok(r.logs.some((l) => l.stream === 'stderr' && l.text.includes('thrown in a timer')));
  });

  it('an init that never finishes is cut at the 10 s init limit, retried, then times out', async function () {
    this.timeout(30_000);
    const e = await env({ handler: 'initloop.handler', timeout: 1 });
    const { value: r, ticks } = await whileTicking(() => e.invoke({}));
    assert.ok(ticks >= 5);
    assert.equal(r.status, 'timeout');
    assert.ok(platformLines(r).some((l) => /^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: timeout$/.test(l)));
  });

  it('process.exit during init is an init failure with the exit status', async () => {
    const r = await (await env({ handler: 'initexit.handler' })).invoke({});
    assert.equal(r.error?.errorType, 'Runtime.ExitError');
    assert.ok(r.error?.errorMessage.endsWith('exit status 3'));
    assert.ok(platformLines(r).some((l) => l.startsWith('INIT_REPORT') && l.includes('Error Type: Runtime.ExitError')));
  });

  it('aborting a running invoke terminates it', async () => {
    const e = await env({ handler: 'index.loop', timeout: 60 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(e.invoke({}, { signal: ac.signal }), (err: Error & { kind?: string }) => err.kind === 'aborted');
    assert.equal(e.state, 'cold');
  });
});

describe('local invoke: warm and cold environments', () => {
  it('keeps module state across warm invokes; Init Duration only on the cold one', async () => {
    const e = await env({ codeDir: path.join(fixtures, 'cjs'), handler: 'index.handler' });
    const first = await e.invoke({ n: 1 });
    const second = await e.invoke({ n: 2 });
    assert.equal(JSON.parse(first.payload).count, 1);
    assert.equal(JSON.parse(second.payload).count, 2);
    assert.equal(first.coldStart, true);
    assert.equal(second.coldStart, false);
    assert.ok(first.initDurationMs !== undefined && second.initDurationMs === undefined);
    assert.match(platformLines(first).at(-1)!, /\tInit Duration: [\d.]+ ms\t$/);
    assert.doesNotMatch(platformLines(second).at(-1)!, /Init Duration/);
    assert.match(platformLines(second)[0], /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/);
    assert.equal(platformLines(second)[1], `END RequestId: ${second.requestId}`);
    assert.match(platformLines(second)[2], /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t$/);
  });

  it('timers left behind stay frozen and fire at the start of the next invoke', async () => {
    const e = await env({ handler: 'index.leaveTimer' });
    const first = await e.invoke({});
    await new Promise((r) => setTimeout(r, 300));
    const second = await e.invoke({});
    const fired = (r: LocalInvokeResult) => r.logs.some((l) => l.text.endsWith('left-behind timer fired'));
    assert.equal(fired(first), false);
    assert.equal(fired(second), true);
  });

  it('streams every line live through onLog, in order', async () => {
    const e = await env({ codeDir: path.join(fixtures, 'cjs'), handler: 'index.handler' });
    const seen: string[] = [];
    const r = await e.invoke({}, { onLog: (l) => seen.push(l.text) });
    assert.deepEqual(seen, r.logs.map((l) => l.text));
    assert.ok(seen[0].endsWith('\tundefined\tINFO\tloading cjs'));
    assert.ok(seen.some((l) => l.endsWith('\tWARN\tmulti\rline')));
  });

  it('captures raw process.stdout / process.stderr writes', async () => {
    const r = await (await env({ handler: 'index.stdout' })).invoke({});
    assert.ok(r.logs.some((l) => l.stream === 'stdout' && l.text === 'raw stdout line'));
    assert.ok(r.logs.some((l) => l.stream === 'stderr' && l.text === 'raw stderr line'));
  });

  it('serialises concurrent invokes on one environment', async () => {
    const e = await env({ handler: 'index.mutateEnv' });
    const results = await Promise.all([e.invoke({}), e.invoke({}), e.invoke({})]);
    assert.deepEqual(results.map((r) => JSON.parse(r.payload).invocations).sort(), [1, 2, 3]);
  });

  it('rejects invalid event JSON with line and column before anything runs', async () => {
    const e = await env({ handler: 'index.mutateEnv' });
    await assert.rejects(e.invokeJson('{\n  "a": 1,\n  "b": }'), /line 3, column 8/);
    assert.equal(e.state, 'cold');
  });
});

describe('local invoke: environment variables', () => {
  it('defines the reserved variables and nothing from the host', async () => {
    process.env.LW_HOST_SECRET = 'must-not-leak';
    try {
      const e = await env({ handler: 'index.readEnv', functionName: 'my-fn', region: 'eu-west-1', memorySize: 256, environment: { STAGE: 'dev' } });
      const r = JSON.parse((await e.invoke({})).payload) as { keys: string[]; region: string; home: string | null };
      for (const k of [
        '_HANDLER',
        '_X_AMZN_TRACE_ID',
        'AWS_REGION',
        'AWS_DEFAULT_REGION',
        'AWS_EXECUTION_ENV',
        'AWS_LAMBDA_FUNCTION_NAME',
        'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
        'AWS_LAMBDA_FUNCTION_VERSION',
        'AWS_LAMBDA_INITIALIZATION_TYPE',
        'AWS_LAMBDA_LOG_GROUP_NAME',
        'AWS_LAMBDA_LOG_STREAM_NAME',
        'LAMBDA_TASK_ROOT',
        'LAMBDA_RUNTIME_DIR',
        'TZ',
        'LANG',
        'STAGE',
      ]) {
        assert.ok(r.keys.includes(k), `${k} is defined`);
      }
      assert.equal(r.region, 'eu-west-1');
      assert.equal(r.home, null);
      assert.ok(!r.keys.includes('LW_HOST_SECRET'));
      assert.ok(!r.keys.includes('AWS_ACCESS_KEY_ID'), 'no credentials unless opted in');
    } finally {
      delete process.env.LW_HOST_SECRET;
    }
  });

  it("a handler's changes never leak out, nor into a fresh environment", async () => {
    const e = await env({ handler: 'index.mutateEnv' });
    const first = JSON.parse((await e.invoke({})).payload);
    const warm = JSON.parse((await e.invoke({})).payload);
    assert.equal(first.before, null);
    assert.equal(warm.before, 'yes', 'a warm environment keeps its own process.env');
    assert.equal(process.env.MUTATED, undefined);
    const fresh = await env({ handler: 'index.readEnv' });
    const r = JSON.parse((await fresh.invoke({})).payload);
    assert.equal(r.mutated, null);
    assert.equal(r.region, 'us-east-1');
  });

  it('passes credentials only when given, and never prints them', async () => {
    const e = await env({ handler: 'index.readEnv', credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-value', sessionToken: 'tok' } });
    const r = await e.invoke({});
    const keys = JSON.parse(r.payload).keys as string[];
    assert.ok(keys.includes('AWS_ACCESS_KEY_ID') && keys.includes('AWS_SECRET_ACCESS_KEY') && keys.includes('AWS_SESSION_TOKEN'));
    assert.ok(!r.logs.some((l) => l.text.includes('local-secret-value')));
  });

  it('refuses reserved keys among the function variables', async () => {
    await assert.rejects(createEnvironment({ codeDir: hostile, handler: 'index.readEnv', environment: { AWS_REGION: 'x' } }), /AWS_REGION is reserved/);
  });

  it('validates timeout and memory against Lambda ranges', async () => {
    await assert.rejects(createEnvironment({ codeDir: hostile, handler: 'index.x', timeout: 901 }), /Timeout must be a whole number of seconds from 1 to 900/);
    await assert.rejects(createEnvironment({ codeDir: hostile, handler: 'index.x', memorySize: 64 }), /Memory size must be a whole number of MB from 128 to 10240/);
    await assert.rejects(createEnvironment({ codeDir: path.join(hostile, 'nope'), handler: 'index.x' }), /does not exist/);
    await assert.rejects(createEnvironment({ codeDir: hostile, handler: 'index.x', runtime: 'python3.12' }), /cannot be run locally/);
  });
});

describe('local invoke: context and profiles', () => {
  it('counts getRemainingTimeInMillis down to the real deadline', async () => {
    const e = await env({ handler: 'index.remaining', timeout: 5 });
    const { remaining } = JSON.parse((await e.invoke({})).payload) as { remaining: number };
    assert.ok(remaining > 4000 && remaining <= 5000, String(remaining));
  });

  it('nodejs24.x rejects callback handlers at init with Runtime.CallbackHandlerDeprecated', async () => {
    const r = await (await env({ codeDir: path.join(fixtures, 'callbacks'), handler: 'index.waits', runtime: 'nodejs24.x' })).invoke({});
    assert.equal(r.error?.errorType, 'Runtime.CallbackHandlerDeprecated');
    assert.ok(platformLines(r).some((l) => l.startsWith('INIT_REPORT') && l.includes('Runtime.CallbackHandlerDeprecated')));
  });

  it('nodejs24.x has no context.succeed and prints "-" as the request id outside an invocation', async () => {
    const e = await env({ codeDir: path.join(fixtures, 'context'), handler: 'index.handler', runtime: 'nodejs24.x' });
    const keys = JSON.parse((await e.invoke({})).payload).keys as string[];
    assert.ok(!keys.includes('succeed') && !keys.includes('callbackWaitsForEmptyEventLoop') && keys.includes('xRayTraceId'));
    const cjs = await env({ codeDir: path.join(fixtures, 'cjs'), handler: 'index.undef', runtime: 'nodejs24.x' });
    const r = await cjs.invoke({});
    assert.ok(r.logs[0].text.endsWith('\t-\tINFO\tloading cjs'));
    assert.equal(r.payload, 'null');
  });

  it('JSON logging (LoggingConfig) formats records and platform lines as JSON and filters levels', async () => {
    const e = await env({ codeDir: path.join(fixtures, 'cjs'), handler: 'index.handler', logFormat: 'JSON', applicationLogLevel: 'WARN' });
    const r = await e.invoke({});
    const fn = r.logs.filter((l) => l.source === 'function').map((l) => JSON.parse(l.text) as { level: string; requestId?: string });
    assert.deepEqual(
      fn.map((l) => l.level),
      ['WARN', 'ERROR'],
    );
    assert.equal(fn[0].requestId, r.requestId);
    const types = platformLines(r).map((l) => (JSON.parse(l) as { type: string }).type);
    assert.deepEqual(types, ['platform.start', 'platform.report']);
  });
});

describe('local invoke: TypeScript handlers', () => {
  it('runs a CommonJS .ts handler importing another .ts file, with traces on the .ts lines', async () => {
    const e = await env({ codeDir: path.join(fixtures, 'ts-cjs'), handler: 'index.handler' });
    assert.deepEqual(JSON.parse((await e.invoke({ name: 'ts' })).payload), { message: 'HELLO TS!' });
    const failing = await env({ codeDir: path.join(fixtures, 'ts-cjs'), handler: 'index.fails' });
    const r = await failing.invoke({});
    assert.ok(r.error?.trace?.some((l) => l.includes(`${path.join(fixtures, 'ts-cjs', 'index.ts')}:13:9`)), r.error?.trace?.join('\n'));
  });

  it('runs ES module TypeScript (.ts under "type":"module" with top-level await, .mts, .cts)', async () => {
    const esm = await env({ codeDir: path.join(fixtures, 'ts-esm'), handler: 'index.handler', runtime: 'nodejs22.x' });
    assert.equal((await esm.invoke({})).payload, '42');
    const failing = await env({ codeDir: path.join(fixtures, 'ts-esm'), handler: 'index.fails' });
    const r = await failing.invoke({});
    assert.ok(r.error?.trace?.some((l) => l.includes('ts-esm/index.ts:10:9')), r.error?.trace?.join('\n'));
    assert.equal((await (await env({ codeDir: path.join(fixtures, 'ts-esm'), handler: 'other.handler' })).invoke({})).payload, '"mts"');
    assert.equal((await (await env({ codeDir: path.join(fixtures, 'ts-esm'), handler: 'legacy.handler', runtime: 'nodejs24.x' })).invoke({})).payload, '"cts"');
  });

  it('a CommonJS .ts handler whose plain .js module import()s an .mts loads it (the hooks start for the .js too)', async () => {
    const dir = makeTree({
      'app.ts': "const dep = require('./dep.js');\nexport const handler = async (): Promise<string> => dep.load();\n",
      'dep.js': "exports.load = async () => (await import('./esm.mts')).value;\n",
      'esm.mts': "export const value: string = 'from mts';\n",
      'package.json': '{"name":"x","private":true}',
    });
    try {
      for (const isolation of ['thread', 'process'] as const) {
        const r = await (await env({ codeDir: dir, handler: 'app.handler', isolation })).invoke({});
        assert.equal(r.payload, '"from mts"', r.payload);
      }
    } finally {
      cleanupTrees();
    }
  });

  it('a CommonJS .ts handler can import() an ES module .mts (the ESM hooks start only when needed), in both isolation modes', async () => {
    const dir = makeTree({
      'app.ts': "export const handler = async (): Promise<string[]> => {\n  const m = await import('./part.mts');\n  const many = Array.from({ length: 10 }, (_, i) => require(`./n${i}`).n as string);\n  return [m.part, ...many];\n};\n",
      'part.mts': "export const part: string = 'mts';\n",
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}.ts`, `export const n: string = 'n${i}';\n`])),
    });
    try {
      for (const isolation of ['thread', 'process'] as const) {
        const r = await (await env({ codeDir: dir, handler: 'app.handler', isolation })).invoke({});
        // Past the first files transpiled one binary run each, esbuild's service takes over: all 12 load.
        assert.deepEqual(JSON.parse(r.payload), ['mts', ...Array.from({ length: 10 }, (_, i) => `n${i}`)], r.payload);
      }
    } finally {
      cleanupTrees();
    }
  });
});
