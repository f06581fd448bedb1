// Log-flood benchmark: `lambda-workbench invoke` on a handler that prints 1 KB records in an endless
// synchronous loop, against the same endless loop printing nothing (the quiet peer), both with the
// same --timeout and --memory, in the same run. Measures how long the CLI takes to report the
// timeout (wall time from start to exit) and its peak RSS. Both sides do the same work: start the
// CLI, cold-start an environment, spin until the timeout ends it, print the error, exit.
// Run from the repo root after `npm run build`: node bench/logflood.mjs [--runs N] [--timeout S] [--no-write]
// Writes bench/logflood.md (npm run bench gathers it into bench/README.md). Linux only (/proc).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberArg } from './args.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const RUNS = numberArg('--runs', 3);
const TIMEOUT = numberArg('--timeout', 3);

const dir = mkdtempSync(join(tmpdir(), 'lw-bench-flood-'));
writeFileSync(join(dir, 'flood.js'), "exports.handler = async () => { for (;;) console.log('x'.repeat(1023)); };\n");
writeFileSync(join(dir, 'quiet.js'), 'exports.handler = async () => { for (;;) { /* spin */ } };\n');

/** Peak resident set of a running process (VmHWM), in bytes; 0 once it is gone. */
function highWater(pid) {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** One CLI run: wall ms to exit, peak RSS (last VmHWM seen, sampled every 10 ms), stderr bytes, the REPORT line's Duration. */
function once(handler) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'invoke', dir, '--handler', `${handler}.handler`, '--timeout', String(TIMEOUT), '--memory', '128'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    let stderrBytes = 0;
    let tail = '';
    let stdout = '';
    const sampler = setInterval(() => (peak = Math.max(peak, highWater(child.pid))), 10);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderrBytes += d.length;
      tail = (tail + d.toString()).slice(-4096);
    });
    // A run that never ends is the failure this benchmark exists for: give up at 10× the timeout.
    const guard = setTimeout(() => child.kill('SIGKILL'), TIMEOUT * 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(guard);
      const ms = performance.now() - t0;
      const reported = /Duration: ([\d.]+) ms/.exec(tail.split('\n').find((l) => l.startsWith('REPORT')) ?? '')?.[1];
      const dropped = /\] (\d+) log record\(s\) dropped/.exec(tail)?.[1];
      const timedOut = stdout.includes('Sandbox.Timedout');
      resolvePromise({ ms, peak, stderrBytes, reportedMs: reported ? Number(reported) : NaN, dropped: dropped ? Number(dropped) : 0, code, timedOut });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { flood: [], quiet: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    // Alternate, so the machine's load drifts over both sides alike.
    for (const side of i % 2 ? ['quiet', 'flood'] : ['flood', 'quiet']) results[side].push(await once(side));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const [side, runs] of Object.entries(results)) {
  for (const r of runs) if (!r.timedOut || r.code !== 1) throw new Error(`${side}: expected a timeout and exit 1, got exit ${r.code}`);
}

const mb = (b) => (b / 1048576).toFixed(0);
const row = (name, runs, peer) => {
  const ms = median(runs.map((r) => r.ms));
  const rss = Math.max(...runs.map((r) => r.peak));
  const pms = median(peer.map((r) => r.ms));
  const prss = Math.max(...peer.map((r) => r.peak));
  return `| ${name} | ${ms.toFixed(0)} ms | ${median(runs.map((r) => r.reportedMs)).toFixed(0)} ms | ${(ms / pms).toFixed(2)} | ${mb(rss)} MB | ${(rss / prss).toFixed(2)} | ${(median(runs.map((r) => r.stderrBytes)) / 1048576).toFixed(1)} MB | ${median(runs.map((r) => r.dropped))} |`;
};
const flood = results.flood;
const quiet = results.quiet;
const timeRatio = median(flood.map((r) => r.ms)) / median(quiet.map((r) => r.ms));
const rssFlood = Math.max(...flood.map((r) => r.peak));
const rssQuiet = Math.max(...quiet.map((r) => r.peak));
const [cpu] = os.cpus();
const md = [
  '# Log-flood benchmark (`node bench/logflood.mjs`)',
  '',
  `\`lambda-workbench invoke DIR --handler H --timeout ${TIMEOUT} --memory 128\`, ${RUNS} runs per side, alternating. The flooding handler is`,
  "`for (;;) console.log('x'.repeat(1023))`; its peer, the quiet handler, is the same endless loop printing nothing. Both do the same work:",
  'start the CLI, cold-start an environment, spin until the timeout ends it, print the error object, exit 1. Wall time is from',
  "spawning the CLI to its exit (Node start-up included); peak RSS is the CLI process's VmHWM (the worker thread is inside it).",
  '',
  '| handler | median wall to timeout + exit | REPORT Duration | × quiet | peak RSS (max of runs) | × quiet | log on stderr | records dropped |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  row('flooding: 1 KB records in a synchronous loop', flood, quiet),
  row('quiet: the same loop, no output (peer)', quiet, quiet),
  '',
  `- time to the timeout: ${timeRatio.toFixed(2)}× the quiet handler's (target ≤ 1.2×: ${timeRatio <= 1.2 ? 'met' : 'not met'}).`,
  `- peak RSS: ${mb(rssFlood)} MB against ${mb(rssQuiet)} MB (target ≤ quiet + 100 MB: ${rssFlood <= rssQuiet + 100 * 1048576 ? 'met' : 'not met'}). Before issue 15 the same flood grew the CLI to 10.8 GB and V8 aborted after 82 s with no timeout reported.`,
  '- the log delivered is bounded at 1 MB of function output per invocation; the rest is counted in one `[lambda-workbench] N log record(s) dropped` line.',
  '',
  `Machine: ${os.cpus().length} × ${cpu?.model?.trim() ?? 'CPU'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} after the run. The machine is shared; wall times move with its load.`,
].join('\n');
console.log(md);
if (!process.argv.includes('--no-write')) {
  writeFileSync(join(root, 'bench', 'logflood.md'), md + '\n');
  console.log('\nwrote bench/logflood.md');
}
