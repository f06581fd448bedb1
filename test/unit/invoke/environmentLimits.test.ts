/**
 * The execution environment's limits against hostile handlers (issue 15): log floods stay bounded
 * and the timeout fires on time, memory outside the V8 heap counts, oversized responses are the
 * service's error, and child processes end with the environment.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createEnvironment, LOG_LIMIT_CHARS, RESPONSE_PAYLOAD_LIMIT, type LocalEnvironment, type LocalFunctionConfig, type LocalInvokeResult } from '../../../src/core/invoke';

const hostile = path.resolve(__dirname, '../../../../test/fixtures/invoke/hostile');

const open: LocalEnvironment[] = [];
async function env(config: Partial<LocalFunctionConfig> & { handler: string }): Promise<LocalEnvironment> {
  const e = await createEnvironment({ codeDir: hostile, ...config });
  open.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.dispose()));
});

const report = (r: LocalInvokeResult): string => r.logs.filter((l) => l.source === 'platform').at(-1)!.text;

/** Samples the host's RSS while `fn` runs; returns the result and the peak growth in MB. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    return { value: await fn(), growthMb: (peak - base) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

/** Alive = listed in /proc and not a zombie (an ended child of this process waits there to be reaped). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function pidsIn(file: string, count: number): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let pids: number[] = [];
    try {
      pids = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      // not written yet
    }
    if (pids.length >= count) return pids;
    if (Date.now() > deadline) throw new Error(`only ${pids.length} pids in ${file}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function eventually(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('local invoke limits: log floods', function () {
  this.timeout(60_000);

  for (const handler of ['floodLog', 'floodStdout']) {
    it(`${handler}: a synchronous endless print loop is stopped at the timeout, the host stays bounded, drops are counted`, async () => {
      const e = await env({ handler: `index.${handler}`, timeout: 2 });
      let streamed = 0;
      const started = Date.now();
      const { value: r, growthMb } = await peakRss(() => e.invoke({}, { onLog: (l) => (streamed += l.text.length) }));
      const took = Date.now() - started;
      assert.equal(r.status, 'timeout');
      assert.equal(r.error?.errorType, 'Sandbox.Timedout');
      // Cold start plus 2 s, with generous room for a loaded machine; before the fix it never ended.
      assert.ok(took < 2000 + 4000, `the invoke took ${took} ms`);
      assert.ok(growthMb < 300, `the host grew by ${growthMb.toFixed(0)} MB`);
      assert.ok(streamed <= LOG_LIMIT_CHARS + 4096, `streamed ${streamed} characters`);
      const dropped = r.logs.find((l) => l.text.startsWith('[lambda-workbench] '));
      assert.match(dropped?.text ?? '', /^\[lambda-workbench\] \d+ log record\(s\) dropped: this invocation wrote more than the local limit of 1 MB of log output\.$/);
      assert.equal(dropped?.source, 'platform');
      assert.match(report(r), /Status: timeout/);
    });
  }

  it('a handler that prints past the limit and returns: its answer stands, the next invocation logs again', async () => {
    const e = await env({ handler: 'index.floodThenReturn', timeout: 30 });
    const r = await e.invoke({ lines: 15_000 });
    assert.equal(r.payload, '"done"');
    const n = Number(/\] (\d+) log record/.exec(r.logs.find((l) => l.text.startsWith('[lambda-workbench] '))!.text)![1]);
    const kept = r.logs.filter((l) => l.source === 'function').length;
    assert.equal(kept + n, 15_000, 'every record is either delivered or counted');
    const again = await e.invoke({ lines: 3 });
    assert.equal(again.logs.filter((l) => l.source === 'function').length, 3);
    assert.ok(!again.logs.some((l) => l.text.startsWith('[lambda-workbench] ')));
  });
});

describe('local invoke limits: memory beyond the V8 heap', function () {
  this.timeout(60_000);

  it('Buffer.alloc(4 GiB) with 128 MB is Runtime.OutOfMemory, and the host never gets the memory', async () => {
    const e = await env({ handler: 'index.bigBuffer', memorySize: 128, timeout: 10 });
    const { value: r, growthMb } = await peakRss(() => e.invoke({ mb: 4096 }));
    assert.equal(r.error?.errorType, 'Runtime.OutOfMemory');
    assert.equal(r.error?.errorMessage, `RequestId: ${r.requestId} Error: Runtime exited with error: signal: killed`);
    assert.equal(r.maxMemoryUsedMB, 128);
    assert.match(report(r), /Max Memory Used: 128 MB\t.*Status: error\tError Type: Runtime\.OutOfMemory/);
    assert.ok(growthMb < 200, `the host grew by ${growthMb.toFixed(0)} MB`);
    assert.equal(r.environmentReset, true);
  });

  it('typed arrays and many small Buffers count too', async () => {
    const typed = await (await env({ handler: 'index.bigTypedArray', memorySize: 128 })).invoke({ n: 40_000_000 });
    assert.equal(typed.error?.errorType, 'Runtime.OutOfMemory');
    const many = await (await env({ handler: 'index.manyBuffers', memorySize: 128 })).invoke({ count: 4000 });
    assert.equal(many.error?.errorType, 'Runtime.OutOfMemory');
  });

  it('within the limit, REPORT shows the true peak including Buffer memory', async () => {
    const e = await env({ handler: 'index.peak', memorySize: 256 });
    const r = await e.invoke({ mb: 100 });
    assert.equal(r.payload, String(100 * 1024 * 1024));
    assert.ok(r.maxMemoryUsedMB >= 100 && r.maxMemoryUsedMB <= 256, `Max Memory Used ${r.maxMemoryUsedMB} MB`);
  });
});

describe('local invoke limits: response size', () => {
  it(`a response over ${RESPONSE_PAYLOAD_LIMIT} bytes is Function.ResponseSizeTooLarge, as Invoke returns it`, async () => {
    const e = await env({ handler: 'index.bigResponse', timeout: 10 });
    const r = await e.invoke({ chars: 7 * 1024 * 1024 });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(r.payload), {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size (${7 * 1024 * 1024 + 2} bytes) exceeded maximum allowed payload size (6291556 bytes).`,
    });
    const fits = await e.invoke({ chars: RESPONSE_PAYLOAD_LIMIT - 2 });
    assert.equal(fits.functionError, undefined);
    assert.equal(fits.payload.length, RESPONSE_PAYLOAD_LIMIT);
  });
});

describe('local invoke limits: child processes end with the environment', function () {
  this.timeout(60_000);
  if (process.platform !== 'linux') return;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lw-children-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [when, then, end] of [
    ['at the timeout', 'hang', async (e: LocalEnvironment, pidFile: string) => e.invoke({ pidFile, then: 'hang' })],
    ['at a crash', 'exit', async (e: LocalEnvironment, pidFile: string) => e.invoke({ pidFile, then: 'exit' })],
    ['when the environment is disposed', 'return', async (e: LocalEnvironment, pidFile: string) => (await e.invoke({ pidFile, then: 'return' }), await e.dispose())],
  ] as const) {
    it(`children, detached children and a grandchild are killed ${when}`, async () => {
      const pidFile = path.join(dir, `${then}.pids`);
      const e = await env({ handler: 'index.spawnAndHang', timeout: 2 });
      const done = end(e, pidFile);
      const pids = await pidsIn(pidFile, 4);
      assert.ok(pids.every(alive), 'the children started');
      await done;
      await eventually(`pids ${pids.join(',')} to end`, () => !pids.some(alive));
    });
  }

  it('a worker blocked in execSync is released at the timeout (its child is killed)', async () => {
    const e = await env({ handler: 'index.execSyncSleep', timeout: 1 });
    const started = Date.now();
    const r = await e.invoke({});
    assert.equal(r.status, 'timeout');
    await e.dispose();
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms (the child sleeps 60 s)`);
  });
});
