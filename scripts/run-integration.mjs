// Runs the integration suite (test/integration, mocha) inside a real VS Code extension host:
// - code-server route (default here and on CI): a fresh code-server per run, loaded in headless
//   Chromium through the workbench's `payload` URL; pass/fail comes from `codeAutomationExit`.
// - @vscode/test-electron route: when VSCODE_EXECUTABLE is set, or LW_VSCODE_ROUTE=electron (which
//   may download VS Code), or a VS Code downloaded earlier sits in .vscode-test/.
// Before the run: build, start the local Lambda API server seeded in two regions, copy the example
// workspace and point the extension at the server (environment + workspace settings).
//
//   node scripts/run-integration.mjs [--grep TEXT] [--timeout-min N] [--keep] [--no-build]
//                                    [--route code-server|electron] [--result-file F]
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, parseArgs } from 'node:util';
import { setupVscode } from './setup-vscode.mjs';
import { launchBrowser } from './vscode/browser.mjs';
import { buildForTests, ensureDeps } from './vscode/build.mjs';
import { ROOT, ARTIFACTS_DIR } from './vscode/paths.mjs';
import { spawnGroup, stopAll } from './vscode/procs.mjs';
import { startStack } from './vscode/stack.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'timeout-min': { type: 'string', default: process.env.LW_INTEGRATION_TIMEOUT_MIN ?? '10' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    route: { type: 'string', default: process.env.LW_VSCODE_ROUTE },
    'result-file': { type: 'string' },
    workspace: { type: 'string' },
  },
});
const TIMEOUT_MS = Number(opts['timeout-min']) * 60 * 1000;
const TESTS_ENTRY = 'out/test/integration/index.js';
const BASELINE_EXTENSIONS = [join(ROOT, 'test', 'fixtures', 'baseline-extension'), join(ROOT, 'test', 'fixtures', 'baseline-extension', 'warmup')];
const log = (m) => console.log(`[integration] ${m}`);
const SUITE_MARKER = '[lambda-workbench] integration suite';
/** Harmless offline failures of the workbench: the Open VSX gallery, vsda, telemetry. */
const OFFLINE_NOISE = /open-vsx|vsda|ENOTFOUND|Failed to fetch|marketplace|gallery/i;

function chooseRoute() {
  if (opts.route === 'code-server' || opts.route === 'electron') return opts.route;
  if (process.env.VSCODE_EXECUTABLE) return 'electron';
  const cache = join(ROOT, '.vscode-test');
  if (existsSync(cache) && readdirSync(cache).some((d) => d.startsWith('vscode-'))) return 'electron';
  return 'code-server';
}

