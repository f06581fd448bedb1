/**
 * `lambda-workbench serve` as a real process: the first stdout line, the binding file through
 * resolveLocalConfig, request lines and JSON lines, routes, a clean stop on SIGTERM, and bad input
 * (a port in use, no handler) with exit 2.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { cleanup, copyApp } from './harness';

const cliPath = path.resolve(__dirname, '../../../src/cli.js');
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await cleanup();
});

interface Running {
  child: ChildProcess;
  url: string;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts the CLI and resolves once it printed its first line (or exited). */
function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cliPath, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no first line; stderr: ${err}`)), 20_000);
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) {
        clearTimeout(timer);
        resolve({ child, url: line.replace(/^listening /, ''), lines, stderr: () => err, exit });
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      if (lines.length === 0) resolve({ child, url: '', lines, stderr: () => err, exit: Promise.resolve(code) });
    });
  });
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('lambda-workbench serve', () => {
  it('takes the handler from the binding file, prints "listening URL" first, one line per request, and stops cleanly on SIGTERM', async function () {
    this.timeout(40_000);
    const dir = copyApp();
    writeFileSync(path.join(dir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'from-binding', Handler: 'index.echo', Environment: { Variables: { STAGE: 'binding' } } }));
    const r = await start([dir]);
    assert.match(r.lines[0], /^listening http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${r.url}/hello?x=1`, { headers: { 'user-agent': 'cli-test' } });
    assert.equal(res.status, 200);
    const event = (await res.json()) as { rawPath: string; requestContext: { http: { userAgent: string } } };
    assert.equal(event.rawPath, '/hello');
    await until('the request line', () => r.lines.length >= 2);
    assert.match(r.lines[1], /^GET \/hello 200 [\d.]+ ms \(cold start\)$/);
    assert.match(r.stderr(), /^START RequestId: /m);
    assert.match(r.stderr(), /^REPORT RequestId: /m);
    r.child.kill('SIGTERM');
    assert.equal(await r.exit, 0);
  });

  it('--json: JSON lines after the first; --payload 1.0; --route serves two folders by the longest prefix', async function () {
    this.timeout(40_000);
    const web = copyApp();
    const api = path.join(web, 'api');
    mkdirSync(api);
    writeFileSync(path.join(api, 'index.js'), "exports.handler = async (e) => ({ statusCode: 200, body: 'api ' + e.path });\n");
    writeFileSync(path.join(api, 'lambda-workbench.json'), JSON.stringify({ Handler: 'index.handler' }));
    writeFileSync(path.join(web, 'lambda-workbench.json'), JSON.stringify({ Handler: 'index.page' }));
    const r = await start(['--route', `/api=${api}`, '--route', `/=${web}`, '--payload', '1.0', '--json', '--port', '0']);
    assert.match(r.lines[0], /^listening http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await (await fetch(`${r.url}/api/orders`)).text(), 'api /api/orders');
    assert.match(await (await fetch(`${r.url}/apiary`)).text(), /Hello from the handler/);
    await until('the request records', () => r.lines.filter((l) => l.includes('"type":"request"')).length >= 2);
    const records = r.lines.slice(1).map((l) => JSON.parse(l) as { type: string; prefix?: string; status?: number });
    const requests = records.filter((x) => x.type === 'request');
    assert.deepEqual(
      requests.map((x) => [x.prefix, x.status]),
      [
        ['/api', 200],
        ['/', 200],
      ],
    );
    assert.ok(records.some((x) => x.type === 'log'));
    r.child.kill('SIGTERM');
    assert.equal(await r.exit, 0);
  });

  it('a port in use: exit 2, says which, suggests --port 0', async function () {
    this.timeout(30_000);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dir = copyApp();
      const r = await start([dir, '--handler', 'index.echo', '--port', String(port)]);
      assert.equal(await r.exit, 2);
      assert.equal(r.lines.length, 0);
      assert.match(r.stderr(), new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port 0`));
    } finally {
      blocker.close();
    }
  });

  it('no handler anywhere, or a missing export: exit 2 before listening', async function () {
    this.timeout(30_000);
    const dir = copyApp();
    const none = await start([dir]);
    assert.equal(await none.exit, 2);
    assert.match(none.stderr(), /handler/i);
    const missing = await start([dir, '--handler', 'index.nope']);
    assert.equal(await missing.exit, 2);
    assert.match(missing.stderr(), /nope/);
    const badPayload = await start([dir, '--handler', 'index.echo', '--payload', '3.0']);
    assert.equal(await badPayload.exit, 2);
  });

  it('a missing handler module or a syntax error serves anyway: each request fails at init as on Lambda (the runtime error logged, 502)', async function () {
    this.timeout(60_000);
    const dir = copyApp();
    writeFileSync(path.join(dir, 'broken.js'), 'exports.handler = async () => { return 1 +; };\n');
    const cases = [
      { handler: 'gone.handler', errorType: 'Runtime.ImportModuleError', hint: /gone/ },
      { handler: 'broken.handler', errorType: 'Runtime.UserCodeSyntaxError', hint: /syntax error/ },
    ];
    for (const c of cases) {
      const s = await start([dir, '--handler', c.handler, '--no-reload']);
      assert.match(s.lines[0] ?? '', /^listening http:\/\/127\.0\.0\.1:\d+$/, s.stderr());
      assert.match(s.stderr(), c.hint);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${s.url}/page`);
        assert.equal(res.status, 502);
        assert.equal(await res.text(), 'Internal Server Error');
      }
      // The runtime's own error line, INIT_REPORT, and START/END/REPORT for each request: the init is tried again every time.
      await until('two REPORT lines', () => (s.stderr().match(/^REPORT RequestId: /gm) ?? []).length === 2);
      const err = s.stderr();
      assert.match(err, new RegExp(`\\tERROR\\tUncaught Exception \\t\\{"errorType":"${c.errorType.replace('.', '\\.')}"`));
      assert.equal((err.match(/^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: /gm) ?? []).length, 2);
      assert.match(err, new RegExp(`^REPORT RequestId: .*\\tStatus: error\\tError Type: ${c.errorType.replace('.', '\\.')}\\t$`, 'm'));
      await until('two request lines', () => s.lines.filter((l) => l.startsWith('GET /page 502')).length === 2);
      s.child.kill('SIGTERM');
      assert.equal(await s.exit, 0);
    }
  });
});
