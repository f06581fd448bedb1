/**
 * Process isolation: each environment a Node child process with only the function's variables,
 * its own process group (killed whole at a timeout, a crash and dispose) and a limit on its real RSS.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createEnvironment, type LocalEnvironment } from '../../../src/core/invoke';
import { chooseNode } from '../../../src/core/invoke/nodeBinary';
import { treeKill } from '../../../src/core/invoke/processEnvironment';
import { cleanupTrees, makeTree } from '../package/helpers';

const HANDLER = `
const fs = require('fs');
const cp = require('child_process');
exports.handler = async (event) => {
  switch (event.op) {
    case 'env': return { keys: Object.keys(process.env).sort(), pid: process.pid, stage: process.env.STAGE };
    case 'environ': return fs.readFileSync('/proc/self/environ', 'utf8').split('\\0').filter(Boolean).map((l) => l.split('=')[0]).sort();
    case 'spawn': {
      const c = cp.spawn('sleep', ['300'], { stdio: 'ignore' });
      console.log('child ' + c.pid);
      if (event.then === 'exit') await new Promise(() => setTimeout(() => process.exit(3), 50));
      if (event.then === 'hang') await new Promise(() => {});
      return { child: c.pid };
    }
    case 'nested': {
      // Memory the runtime thread's own heap statistics never see: a thread of the handler's own.
      const { Worker } = require('worker_threads');
      new Worker('const keep = []; setInterval(() => keep.push(Buffer.alloc(16 * 1024 * 1024, 1)), 5);', { eval: true });
      await new Promise(() => {});
    }
    case 'grow': { const keep = []; for (;;) { keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 2)); } }
    default: return 'ok';
  }
};
`;

/** Dead: gone, or a zombie nobody has reaped yet (it runs nothing). Waits, bounded, for the kill to land. */
async function waitDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
      if (state === 'Z' || state === 'X') return true;
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const linux = process.platform === 'linux';

