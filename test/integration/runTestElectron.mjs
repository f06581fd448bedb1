// The @vscode/test-electron route for the integration suite: the same `run()` entry
// (out/test/integration/index.js) in a desktop VS Code. scripts/run-integration.mjs starts this file
// in its own process group (so its overall timeout can stop VS Code too) after preparing the local
// Lambda API server and the workspace copy, whose details arrive in the environment:
//   VSCODE_EXECUTABLE     a VS Code binary to use (otherwise test-electron downloads one into .vscode-test/)
//   VSCODE_VERSION        version to download (default: stable)
//   LW_TEST_WORKSPACE_DIR the folder to open; LW_TEST_RUN_DIR a scratch dir for the profile
// Every other variable (LAMBDA_WORKBENCH_ENDPOINT, AWS_*, LW_TEST_*) reaches the extension host.
import { runTests } from '@vscode/test-electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runDir = process.env.LW_TEST_RUN_DIR ?? join(root, '.vscode-test', 'run');
const userDataDir = join(runDir, 'electron-user-data');
mkdirSync(join(userDataDir, 'User'), { recursive: true });
writeFileSync(
  join(userDataDir, 'User', 'settings.json'),
  JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false, 'security.workspace.trust.enabled': false }),
);

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index'),
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION ?? 'stable' }),
    extensionTestsEnv: { ...process.env, LW_TEST_ROUTE: 'electron' },
    launchArgs: [
      process.env.LW_TEST_WORKSPACE_DIR ?? join(root, 'examples', 'hello-cjs'),
      '--disable-extensions', // other installed extensions stay out of the way
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
      '--no-sandbox',
      '--user-data-dir', userDataDir,
      '--extensions-dir', join(runDir, 'electron-extensions'),
    ],
  });
  process.exit(0);
} catch (e) {
  console.error(`test-electron: ${e?.message ?? e}`);
  process.exit(1);
}
