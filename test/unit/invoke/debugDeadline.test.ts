/**
 * The frozen deadline: while a debugger holds a handler paused, its deadline does not advance
 * (getRemainingTimeInMillis counts running time only, the host's timeout waits), and timeout 0
 * means none. A real inspector client attaches over a WebSocket, as VS Code or Chrome DevTools would.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEnvironment, type LocalEnvironment, type LocalInvokeResult } from '../../../src/core/invoke';
import { resolveLocalConfig } from '../../../src/core/invoke/localConfig';
import { debuggerPauseNote } from '../../../src/core/invoke/pauseClock';
import { cleanupTrees, makeTree } from '../package/helpers';

type Params = Record<string, unknown>;
interface Cdp {
  send(method: string, params?: Params, timeoutMs?: number): Promise<Params>;
  waitFor(method: string, timeoutMs?: number, predicate?: (p: Params) => boolean): Promise<Params>;
  close(): void;
}
const cdpModule = pathToFileURL(path.resolve(__dirname, '../../../../test/support/cdpClient.mjs')).href;
async function connectCdp(url: string): Promise<Cdp> {
  const m = (await import(cdpModule)) as { connectCdp(url: string): Promise<Cdp> };
  return m.connectCdp(url);
}

const HANDLER = `
exports.handler = async (event, context) => {
  const before = context.getRemainingTimeInMillis();
  debugger;
  const after = context.getRemainingTimeInMillis();
  if (event.spin) for (;;) {}
  return { before, after };
};
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('frozen deadline while a debugger has the handler paused', function () {
  this.timeout(60000);
  let dir: string;
  const envs: LocalEnvironment[] = [];
  const clients: Cdp[] = [];
  beforeEach(() => {
    dir = makeTree({ 'index.js': HANDLER });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(envs.splice(0).map((e) => e.dispose()));
    cleanupTrees();
  });

  /** Starts an invoke that waits for a debugger, attaches one, and waits until it pauses at `debugger;`. */
  async function pausedInvoke(event: object, timeout: number): Promise<{ result: Promise<LocalInvokeResult>; client: Cdp; env: LocalEnvironment }> {
    const env = await createEnvironment({ codeDir: dir, handler: 'index.handler', timeout, inspect: { port: 0, wait: true } });
    envs.push(env);
    const url = new Promise<string>((resolve) => (env.onInspector = resolve));
    const result = env.invoke(event);
    const client = await connectCdp(await url);
    clients.push(client);
    await client.send('Debugger.enable');
    const paused = client.waitFor('Debugger.paused', 30000);
    await client.send('Runtime.runIfWaitingForDebugger');
    const at = (await paused) as { callFrames: { location: { lineNumber: number } }[] };
    // Line 4 of index.js (0-based 3): the debugger; statement.
    assert.equal(at.callFrames[0].location.lineNumber, 3);
    return { result, client, env };
  }

  it('leaves the wait for the debugger out of Init Duration', async () => {
    const env = await createEnvironment({ codeDir: dir, handler: 'index.handler', timeout: 3, inspect: { port: 0, wait: true } });
    envs.push(env);
    const url = new Promise<string>((resolve) => (env.onInspector = resolve));
    const result = env.invoke({});
    const client = await connectCdp(await url);
    clients.push(client);
    // The user takes 1.5 s to attach: that is not the function's init.
    await sleep(1500);
    await client.send('Runtime.runIfWaitingForDebugger');
    const r = await result;
    assert.equal(r.status, 'success', r.payload);
    assert.ok(r.initDurationMs !== undefined && r.initDurationMs < 1000, `Init Duration ${r.initDurationMs} ms`);
    const report = r.logs.find((l) => l.text.startsWith('REPORT'));
    assert.match(report?.text ?? '', /Init Duration: \d+\.\d\d ms/);
  });

  it('stays paused past the timeout, then finishes with the time left as it was before the pause', async () => {
    const { result, client } = await pausedInvoke({}, 1);
    await sleep(2500);
    await client.send('Debugger.resume');
    const r = await result;
    assert.equal(r.status, 'success', r.payload);
    const { before, after } = JSON.parse(r.payload) as { before: number; after: number };
    assert.ok(before > 0 && before <= 1000, `before ${before}`);
    // 2.5 s paused: without the frozen deadline "after" would be about -1500.
    assert.ok(after > 0 && before - after < 500, `before ${before}, after ${after}`);
    assert.ok(!r.logs.some((l) => /Task timed out/.test(l.text)));
    // Duration, Billed Duration and the REPORT line count running time, as the deadline does.
    assert.ok(r.debuggerPausedMs !== undefined && r.debuggerPausedMs >= 2000, `paused ${r.debuggerPausedMs} ms`);
    assert.ok(r.durationMs < 1000, `Duration ${r.durationMs} ms`);
    assert.ok(r.billedDurationMs <= 1000, `Billed Duration ${r.billedDurationMs} ms`);
    const report = r.logs.find((l) => l.text.startsWith('REPORT'))?.text ?? '';
    const shown = Number(/\tDuration: (\d+\.\d\d) ms/.exec(report)?.[1]);
    assert.ok(shown < 1000, report);
    assert.equal(shown, Number(r.durationMs.toFixed(2)));
    assert.match(debuggerPauseNote(r) ?? '', /^paused \d\.\d s in the debugger; left out of Duration and the timeout$/);
  });

  it('still times out on running time after the pause', async () => {
    const { result, client } = await pausedInvoke({ spin: true }, 1);
    await sleep(1500);
    const resumedAt = Date.now();
    await client.send('Debugger.resume');
    const r = await result;
    assert.equal(r.status, 'timeout');
    assert.equal(r.error?.errorType, 'Sandbox.Timedout');
    // A timeout lasts the whole timeout of running time: the pause is not in it.
    assert.ok(r.durationMs >= 1000 && r.durationMs < 1500, `Duration ${r.durationMs} ms`);
    assert.equal(r.billedDurationMs, 1000);
    // About a second of running time was left after the pause.
    const ranFor = Date.now() - resumedAt;
    assert.ok(ranFor >= 500, `timed out ${ranFor} ms after the resume`);
  });

  it('resumes when the debugger goes away mid-pause, as Node does', async () => {
    const { result, client } = await pausedInvoke({}, 1);
    await sleep(1200);
    client.close();
    const r = await result;
    assert.equal(r.status, 'success', r.payload);
    const { after } = JSON.parse(r.payload) as { after: number };
    assert.ok(after > 0, `after ${after}`);
  });

  it('does not pause at debugger; when no debugger is attached', async () => {
    const env = await createEnvironment({ codeDir: dir, handler: 'index.handler', timeout: 5, inspect: { port: 0, wait: false } });
    envs.push(env);
    const r = await env.invoke({});
    assert.equal(r.status, 'success', r.payload);
    const { before, after } = JSON.parse(r.payload) as { before: number; after: number };
    assert.ok(before - after < 1000, `before ${before}, after ${after}`);
  });

  it('timeout 0 in a debug launch means no deadline', async () => {
    const { config } = await resolveLocalConfig({ folder: dir, overrides: { handler: 'index.handler', timeout: 0, inspect: { port: 0, wait: false } } });
    assert.equal(config.timeout, 0);
    const env = await createEnvironment(config);
    envs.push(env);
    const r = await env.invoke({});
    assert.equal(r.status, 'success', r.payload);
    const { after } = JSON.parse(r.payload) as { after: number };
    assert.ok(after > 3600_000, `after ${after}`);
    assert.doesNotMatch(r.logs.map((l) => l.text).join('\n'), /Billed Duration: 0 ms/);
  });
});