/** Loads the payload URL in Chromium and resolves to the suite's exit code (0 = all passed). */
async function runInCodeServer(stack) {
  const { url, port } = stack.server;
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'integration', 'index'))],
  ];
  const pageUrl = `${url}/?folder=${encodeURIComponent(stack.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browser = await launchBrowser();
  try {
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    // The workbench's own console goes through the same channel. Until the suite announces itself
    // (index.ts prints SUITE_MARKER) only errors are shown, minus the known offline noise.
    let suiteStarted = false;
    await browser.page.exposeFunction('codeAutomationLog', (level, args) => {
      appendFileSync(join(stack.runDir, 'automation-log.jsonl'), JSON.stringify({ level, args }) + '\n');
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (!suiteStarted && text.includes(SUITE_MARKER)) suiteStarted = true;
      if (!suiteStarted && (level !== 'error' || OFFLINE_NOISE.test(text))) return;
      (level === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
    });
    await browser.page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    browser.page.on('pageerror', (e) => log(`page error: ${e.message}`));
    log(`opening the workbench with the test payload (timeout ${TIMEOUT_MS / 60000} min)`);
    await browser.page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: 60000 });
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)));
    const serverDied = stack.server.proc.exited.then(() => 'server-died');
    const outcome = await Promise.race([exited, timedOut, serverDied]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await browser.page.screenshot({ path: join(ARTIFACTS_DIR, 'integration', 'timeout.png') }).catch(() => {});
      throw new Error(`The integration suite did not finish within ${TIMEOUT_MS / 60000} min (hung test or extension host). A screenshot is in artifacts/integration/timeout.png; raise the limit with --timeout-min.`);
    }
    if (outcome === 'server-died') throw new Error(`code-server exited (code ${stack.server.proc.exitCode}) during the run.\n${stack.server.proc.logTail()}`);
    return outcome;
  } finally {
    await browser.close();
  }
}

/** Runs the same suite through @vscode/test-electron in a child process group (so a timeout kills VS Code too). */
async function runInElectron(stack) {
  const script = join(ROOT, 'test', 'integration', 'runTestElectron.mjs');
  const env = { ...process.env, ...stack.env, LW_TEST_ROUTE: 'electron', LW_TEST_WORKSPACE_DIR: stack.workspace, LW_TEST_RUN_DIR: stack.runDir };
  for (const [k, v] of Object.entries(env)) if (v === null || v === undefined) delete env[k];
  const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
  const [cmd, args] = needsDisplay && existsSync('/usr/bin/xvfb-run') ? ['/usr/bin/xvfb-run', ['-a', process.execPath, script]] : [process.execPath, [script]];
  if (needsDisplay && cmd === process.execPath) log('WARNING: no DISPLAY and no xvfb-run: Electron may fail to start (apt-get install xvfb).');
  const proc = spawnGroup('test-electron', cmd, args, { env, cwd: ROOT, logFile: join(stack.runDir, 'test-electron.log') });
  // Relay its output as it comes.
  let printed = 0;
  const pump = setInterval(() => {
    const text = proc.log();
    process.stdout.write(text.slice(printed));
    printed = text.length;
  }, 200);
  let timer;
  const code = await Promise.race([proc.exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)))]);
  clearTimeout(timer);
  clearInterval(pump);
  process.stdout.write(proc.log().slice(printed));
  if (code === 'timeout') {
    await proc.stop();
    throw new Error(`The integration suite did not finish within ${TIMEOUT_MS / 60000} min under test-electron; VS Code was stopped.`);
  }
  return code;
}

async function main() {
  const t0 = Date.now();
  mkdirSync(join(ARTIFACTS_DIR, 'integration'), { recursive: true });
  const route = chooseRoute();
  if (!opts['no-build']) {
    ensureDeps();
    buildForTests({ needs: [TESTS_ENTRY, 'dist/extension.js'], log });
  } else if (!existsSync(join(ROOT, TESTS_ENTRY))) {
    throw new Error(`${TESTS_ENTRY} is missing: run without --no-build (or npm run compile).`);
  }
  if (route === 'code-server') await setupVscode({ log });
  const resultFile = join(ARTIFACTS_DIR, 'integration', 'mocha-result.json');
  rmSync(resultFile, { force: true });
  log(`route: ${route}`);
  const tStack = Date.now();
  const stack = await startStack({
    name: 'integration',
    codeServer: route === 'code-server',
    // Empty extensions in the same host: activation.test.ts activates the warm-up one first, then
    // times the baseline next to ours (code-server route only; the e2e and .vsix runs never see them).
    unpackedExtensions: BASELINE_EXTENSIONS,
    workspaceSource: opts.workspace ?? process.env.LW_TEST_WORKSPACE_SRC ?? undefined,
    extraEnv: { LW_TEST_ROUTE: route, LW_TEST_RESULT_FILE: resultFile, ...(opts.grep ? { LW_TEST_GREP: opts.grep } : {}) },
    log,
  }).catch((e) => {
    if (e.runDir) log(`logs kept in ${e.runDir}`);
    throw e;
  });
  log(`stack up in ${((Date.now() - tStack) / 1000).toFixed(1)}s; workspace ${stack.workspace}`);
  let code = 1;
  try {
    const tRun = Date.now();
    code = route === 'electron' ? await runInElectron(stack) : await runInCodeServer(stack);
    log(`suite finished in ${((Date.now() - tRun) / 1000).toFixed(1)}s with exit code ${code}`);
  } finally {
    await stack.stop();
    await stopAll();
    if (code === 0 && !opts.keep) rmSync(stack.runDir, { recursive: true, force: true });
    else log(`run directory kept for inspection: ${stack.runDir}`);
  }
  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 1, pending: 0, note: 'the suite did not report (test module failed to load?)' };
  if (code !== 0 && result.failed === 0) result.failed = 1; // the host failed outside mocha
  if (opts['result-file']) writeFileSync(opts['result-file'], JSON.stringify(result));
  log(`${result.passed} passed, ${result.failed} failed, ${result.pending} pending${result.activationMs !== undefined ? `; activation ${result.activationMs.toFixed(1)} ms` : ''} (${((Date.now() - t0) / 1000).toFixed(1)}s total)`);
  return code === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(`[integration] FAILED: ${e.message ?? e}`);
    await stopAll();
    if (opts['result-file']) writeFileSync(opts['result-file'], JSON.stringify({ passed: 0, failed: 1, pending: 0, error: String(e.message ?? e) }));
    process.exit(1);
  },
);
