// `npm test`: every check in order — deps, lint, type-check, build, unit, api (core against the
// local server over HTTP), integration (inside a real VS Code), package (.vsix), e2e (the UI in
// Chromium). Every stage runs even when an earlier one failed (unless it needs that one's output),
// each prints its counts, and the last line is exactly `Summary: N passed, M failed` (CI parses it).
//
//   node scripts/test.mjs [--only unit,api] [--skip e2e] [--bail]
// Checks that are not test suites (lint, compile, build, package) count as one test each.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS_DIR, ROOT } from './vscode/paths.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    bail: { type: 'boolean', default: false },
  },
});

// We hold the AWS SDK at releases whose engines accept Node 20 (the extension host of the VS Code
// versions we support; test/unit/manifest checks it), so the SDK's "future releases need Node 22"
// notice says nothing about this build: keep it out of the test output (docs/platforms.md).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const RESULTS = join(ARTIFACTS_DIR, 'test-results');
const MIN = 60 * 1000;
const mochaBin = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = join(ROOT, 'scripts', 'vscode', 'mocha-counts-reporter.cjs');

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(full));
    else if (e.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

const running = new Set();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    // Stages run in their own process groups: pass the signal on, then give up.
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    console.error(`\n[test] ${sig}: stopped.`);
    console.log('Summary: 0 passed, 1 failed');
    setTimeout(() => {
      for (const pid of running) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }, 3000);
  });
}

/** Runs a command as its own process group with a time limit; resolves to its exit code. */
function run(cmd, args, { env = {}, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true, env: { ...process.env, ...env } });
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* gone */
      }
    };
    const onExit = () => kill('SIGKILL');
    process.on('exit', onExit);
    running.add(child.pid);
    const timer = setTimeout(() => {
      console.error(`\n[test] ${cmd} ${args.join(' ')} exceeded ${timeoutMs / MIN} min: stopping it.`);
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 5000).unref();
    }, timeoutMs);
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => {
      running.delete(child.pid);
      clearTimeout(timer);
      process.off('exit', onExit);
      kill('SIGKILL'); // anything it left behind in its group
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function readResult(file, code) {
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    // A suite that reported no failures but exited non-zero failed outside its tests.
    if (code !== 0 && r.failed === 0) r.failed = 1;
    return r;
  }
  return { passed: 0, failed: 1, pending: 0, note: `no result (exit ${code})` };
}

const check = (name, cmd, args, timeoutMs, env) => ({
  name,
  async run() {
    const code = await run(cmd, args, { timeoutMs, env });
    return code === 0 ? { passed: 1, failed: 0, pending: 0 } : { passed: 0, failed: 1, pending: 0, note: `exit ${code}` };
  },
});

const mochaStage = (name, dir, needs, testTimeoutMs = 20000) => ({
  name,
  needs,
  async run() {
    const files = findTests(join(ROOT, dir));
    if (files.length === 0) return { passed: 0, failed: 0, pending: 0, note: `no tests in ${dir}` };
    const file = join(RESULTS, `${name}.json`);
    const code = await run(process.execPath, [mochaBin, '--no-config', '--reporter', reporter, '--timeout', String(testTimeoutMs), '--exit', ...files.map((f) => relative(ROOT, f))], {
      timeoutMs: 10 * MIN,
      env: { LW_MOCHA_RESULT_FILE: file },
    });
    return readResult(file, code);
  },
});

