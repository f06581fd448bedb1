/**
 * The extension-host entry of the integration suite: VS Code `require()`s this file and awaits
 * `run()` (the @vscode/test-electron contract, which code-server's `payload` route follows too), so
 * one suite serves both hosts. It runs every `*.test.js` under out/test/integration with mocha.
 *
 * Env (set by scripts/run-integration.mjs): LW_TEST_GREP filters tests, LW_TEST_RESULT_FILE receives
 * `{ passed, failed, pending, activationMs }` for the summary, LW_TEST_ROUTE names the host.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // Output is relayed through the browser on the code-server route, where colour codes are noise.
    color: process.env.LW_TEST_ROUTE !== 'code-server',
    timeout: Number(process.env.LW_TEST_TIMEOUT_MS) || 60000,
    grep: process.env.LW_TEST_GREP || undefined,
  });
  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);
  // The runner relays the host's console from this line on (see scripts/run-integration.mjs).
  console.log(`[lambda-workbench] integration suite: ${files.length} file(s) in the ${process.env.LW_TEST_ROUTE ?? 'electron'} host, VS Code ${vscode.version}`);
  return new Promise((resolve, reject) => {
    try {
      // Named in the result file so the test script can list them at the end of CI's (tail-only) log.
      const failedTests: { title: string; error: string }[] = [];
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const result = {
          passed: stats?.passes ?? 0,
          failed: failures,
          pending: stats?.pending ?? 0,
          files: files.length,
          failures: failedTests,
          activationMs: (globalThis as { lwActivationMs?: number }).lwActivationMs,
        };
        if (process.env.LW_TEST_RESULT_FILE) fs.writeFileSync(process.env.LW_TEST_RESULT_FILE, JSON.stringify(result));
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
      runner.on('fail', (test, err: unknown) => {
        const lines = String((err as Error | undefined)?.message ?? err).split('\n').filter((l) => l.trim());
        // Node's assertion messages end their first line with ':' and say what differed on the next.
        const line = lines[0]?.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1].trim()}` : (lines[0] ?? '');
        failedTests.push({ title: test.fullTitle(), error: line.slice(0, 300) });
      });
    } catch (e) {
      reject(e);
    }
  });
}