describe('process isolation', function () {
  this.timeout(60000);
  let dir: string;
  const envs: LocalEnvironment[] = [];
  const make = async (extra: Record<string, unknown> = {}): Promise<LocalEnvironment> => {
    const env = await createEnvironment({ codeDir: dir, handler: 'index.handler', isolation: 'process', environment: { STAGE: 'test' }, ...extra });
    envs.push(env);
    return env;
  };
  beforeEach(() => {
    dir = makeTree({ 'index.js': HANDLER });
  });
  afterEach(async () => {
    await Promise.all(envs.splice(0).map((e) => e.dispose()));
    cleanupTrees();
  });

  it('runs in its own process with only the function\'s variables', async () => {
    process.env.LW_HOST_ONLY_SECRET = 'host-secret';
    try {
      const env = await make();
      assert.equal(env.execution.isolation, 'process');
      const r = JSON.parse((await env.invoke({ op: 'env' })).payload) as { keys: string[]; pid: number; stage: string };
      assert.notEqual(r.pid, process.pid);
      assert.equal(r.stage, 'test');
      assert.ok(!r.keys.includes('LW_HOST_ONLY_SECRET'), r.keys.join());
      assert.ok(!r.keys.includes('HOME'), 'no host variables at all');
      assert.ok(r.keys.includes('AWS_LAMBDA_FUNCTION_NAME'));
      if (linux) {
        const environ = JSON.parse((await env.invoke({ op: 'environ' })).payload) as string[];
        for (const host of ['LW_HOST_ONLY_SECRET', 'HOME', 'NODE_CHANNEL_FD']) assert.ok(!environ.includes(host), `${host} in /proc/self/environ: ${environ.join()}`);
      }
    } finally {
      delete process.env.LW_HOST_ONLY_SECRET;
    }
  });

  it('holds the real RSS (ArrayBuffers included) to the memory size: Runtime.OutOfMemory, then a cold start', async () => {
    const env = await make({ memorySize: 192, timeout: 30 });
    const r = await env.invoke({ op: 'grow' });
    assert.equal(r.error?.errorType, 'Runtime.OutOfMemory');
    assert.equal(r.environmentReset, true);
    assert.equal(r.maxMemoryUsedMB, 192);
    const again = await env.invoke({});
    assert.equal(again.payload, '"ok"');
    assert.equal(again.coldStart, true);
  });

  it('counts memory the runtime thread cannot see (a thread the handler started) through the RSS', async () => {
    const env = await make({ memorySize: 192, timeout: 30 });
    const t0 = Date.now();
    const r = await env.invoke({ op: 'nested' });
    assert.equal(r.error?.errorType, 'Runtime.OutOfMemory', r.payload);
    assert.equal(r.maxMemoryUsedMB, 192);
    // Ended by the RSS limit, long before the 30 s timeout.
    assert.ok(Date.now() - t0 < 20000);
  });

  (linux ? it : it.skip)('kills the whole process group at a timeout, so the function\'s own children go too', async () => {
    const env = await make({ timeout: 1 });
    const spawned = await env.invoke({ op: 'spawn' });
    const { child } = JSON.parse(spawned.payload) as { child: number };
    const r = await env.invoke({ op: 'spawn', then: 'hang' });
    assert.equal(r.error?.errorType, 'Sandbox.Timedout');
    assert.ok(await waitDead(child), `the grandchild ${child} outlived the timeout`);
  });

  (linux ? it : it.skip)('kills the group on a crash and on dispose', async () => {
    const env = await make();
    const crash = await env.invoke({ op: 'spawn', then: 'exit' });
    assert.equal(crash.error?.errorType, 'Runtime.ExitError');
    const orphan = Number(/child (\d+)/.exec(crash.logs.map((l) => l.text).join('\n'))?.[1]);
    assert.ok(orphan > 0 && (await waitDead(orphan)), `the crashed environment's child ${orphan} is gone`);
    const env2 = await make();
    const { child } = JSON.parse((await env2.invoke({ op: 'spawn' })).payload) as { child: number };
    const { pid } = JSON.parse((await env2.invoke({ op: 'env' })).payload) as { pid: number };
    await env2.dispose();
    assert.ok(await waitDead(pid), 'the environment process is gone');
    assert.ok(await waitDead(child), 'its child is gone');
  });

  // Linux only: the test finds the environment through /proc.
  (linux ? it : it.skip)('ends when its host dies, even while it waits for a debugger to attach', async () => {
    const core = path.resolve(__dirname, '../../../src/core/invoke');
    const script = `
      const { createEnvironment } = require(${JSON.stringify(core)});
      createEnvironment({ codeDir: ${JSON.stringify(dir)}, handler: 'index.handler', inspect: { port: 0, wait: true } }).then((env) => {
        env.onInspector = () => console.log('listening');
        env.invoke({ op: 'env' }).catch(() => undefined);
      });`;
    const { spawn } = await import('node:child_process');
    const host = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        host.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
        host.once('exit', (code) => reject(new Error(`the host exited early (${code})`)));
      });
      const { readdirSync } = await import('node:fs');
      const parentOf = (pid: string): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
      const relays = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
        try {
          return parentOf(p) === host.pid;
        } catch {
          return false;
        }
      });
      assert.equal(relays.length, 1, 'the host started one environment process');
      host.kill('SIGKILL');
      assert.ok(await waitDead(Number(relays[0])), 'the environment process ended with its host');
    } finally {
      host.kill('SIGKILL');
    }
  });

  it('ends the process group on POSIX and the process tree (taskkill /T /F) on Windows', () => {
    assert.deepEqual(treeKill('linux', 4321), { group: -4321 });
    assert.deepEqual(treeKill('darwin', 7), { group: -7 });
    assert.deepEqual(treeKill('win32', 4321), { command: 'taskkill', args: ['/pid', '4321', '/T', '/F'] });
  });

  it('runs the Node matching the runtime from PATH, else its own, and says which', () => {
    const bin = makeTree({});
    const fake = path.join(bin, process.platform === 'win32' ? 'node22.cmd' : 'node22');
    writeFileSync(fake, '#!/bin/sh\necho v22.7.0\n');
    chmodSync(fake, 0o755);
    const host = { execPath: '/opt/host/node', version: 'v20.1.0', electron: true };
    const matched = chooseNode('nodejs22.x', { PATH: bin }, host);
    assert.deepEqual([matched.path, matched.version, matched.matches, matched.electron], [fake, 'v22.7.0', true, false]);
    assert.match(matched.description, /Node v22\.7\.0 from .*node22 \(matches nodejs22\.x\)/);
    const fallback = chooseNode('nodejs24.x', { PATH: bin }, host);
    assert.deepEqual([fallback.path, fallback.matches, fallback.electron], ['/opt/host/node', false, true]);
    assert.match(fallback.description, /the editor's own Node .*no Node 24 on PATH for nodejs24\.x/);
    mkdirSync(path.join(bin, 'empty'));
    assert.ok(existsSync(fake));
  });
});
