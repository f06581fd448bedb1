/**
 * Event input that used to hang or mislead: a FIFO or device as --event (refused, exit 2, at once),
 * a UTF-8 byte order mark (dropped everywhere an event is read), and CLI commands that must end on
 * SIGINT/SIGTERM even while blocked reading. FIFOs are made in temp folders only.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createEnvironment } from '../../../src/core/invoke/environment';
import { readEventFile, saveEvent } from '../../../src/core/invoke/events';
import { runCli, type CliRun } from '../../support/cli';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/invoke');
const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli.js');
const BOM = '\uFEFF';

const cli = (args: string[], stdin = ''): Promise<CliRun> => runCli(args, stdin);

/** Spawns the CLI, sends `signal` once `ready` matches its stderr (or at once), and resolves on exit. */
function spawnAndSignal(args: string[], signal: NodeJS.Signals, ready?: RegExp): Promise<{ code: number | null; ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let sentAt = 0;
    const send = () => {
      if (sentAt) return;
      sentAt = Date.now();
      child.kill(signal);
    };
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (ready?.test(stderr)) send();
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI ignored ${signal}: ${stderr}`));
    }, 40_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, ms: Date.now() - sentAt, stderr });
    });
    // stdin stays open: `--event -` blocks reading it.
    if (!ready) setTimeout(send, 1500);
  });
}

describe('event input: non-regular files, BOM, signals', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(path.join(tmpdir(), 'lw-event-in-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('--event naming a FIFO exits 2 at once, naming the file and why', async () => {
    const fifo = path.join(ws, 'event.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const r = await cli(['invoke', path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--event', fifo]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /The event file .*event\.json is a named pipe \(FIFO\), not a regular file/);
    assert.equal(r.stdout, '');
    assert.ok(Date.now() - started < 5000);
  });

  it('--env-file naming a FIFO exits 2 at once', async () => {
    const fifo = path.join(ws, 'vars.env');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['invoke', path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--env-file', fifo]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /named pipe/);
  });

  it('a lambda-workbench.json that is a FIFO is refused (exit 2), not waited on', async () => {
    execFileSync('mkfifo', [path.join(ws, 'lambda-workbench.json')]);
    writeFileSync(path.join(ws, 'index.js'), 'exports.handler = async () => 1;');
    const r = await cli(['package', ws]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /lambda-workbench\.json .* is a named pipe/);
  });

  it('an event file with a UTF-8 BOM reaches the handler as plain JSON (file, stdin, saved event, invokeJson)', async () => {
    const ev = path.join(ws, 'bom.json');
    writeFileSync(ev, `${BOM}{"from":"bom"}`);
    assert.equal((await readEventFile(ev)).text, '{"from":"bom"}');
    const r = await cli(['invoke', path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--event', ev, '--event', '-'], `${BOM}{"from":"stdin"}`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { got: unknown });
    assert.deepEqual(lines.map((l) => l.got), [{ from: 'bom' }, { from: 'stdin' }]);
    await saveEvent(ws, 'fn', 'saved', `${BOM}{"a":1}`, { json: true }).catch((e: unknown) => assert.fail(String(e)));
    const env = await createEnvironment({ codeDir: path.join(fixtures, 'cjs'), handler: 'index.handler' });
    try {
      const res = await env.invokeJson(`${BOM}{"direct":true}`);
      assert.deepEqual((JSON.parse(res.payload) as { got: unknown }).got, { direct: true });
    } finally {
      await env.dispose();
    }
  });

  it('invoke --event - blocked on an open stdin ends on SIGTERM and on SIGINT', async function () {
    this.timeout(90_000);
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      const r = await spawnAndSignal(['invoke', path.join(fixtures, 'cjs'), '--handler', 'index.handler', '--event', '-'], sig);
      assert.notEqual(r.code, 0, r.stderr);
      assert.notEqual(r.code, null);
      assert.ok(r.ms < 10_000, `${sig}: exited ${r.ms} ms after the signal`);
      assert.match(r.stderr, /cancelled/);
    }
  });

  it('a handler that never returns: SIGTERM still ends invoke promptly', async function () {
    this.timeout(90_000);
    const dir = path.join(ws, 'spin');
    execFileSync('mkdir', [dir]);
    writeFileSync(path.join(dir, 'index.js'), "exports.handler = async () => { console.log('spinning'); for (;;) {} };");
    const r = await spawnAndSignal(['invoke', dir, '--handler', 'index.handler', '--timeout', '600'], 'SIGTERM', /spinning/);
    assert.notEqual(r.code, 0);
    assert.ok(r.ms < 10_000, `exited ${r.ms} ms after the signal`);
  });
});
