// End-to-end UI tests: a fresh code-server per run with the packaged .vsix installed, the local
// Lambda API server seeded in two regions, a copy of an example workspace, and headless Debian
// Chromium driven by playwright-core through the specs in test/e2e (*.spec.ts). Screenshots of
// every step go to artifacts/e2e/<spec>/; a failing step is named and its screenshot kept.
//
//   node scripts/run-e2e.mjs [--grep TEXT] [--timeout-min N] [--keep] [--no-build] [--result-file F]
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setupVscode } from './setup-vscode.mjs';
import { launchBrowser } from './vscode/browser.mjs';
import { ensureDeps, npmRun } from './vscode/build.mjs';
import { ARTIFACTS_DIR, ROOT } from './vscode/paths.mjs';
import { stopAll } from './vscode/procs.mjs';
import { startStack } from './vscode/stack.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    'timeout-min': { type: 'string', default: process.env.LW_E2E_TIMEOUT_MIN ?? '15' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'result-file': { type: 'string' },
    workspace: { type: 'string' },
  },
});
const TIMEOUT_MS = Number(opts['timeout-min']) * 60 * 1000;
const VSIX = join(ROOT, 'dist', 'lambda-workbench.vsix');
const RUNNER = join(ROOT, 'out', 'test', 'e2e', 'framework', 'run.js');
const OUT_DIR = join(ARTIFACTS_DIR, 'e2e');
const log = (m) => console.log(`[e2e] ${m}`);

async function main() {
  const t0 = Date.now();
  if (!opts['no-build']) {
    ensureDeps();
    npmRun('package', { log }); // production bundles + vsce package -> dist/lambda-workbench.vsix
    if (!npmRun('compile', { allowFail: true, log })) log('WARNING: tsc reported type errors (output was still emitted); continuing.');
  }
  for (const f of [VSIX, RUNNER]) if (!existsSync(f)) throw new Error(`${f} is missing: run without --no-build.`);
  await setupVscode({ log });
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  const tStack = Date.now();
  const stack = await startStack({ name: 'e2e', vsix: VSIX, workspaceSource: opts.workspace ?? process.env.LW_E2E_WORKSPACE_SRC ?? undefined, log }).catch((e) => {
    if (e.runDir) log(`logs kept in ${e.runDir}`);
    throw e;
  });
  log(`stack up in ${((Date.now() - tStack) / 1000).toFixed(1)}s; workspace ${stack.workspace}`);
  let result;
  let browser;
  let timer;
  try {
    browser = await launchBrowser();
    const { runSpecs } = createRequire(import.meta.url)(RUNNER);
    const regions = [...new Set(stack.seeded.map((f) => f.Region))];
    const run = runSpecs({
      context: browser.context,
      url: `${stack.server.url}/?folder=${encodeURIComponent(stack.workspace)}`,
      env: { serverUrl: stack.server.url, endpoint: stack.emulator?.url, workspaceDir: stack.workspace, seeded: stack.seeded, regions },
      artifactsDir: OUT_DIR,
      specsDir: join(ROOT, 'out', 'test', 'e2e'),
      grep: opts.grep,
      log: (m) => console.log(m),
    });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The e2e run did not finish within ${TIMEOUT_MS / 60000} min (a hung step or page); see the screenshots in artifacts/e2e/. Raise the limit with --timeout-min.`)), TIMEOUT_MS);
    });
    result = await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
    await browser?.close();
    const failed = !result || result.failed > 0;
    if (failed && existsSync(stack.server.proc.logFile)) copyFileSync(stack.server.proc.logFile, join(OUT_DIR, 'code-server.log'));
    if (failed && stack.emulator && existsSync(stack.emulator.proc.logFile)) copyFileSync(stack.emulator.proc.logFile, join(OUT_DIR, 'emulator.log'));
    await stack.stop();
    await stopAll();
    if (!failed && !opts.keep) rmSync(stack.runDir, { recursive: true, force: true });
    else log(`run directory kept for inspection: ${stack.runDir}`);
  }
  for (const s of result.specs.filter((r) => r.status === 'failed')) log(`FAILED: "${s.name}" at step "${s.failedStep}"`);
  log(`${result.passed} passed, ${result.failed} failed (${result.specs.reduce((n, s) => n + s.steps.length, 0)} steps); screenshots in artifacts/e2e/ (${((Date.now() - t0) / 1000).toFixed(1)}s total)`);
  if (opts['result-file']) writeFileSync(opts['result-file'], JSON.stringify({ passed: result.passed, failed: result.failed, pending: 0, failures: result.specs.filter((r) => r.status === 'failed').map((r) => ({ title: r.name, error: `at step "${r.failedStep}"` })) }));
  return result.failed === 0 && result.specs.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(`[e2e] FAILED: ${e.message ?? e}`);
    await stopAll();
    if (opts['result-file']) writeFileSync(opts['result-file'], JSON.stringify({ passed: 0, failed: 1, pending: 0, error: String(e.message ?? e) }));
    process.exit(1);
  },
);
