// Local invoke benchmark: a trivial handler's cold invoke (new environment + module load) and warm
// invoke, ours (dist/engine.js: a worker thread per environment) against lambda-local (npm, runs
// the handler in the calling process) on the same handler, in one run.
// Run from the repo root after `npm run build`: node bench/invoke.mjs [--cold N] [--warm N] [--no-write]
// Writes bench/invoke.md (npm run bench gathers it into bench/README.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberArg } from './args.mjs';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const engine = require(join(root, 'dist', 'engine.js'));
const lambdaLocal = require('lambda-local');

const COLD = numberArg('--cold', 40);
const WARM = numberArg('--warm', 2000);
const IDLE_MS = 50; // between cold starts, as when a user edits and re-runs

const dir = mkdtempSync(join(tmpdir(), 'lw-bench-invoke-'));
writeFileSync(join(dir, 'index.js'), 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n');
const event = { hello: 'world' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), n: s.length };
}

async function oursCold(isolation = 'thread') {
  const out = [];
  for (let i = 0; i < COLD; i++) {
    await sleep(IDLE_MS);
    const t = performance.now();
    const env = await engine.createEnvironment({ codeDir: dir, handler: 'index.handler', isolation });
    const r = await env.invoke(event);
    out.push(performance.now() - t);
    if (r.functionError) throw new Error(r.payload);
    await env.dispose();
  }
  return out;
}

/** Without a spare worker ready: the thread start is part of the cold start. */
async function oursColdNoSpare() {
  engine.setSpareWorkers(false);
  try {
    return await oursCold();
  } finally {
    engine.setSpareWorkers(true);
  }
}

// lambda-local touches process.env; keep the bench's own environment intact.
const savedEnv = { ...process.env };
const restoreEnv = () => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
};
lambdaLocal.setLogger({ log() {}, info() {}, warn() {}, error() {}, debug() {}, transports: [] });

