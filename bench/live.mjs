// The live loop: how long from a save to the result (invoke --watch) and from a save to the
// function updated on the local server (deploy --watch, 0 ms injected latency), for a small
// handler. Both run through the real CLI, as a user runs them; each sample is one save, timed from
// the moment the file is written to the moment the CLI prints the new result / sync line.
//
//   node bench/live.mjs [--runs N] [--no-write]     (after npm run build)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const WRITE = !args.includes('--no-write');
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function start(argv, env = ENV) {
  const proc = spawn(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const lines = [];
  const waiters = [];
  createInterface({ input: proc.stdout }).on('line', (l) => {
    lines.push({ l, t: performance.now() });
    for (const w of waiters.splice(0)) w();
  });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const next = (count, ms = 20000) =>
    new Promise((res, rej) => {
      const check = () => (lines.length >= count ? res(lines[count - 1]) : waiters.push(check));
      const timer = setTimeout(() => rej(new Error(`no line ${count} within ${ms} ms; stderr:\n${err}`)), ms);
      check();
      return timer;
    });
  return { proc, lines, next, stderr: () => err };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const settle = () => new Promise((r) => setTimeout(r, 400));

async function watchSamples(dir) {
  const w = start(['invoke', dir, '--handler', 'index.handler', '--watch']);
  await w.next(1);
  while (!/watch: watching/.test(w.stderr())) await settle();
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    await settle();
    const t0 = performance.now();
    writeFileSync(join(dir, 'index.js'), `exports.handler = async () => ({ run: ${i} });\n`);
    const line = await w.next(i + 2);
    out.push(line.t - t0);
  }
  w.proc.kill('SIGINT');
  return out;
}

async function syncSamples(dir, endpoint) {
  const w = start(['deploy', dir, '--watch', '--json', '--endpoint', endpoint], { ...ENV, LAMBDA_WORKBENCH_CACHE_DIR: join(dir, '..', 'cache') });
  await w.next(1, 60000);
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    await settle();
    const t0 = performance.now();
    writeFileSync(join(dir, 'index.js'), `exports.handler = async () => ({ run: ${i} });\n`);
    const line = await w.next(i + 2);
    if (JSON.parse(line.l).action !== 'updated') throw new Error(`expected an update, got ${line.l}`);
    out.push(line.t - t0);
  }
  w.proc.kill('SIGINT');
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'lw-bench-live-'));
try {
  const dir = join(work, 'fn');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => ({ run: -1 });\n');
  writeFileSync(join(dir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'bench-live', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Region: 'us-east-1' }));
  const load0 = loadavg()[0];
  const watch = await watchSamples(dir);
  const emu = start(['emulator', '--port', '0', '--state-delay', '0']);
  const endpoint = /^listening (\S+)/.exec((await emu.next(1)).l)[1];
  const sync = await syncSamples(dir, endpoint);
  emu.proc.kill('SIGTERM');
  const load1 = loadavg()[0];
  const table = [
    '| loop | median | p90 | target |',
    '|---|---:|---:|---:|',
    `| save → result (\`invoke --watch\`, fresh environment per save) | ${median(watch).toFixed(0)} ms | ${p90(watch).toFixed(0)} ms | ≤ 150 ms |`,
    `| save → synced (\`deploy --watch\`, local server, 0 ms latency) | ${median(sync).toFixed(0)} ms | ${p90(sync).toFixed(0)} ms | |`,
  ].join('\n');
  const env = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${RUNS} saves each, load average ${load0.toFixed(1)} before / ${load1.toFixed(1)} after`;
  console.log(`\n${table}\n\n${env}`);
  if (WRITE) {
    writeFileSync(
      join(ROOT, 'bench', 'live.md'),
      `# Live loop (\`node bench/live.mjs\`)

A small CommonJS handler; each sample is one save, timed from writing the file to the CLI printing the new
result (watch) or the sync line with \`"action":"updated"\` (sync: package, CodeSha256 check, UpdateFunctionCode,
wait for Successful). Includes the debounce (watch 40 ms, sync 300 ms): that is what a user waits.
No peer runs the same loop without Docker or CloudFormation, so the rows are against the targets.

${table}

Machine: ${env}.
`,
    );
    console.log('wrote bench/live.md');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
