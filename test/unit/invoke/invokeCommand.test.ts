/** `lambda-workbench invoke`: output, exit codes and bad input (exit 2, nothing runs). */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../src/cli';
import { runCli, type CliRun } from '../../support/cli';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/invoke');

const cli = (args: string[], stdin = ''): Promise<CliRun> => runCli(['invoke', ...args], stdin);

describe('lambda-workbench invoke', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(path.join(tmpdir(), 'lw-invoke-cli-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('prints one response per event and reuses the warm environment', async () => {
    const ev = path.join(ws, 'e.json');
    writeFileSync(ev, '{"from":"file"}');
    const r = await cli([path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--event', ev, '--event', '-', '--event', 'sample:sns'], '{"from":"stdin"}');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { count: number; got: Record<string, unknown> });
    assert.deepEqual(lines.map((l) => l.count), [1, 2, 3]);
    assert.deepEqual(lines[0].got, { from: 'file' });
    assert.deepEqual(lines[1].got, { from: 'stdin' });
    assert.equal((r.stderr.match(/^START RequestId/gm) ?? []).length, 3);
    assert.equal((r.stderr.match(/Init Duration/g) ?? []).length, 1);
    assert.match(r.stderr, /\tINFO\tevent \{ from: 'file' \}/);
  });

  it('exits 1 on a function error, an init error and a timeout, printing the error object', async () => {
    const fn = await cli([path.join(fixtures, 'cjs'), '--handler', 'errors.typeError']);
    assert.equal(fn.code, 1);
    assert.deepEqual(Object.keys(JSON.parse(fn.stdout)), ['errorType', 'errorMessage', 'trace']);
    const init = await cli([path.join(fixtures, 'init-errors'), '--handler', 'badimport.handler']);
    assert.equal(init.code, 1);
    assert.equal(JSON.parse(init.stdout).errorType, 'Runtime.ImportModuleError');
    const slow = await cli([path.join(fixtures, 'hostile'), '--handler', 'index.loop', '--timeout', '1']);
    assert.equal(slow.code, 1);
    assert.equal(JSON.parse(slow.stdout).errorType, 'Sandbox.Timedout');
  });

  it('--isolation process runs the same handler in a child process, says which Node, and refuses other modes', async () => {
    const r = await cli([path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--isolation', 'process', '--event', '-'], '{"from":"stdin"}');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { got: unknown }).got, { from: 'stdin' });
    assert.match(r.stderr, /^process isolation: Node v\d+\.\d+\.\d+/m);
    const bad = await cli([path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--isolation', 'vm']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--isolation must be thread or process/);
    assert.equal(bad.stdout, '');
  });

  it('prints the binding file\'s "did you mean" warnings and refuses a broken one with its line and column', async () => {
    mkdirSync(path.join(ws, 'fn'));
    writeFileSync(path.join(ws, 'fn', 'index.js'), 'exports.handler = async () => "ok";');
    writeFileSync(path.join(ws, 'fn', 'lambda-workbench.json'), '{"Handler": "index.handler", "memorySize": 512}');
    const typo = await cli([path.join(ws, 'fn')]);
    assert.equal(typo.code, 0, typo.stderr);
    assert.match(typo.stderr, /warning: lambda-workbench\.json: \$\.memorySize .*did you mean MemorySize\?/);
    writeFileSync(path.join(ws, 'fn', 'lambda-workbench.json'), '{\n  "Handler": "index.handler",\n}');
    const broken = await cli([path.join(ws, 'fn')]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid JSON: .* at line 3, column 1/);
  });

  it('--inspect-brk prints the inspector URL on stderr and runs the handler once a debugger attaches', async function () {
    this.timeout(60000);
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = new Promise<string>((res) =>
      err.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Our line (Node's own "Debugger listening" may come first, as the function's stderr).
        const m = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/\S+)\n {2}Chrome: /.exec(stderr);
        if (m && /Waiting for a debugger to attach/.test(stderr)) res(m[1]);
      }),
    );
    const running = main(['invoke', path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--inspect-brk', '--timeout', '0', '--event', '-'], {
      stdout: out,
      stderr: err,
      stdin: Readable.from(['{"from":"debugger"}']),
      env: {},
      signal: new AbortController().signal,
    });
    const ws = await url;
    assert.match(stderr, /Waiting for a debugger to attach/);
    // Nothing has run yet: the handler waits for the debugger.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stdout, '');
    // A minimal debugger (Node's WebSocket client): attach, let the runtime go.
    const attach = "const ws = new WebSocket(process.argv[1]); ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.runIfWaitingForDebugger' })); ws.onmessage = () => ws.close();";
    const client = spawn(process.execPath, ['--experimental-websocket', '-e', attach, ws], { stdio: 'ignore' });
    const code = await running;
    client.kill();
    assert.equal(code, 0, stderr);
    assert.deepEqual((JSON.parse(stdout) as { got: unknown }).got, { from: 'debugger' });
  });

  it('--inspect on a port in use is bad input (exit 2) and nothing runs', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await cli([path.join(fixtures, 'cjs'), '--handler', 'index.handler', `--inspect=${port}`]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.equal(r.stdout, '');
      const zero = await cli([path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--timeout', '0']);
      assert.equal(zero.code, 2, 'timeout 0 only with a debugger');
    } finally {
      server.close();
    }
  });

  it('takes defaults from lambda-workbench.json, then the env file, then --env', async () => {
    mkdirSync(path.join(ws, 'src'));
    writeFileSync(path.join(ws, 'src', 'app.js'), 'exports.handler = async (e, c) => ({ a: process.env.AA, b: process.env.BB, c: process.env.CC, mem: c.memoryLimitInMB, name: c.functionName, region: process.env.AWS_REGION });');
    writeFileSync(
      path.join(ws, 'lambda-workbench.json'),
      JSON.stringify({ FunctionName: 'orders', Handler: 'app.handler', CodeRoot: 'src', MemorySize: 512, Region: 'eu-west-1', Environment: { Variables: { AA: 'binding', BB: 'binding', CC: 'binding' } } }),
    );
    writeFileSync(path.join(ws, '.env.local'), 'BB=file\nCC=file\n');
    const r = await cli([ws, '--env-file', path.join(ws, '.env.local'), '--env', 'CC=flag']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { a: 'binding', b: 'file', c: 'flag', mem: '512', name: 'orders', region: 'eu-west-1' });
  });

  it('finds saved events of the function by name', async () => {
    mkdirSync(path.join(ws, '.lambda', 'events', 'basic'), { recursive: true });
    writeFileSync(path.join(ws, '.lambda', 'events', 'basic', 'hello.json'), '{"saved":true}');
    writeFileSync(path.join(ws, 'index.js'), 'exports.handler = async (e) => e;');
    const r = await cli([ws, '--handler', 'index.handler', '--function', 'basic', '--event', 'hello']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '{"saved":true}\n');
  });

  describe('a missing handler module and a syntax error are init errors, as the runtime reports them', () => {
    // The runtime's own recordings (test/conformance/recorded, made under the real aws-lambda-ric).
    const repo = path.resolve(__dirname, '../../../..');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const norm = require(path.join(repo, 'test/conformance/normalize.cjs')) as { normErrorBody(body: unknown, root: string): unknown };
    const cases: Array<[string, string, RegExp]> = [
      ['init-missing-module', 'missing.handler', /^hint: The handler file for "missing\.handler" was not found .*missing\.js.*Check the handler setting/m],
      ['init-syntax-error', 'syntax.handler', /^hint: syntax\.js has a syntax error at line 1, column 41: Expected identifier but found ";"\. Fix the file/m],
    ];
    for (const runtime of ['nodejs22.x', 'nodejs24.x']) {
      const recorded = JSON.parse(readFileSync(path.join(repo, 'test/conformance/recorded', `${runtime}.json`), 'utf8')) as { cases: Record<string, { initError: unknown }> };
      for (const [name, handler, hint] of cases) {
        it(`${name} (${runtime}): the runtime's error object on stdout, exit 1, the hint on stderr`, async () => {
          const root = path.join(fixtures, 'init-errors');
          const r = await cli([root, '--handler', handler, '--runtime', runtime]);
          assert.equal(r.code, 1, r.stderr);
          assert.deepEqual(norm.normErrorBody(JSON.parse(r.stdout), root), norm.normErrorBody(recorded.cases[name].initError, root));
          assert.match(r.stderr, hint);
          assert.match(r.stderr, /^START RequestId/m, 'the handler was run');
        });
      }
    }
  });

  describe('bad input: exit 2, a clear message, nothing runs', () => {
    const cases: Array<[string, () => string[], RegExp, string?]> = [
      ['a missing root', () => [path.join(fixtures, 'no-such-dir'), '--handler', 'index.handler'], /folder .*no-such-dir does not exist/],
      ['a missing CommonJS export', () => [path.join(fixtures, 'cjs'), '--handler', 'index.nope'], /index\.js does not export "nope"/],
      ['a missing ES module export', () => [path.join(fixtures, 'esm-mjs'), '--handler', 'index.nope'], /index\.mjs does not export "nope"/],
      ['a malformed handler', () => [path.join(fixtures, 'cjs'), '--handler', 'index'], /not of the form FILE\.EXPORT/],
      ['an unreadable event file', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--event', path.join(fixtures, 'missing.json')], /Cannot read the event file .*missing\.json/],
      ['invalid event JSON', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--event', '-'], /standard input is not valid JSON: .* at line 2, column 3/, '{\n  x'],
      ['a bad env-file line', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--env-file', path.join(fixtures, 'bad.env')], /bad\.env line 3: expected KEY=VALUE/],
      ['a bad --env', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--env', 'novalue'], /--env expects KEY=VALUE/],
      ['a timeout of 0', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--timeout', '0'], /--timeout must be a whole number from 1 to 900/],
      ['a timeout of 901', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--timeout', '901'], /--timeout must be a whole number from 1 to 900/],
      ['memory below 128', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--memory', '64'], /--memory must be a whole number from 128 to 10240/],
      ['an unsupported runtime', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--runtime', 'nodejs18.x'], /nodejs18\.x cannot be run locally/],
      ['a reserved variable', () => [path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--env', 'AWS_REGION=x'], /AWS_REGION is reserved/],
    ];
    for (const [name, args, message, stdin] of cases) {
      it(name, async () => {
        const r = await cli(args(), stdin);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /START RequestId/);
        assert.equal(r.stdout, '');
      });
    }
  });

  it('a log flood ends at the timeout with exit 1, the dropped records counted on stderr', async () => {
    const r = await cli([path.join(fixtures, 'hostile'), '--handler', 'index.floodLog', '--timeout', '1']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).errorType, 'Sandbox.Timedout');
    assert.match(r.stderr, /^\[lambda-workbench\] \d+ log record\(s\) dropped/m);
    assert.ok(r.stderr.length < 2 * 1024 * 1024, `stderr got ${r.stderr.length} characters`);
  });

  it('Buffer memory past --memory is Runtime.OutOfMemory (exit 1); a response over 6 MB is Function.ResponseSizeTooLarge (exit 1)', async () => {
    const oom = await cli([path.join(fixtures, 'hostile'), '--handler', 'index.bigBuffer', '--memory', '128', '--event', '-'], '{"mb":4096}');
    assert.equal(oom.code, 1);
    assert.equal(JSON.parse(oom.stdout).errorType, 'Runtime.OutOfMemory');
    assert.match(oom.stderr, /Max Memory Used: 128 MB/);
    const big = await cli([path.join(fixtures, 'hostile'), '--handler', 'index.bigResponse', '--event', '-'], '{"chars":7000000}');
    assert.equal(big.code, 1);
    assert.equal(JSON.parse(big.stdout).errorType, 'Function.ResponseSizeTooLarge');
  });

  it('an event over 6 MB runs with a warning on stderr that the service would refuse it', async () => {
    const ev = path.join(ws, 'big.json');
    writeFileSync(ev, JSON.stringify({ pad: 'p'.repeat(6_300_000), ms: 1 }));
    const r = await cli([path.join(fixtures, 'hostile'), '--handler', 'index.sleep', '--event', ev]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: .*big\.json: The event is 6300\d{3} bytes, over Lambda's 6291456-byte \(6 MB\) limit for a synchronous invoke: the service would refuse it with RequestTooLargeException \(413\)/m);
    assert.equal(r.stdout.trim(), '"slept"');
  });
});