/** lambda-local's own way to a new environment: its CLI, one process per invoke. */
async function llColdCli() {
  const cli = require.resolve('lambda-local/build/cli.js');
  const eventFile = join(dir, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const out = [];
  for (let i = 0; i < COLD; i++) {
    await sleep(IDLE_MS);
    const t = performance.now();
    const code = await new Promise((res) => {
      const child = spawn(process.execPath, [cli, '-l', join(dir, 'index.js'), '-h', 'handler', '-e', eventFile, '-v', '0'], { stdio: 'ignore' });
      child.on('exit', res);
    });
    out.push(performance.now() - t);
    if (code !== 0) throw new Error(`lambda-local exited with ${code}`);
  }
  return out;
}

async function llCold() {
  const out = [];
  for (let i = 0; i < COLD; i++) {
    await sleep(IDLE_MS);
    const t = performance.now();
    // lambdaPath: lambda-local drops the module from require.cache and loads it again.
    await lambdaLocal.execute({ event, lambdaPath: join(dir, 'index.js'), lambdaHandler: 'handler', timeoutMs: 3000, verboseLevel: 0 });
    out.push(performance.now() - t);
    restoreEnv();
  }
  return out;
}

/**
 * Warm invokes of both, in alternating blocks, so a change in the machine's load (it is shared)
 * hits both sides alike.
 */
async function warmBoth(isolation = 'thread') {
  const env = await engine.createEnvironment({ codeDir: dir, handler: 'index.handler', isolation });
  await env.invoke(event);
  const mod = require(join(dir, 'index.js'));
  const ours = [];
  const ll = [];
  const BLOCK = 100;
  for (let done = 0; done < WARM; done += BLOCK) {
    for (let i = 0; i < BLOCK; i++) {
      const t = performance.now();
      await env.invoke(event);
      ours.push(performance.now() - t);
    }
    for (let i = 0; i < BLOCK; i++) {
      const t = performance.now();
      await lambdaLocal.execute({ event, lambdaFunc: mod, lambdaHandler: 'handler', timeoutMs: 3000, verboseLevel: 0 });
      ll.push(performance.now() - t);
    }
  }
  restoreEnv();
  await env.dispose();
  return { ours: stats(ours), ll: stats(ll) };
}

try {
  // Interleave a short warm-up so neither side pays first-use costs inside the measurement.
  await engine.createEnvironment({ codeDir: dir, handler: 'index.handler' }).then(async (e) => (await e.invoke(event), e.dispose()));
  await lambdaLocal.execute({ event, lambdaPath: join(dir, 'index.js'), verboseLevel: 0 });
  restoreEnv();

  const cold = stats(await oursCold());
  const llCli = stats(await llColdCli());
  const rows = [
    ['cold: new environment + module load (lambda-local: its CLI, a process per invoke)', cold, llCli, 100],
    // Both sides start a Node process per cold start here: the like-for-like row for process isolation.
    ['cold, process isolation: a Node child process per environment (lambda-local: its CLI, a process per invoke)', stats(await oursCold('process')), llCli, undefined],
    ['cold, no spare worker ready (thread start included)', stats(await oursColdNoSpare()), undefined, 100],
    ['module reload only, no new environment (lambda-local in-process, lambdaPath)', cold, stats(await llCold()), undefined],
  ];
  const warm = await warmBoth();
  rows.push(['warm invoke (alternating blocks of 100)', warm.ours, warm.ll, 5]);
  const warmProcess = await warmBoth('process');
  rows.push(['warm invoke, process isolation (event over a pipe to the child; alternating blocks of 100)', warmProcess.ours, warmProcess.ll, undefined]);
  const fmt = (n) => n.toFixed(2);
  const table = [
    '| case | ours median | ours p95 | lambda-local median | lambda-local p95 | ours ÷ lambda-local (median) | target |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const [name, ours, ll, target] of rows) {
    const ratio = ll ? `${(ours.median / ll.median).toFixed(2)}×` : 'n/a';
    const goal = target === undefined ? 'reference' : `< ${target} ms: ${ours.median < target ? 'met' : 'MISSED'}`;
    table.push(`| ${name} | ${fmt(ours.median)} ms | ${fmt(ours.p95)} ms | ${ll ? fmt(ll.median) + ' ms' : 'n/a'} | ${ll ? fmt(ll.p95) + ' ms' : 'n/a'} | ${ratio} | ${goal} |`);
  }
  const [cpu] = os.cpus();
  const md = [
    '# Local invoke benchmark (`node bench/invoke.mjs`)',
    '',
    `A trivial handler (\`exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) })\`), ${COLD} cold and ${WARM} warm invokes per row (each side), timed from the caller (create + invoke, until the result is back).`,
    'Ours is `createEnvironment()` + `invoke()` from dist/engine.js: every environment is its own worker thread (own env vars, heap cap from MemorySize, timeout by terminating the thread).',
    'lambda-local (npm, same handler, same run) executes the handler inside the calling process; its only way to a new environment is its CLI, a new Node process per invoke.',
    'The process-isolation rows (`isolation: \'process\'`) do the same work as thread mode plus a Node child process per environment (clean environment, own process group, RSS limit) and a pipe hop per message; against lambda-local\'s CLI both sides start one Node process per cold start.',
    '',
    ...table,
    '',
    `- cold: ${IDLE_MS} ms idle before each cold start, as when a user edits and re-runs. After the first cold start one booted spare worker per memory size waits (it never ran user code), so a cold start pays for loading the function, not for starting a thread; the second row shows the cost without it.`,
    '- "module reload only" is what lambda-local calls a fresh load in-process: it drops the file from require.cache and requires it again. There is no new environment (module state of dependencies, process.env and globals carry over), so it is a reference, not a like-for-like cold start.',
    '- warm: one environment, back-to-back invokes, in blocks of 100 alternating with lambda-local so load changes hit both; measured is the whole round trip (event to the worker thread, handler, result back, START/END/REPORT lines built). An idle runtime spins (up to 1 ms) before it blocks while invokes come back to back (as here), which saves the thread wake-up when the next event follows at once; the tail (p95) pays for the thread hops lambda-local does not make.',
    '',
    `Machine: ${os.cpus().length} × ${cpu?.model?.trim() ?? 'CPU'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} after the run. The machine is shared; sub-millisecond timings move with its load by ±30 %.`,
  ].join('\n');
  console.log(md);
  if (!process.argv.includes('--no-write')) {
    writeFileSync(join(root, 'bench', 'invoke.md'), md + '\n');
    console.log('\nwrote bench/invoke.md');
  }
  await engine.disposeSpareWorkers();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