const runnerStage = (name, script, timeoutMs, needs) => ({
  name,
  needs,
  async run() {
    const file = join(RESULTS, `${name}.json`);
    const code = await run(process.execPath, [join(ROOT, 'scripts', script), '--no-build', '--result-file', file], { timeoutMs });
    return readResult(file, code);
  },
});

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const STAGES = [
  check('deps', process.execPath, [join(ROOT, 'scripts', 'ensure-deps.mjs')], 15 * MIN),
  check('system', process.execPath, [join(ROOT, 'scripts', 'ensure-system.mjs')], 20 * MIN),
  check('lint', npm, ['run', '--silent', 'lint'], 10 * MIN),
  check('compile', npm, ['run', '--silent', 'compile'], 10 * MIN),
  check('build', npm, ['run', '--silent', 'build:prod'], 10 * MIN),
  mochaStage('unit', 'out/test/unit', ['compile']),
  mochaStage('api', 'out/test/api', ['compile', 'build']),
  runnerStage('integration', 'run-integration.mjs', 20 * MIN, ['compile', 'build']),
  // The configuration webview's page in headless Chromium (installed by the integration stage's set-up).
  mochaStage('browser', 'out/test/browser', ['compile', 'build'], 60000),
  // Every platform's .vsix (the host's also as dist/lambda-workbench.vsix, which e2e installs), then
  // their contents: one esbuild binary each, of the right format and CPU; the manifest; a real install.
  check('package', npm, ['run', '--silent', 'package:all'], 15 * MIN),
  mochaStage('vsix', 'out/test/package', ['compile', 'package'], 120000),
  // A fresh clone of HEAD must build with `npm ci && npm run build` alone (generated files included).
  check('clean-build', process.execPath, [join(ROOT, 'scripts', 'clean-build.mjs')], 15 * MIN),
  runnerStage('e2e', 'run-e2e.mjs', 25 * MIN, ['compile', 'package']),
];

function selected() {
  const only = opts.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const skip = new Set(opts.skip?.split(',').map((s) => s.trim()) ?? []);
  let names = only ? new Set(only) : new Set(STAGES.map((s) => s.name));
  if (only) {
    // Pull in what the chosen stages need (their output), plus deps.
    names.add('deps');
    for (const s of STAGES) if (names.has(s.name)) for (const n of s.needs ?? []) names.add(n);
    if (names.has('package')) names.add('build');
  }
  for (const s of skip) names.delete(s);
  const unknown = [...(only ?? []), ...skip].filter((n) => !STAGES.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${STAGES.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  return STAGES.filter((s) => names.has(s.name));
}

async function main() {
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const t0 = Date.now();
  const rows = [];
  const failedStages = new Set();
  for (const stage of selected()) {
    // compile failures still emit JavaScript, so only a failed bundle or package blocks later stages.
    const broken = (stage.needs ?? []).filter((n) => failedStages.has(n) && n !== 'compile');
    console.log(`\n━━ ${stage.name} ${'━'.repeat(Math.max(0, 60 - stage.name.length))}`);
    const ts = Date.now();
    let r;
    if (broken.length) {
      r = { passed: 0, failed: 1, pending: 0, note: `not run: ${broken.join(', ')} failed` };
    } else {
      try {
        r = await stage.run();
      } catch (e) {
        r = { passed: 0, failed: 1, pending: 0, note: String(e.message ?? e) };
      }
    }
    r.seconds = (Date.now() - ts) / 1000;
    if (r.failed > 0) failedStages.add(stage.name);
    rows.push({ name: stage.name, ...r });
    console.log(`── ${stage.name}: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}${r.note ? ` (${r.note})` : ''} in ${r.seconds.toFixed(1)}s`);
    if (opts.bail && r.failed > 0) break;
  }
  const passed = rows.reduce((n, r) => n + r.passed, 0);
  const failed = rows.reduce((n, r) => n + r.failed, 0);
  console.log(`\n${'stage'.padEnd(12)} ${'passed'.padStart(6)} ${'failed'.padStart(6)} ${'pending'.padStart(7)} ${'time'.padStart(8)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(12)} ${String(r.passed).padStart(6)} ${String(r.failed).padStart(6)} ${String(r.pending ?? 0).padStart(7)} ${(r.seconds.toFixed(1) + 's').padStart(8)}${r.note ? `  ${r.note}` : ''}`);
  }
  // CI keeps only the tail of the log: name every failed test here, just above the summary.
  const failures = rows.flatMap((r) => (r.failures ?? []).map((f) => `  ${r.name}: ${f.title}${f.error ? ` — ${f.error}` : ''}`));
  if (failures.length) console.log(`failed tests:\n${failures.slice(0, 30).join('\n')}${failures.length > 30 ? `\n  … and ${failures.length - 30} more` : ''}`);
  console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)}s${failedStages.size ? `; failed stages: ${[...failedStages].join(', ')}` : ''}`);
  console.log(`Summary: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('Summary: 0 passed, 1 failed');
    process.exit(1);
  },
);
