/**
 * Sync on save through the real CLI (`deploy <dir> --watch --json`) against the local Lambda API
 * server over real HTTP: the first sync at start, a sync per edit, no upload when nothing changed, a
 * burst of saves coalesced, a binding-file change applied as configuration, a broken binding file
 * reported without deploying defaults, and SIGINT in the middle of an upload.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ROLE, startHarness, type Harness } from './emulatorHarness';

const CLI = resolve(__dirname, '../../src/cli.js');

interface Watching {
  proc: ChildProcess;
  syncs: Array<{ action: string; codeSha256: string }>;
  stderr(): string;
  exited: Promise<number | null>;
}

function watchDeploy(dir: string, endpoint: string, extra: string[] = []): Watching {
  const proc = spawn(process.execPath, [CLI, 'deploy', dir, '--watch', '--json', '--endpoint', endpoint, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', LAMBDA_WORKBENCH_CACHE_DIR: join(dir, '..', 'cache') },
  });
  const syncs: Watching['syncs'] = [];
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  createInterface({ input: proc.stdout! }).on('line', (l) => syncs.push(JSON.parse(l)));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, syncs, stderr: () => err, exited };
}

async function until(what: string, probe: () => boolean, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stop(w: Watching, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  w.proc.kill(signal);
  const t = setTimeout(() => w.proc.kill('SIGKILL'), 10000);
  const code = await w.exited;
  clearTimeout(t);
  return code;
}

describe('deploy --watch (sync on save) against the local server', function () {
  this.timeout(60000);
  let h: Harness;
  let work: string;
  let dir: string;
  let name: string;
  let n = 0;

  const binding = (extra: Record<string, unknown> = {}) =>
    writeFileSync(join(dir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Region: 'us-east-1', MemorySize: 128, ...extra }, null, 2));

  beforeEach(async () => {
    h = await startHarness();
    work = mkdtempSync(join(tmpdir(), 'lw-sync-'));
    dir = join(work, 'fn');
    name = `sync-${process.pid}-${++n}`;
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
    binding();
  });
  afterEach(async () => {
    await h.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('syncs at start, uploads on an edit, and uploads nothing for a save that changes no packaged byte', async () => {
    const w = watchDeploy(dir, h.emulator.url);
    try {
      await until('the first sync', () => w.syncs.length === 1);
      assert.equal(w.syncs[0]!.action, 'created');
      writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 2;\n');
      await until('a sync after the edit', () => w.syncs.length === 2);
      assert.equal(w.syncs[1]!.action, 'updated');
      assert.notEqual(w.syncs[1]!.codeSha256, w.syncs[0]!.codeSha256);
      writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 2;\n'); // same bytes again
      await until('a sync after the no-op save', () => w.syncs.length === 3);
      assert.equal(w.syncs[2]!.action, 'unchanged');
      // Files the packager leaves out never trigger a sync.
      writeFileSync(join(dir, '.DS_Store'), 'x');
      mkdirSync(join(dir, '.lambda'), { recursive: true });
      writeFileSync(join(dir, '.lambda', 'note.txt'), 'x');
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(w.syncs.length, 3, w.stderr());
    } finally {
      assert.equal(await stop(w), 0, w.stderr());
    }
  });

  it('turns a burst of saves into at most two syncs', async () => {
    const w = watchDeploy(dir, h.emulator.url);
    try {
      await until('the first sync', () => w.syncs.length === 1);
      for (let i = 0; i < 15; i++) {
        writeFileSync(join(dir, 'index.js'), `exports.handler = async () => ${100 + i};\n`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await until('a sync after the burst', () => w.syncs.length >= 2);
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(w.syncs.length - 1 <= 2, `${w.syncs.length - 1} syncs for one burst`);
      const cfg = await h.client().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      assert.equal(cfg.CodeSha256, w.syncs.at(-1)!.codeSha256, 'the last save is what is deployed');
    } finally {
      await stop(w);
    }
  });

  it('applies a binding-file change as configuration, and a broken binding file deploys nothing until it is fixed', async () => {
    const w = watchDeploy(dir, h.emulator.url);
    try {
      await until('the first sync', () => w.syncs.length === 1);
      binding({ MemorySize: 256 });
      await until('a sync after the binding change', () => w.syncs.length === 2);
      assert.equal((await h.client().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).MemorySize, 256);
      writeFileSync(join(dir, 'lambda-workbench.json'), '{ "FunctionName": "' + name + '", "MemorySize": 512,'); // mid-edit
      await until('the failure to be reported', () => /sync failed/.test(w.stderr()));
      assert.equal(w.syncs.length, 2, 'nothing deployed from a broken binding file');
      assert.equal((await h.client().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).MemorySize, 256);
      binding({ MemorySize: 512 });
      await until('a sync once it is fixed', () => w.syncs.length === 3);
      assert.equal((await h.client().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).MemorySize, 512);
    } finally {
      await stop(w);
    }
  });

  it('SIGINT in the middle of an upload stops cleanly and says where the function stands', async () => {
    await h.close();
    h = await startHarness({ latencyMs: 1500 });
    const w = watchDeploy(dir, h.emulator.url);
    try {
      await until('the first sync', () => w.syncs.length === 1, 40000);
      writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => "changed";\n');
      // The second upload (the first was the create at start).
      await until('the upload to start', () => (w.stderr().match(/sync: uploading/g) ?? []).length >= 2, 20000);
    } finally {
      const code = await stop(w);
      assert.equal(code, 0, w.stderr());
    }
    assert.match(w.stderr(), /sync cancelled: .*was cancelled.*is now: State \w+/s);
    assert.match(w.stderr(), /sync stopped\./);
  });
});
