// One run's stack: the local Lambda API server (seeded in two regions), a temp copy of an example
// workspace pointed at it, and a fresh code-server whose extension host inherits the endpoint.
// Shared by the integration runner, the e2e runner and `npm start`.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_AWS_ENV, cliHas, deployToEmulator, startEmulator, writeServerSeed } from '../../test/support/emulator.mjs';
import { ROOT } from './paths.mjs';
import { installExtension, prepareProfile, startCodeServer } from './server.mjs';
import { endpointSettings, openQuery, prepareMultiRootWorkspace, prepareWorkspace } from './workspace.mjs';

export const DEFAULT_REGIONS = ['us-east-1', 'eu-west-1'];
const STALE_RUN_DIR_MS = 24 * 60 * 60 * 1000;

/** Failed runs keep their directory for inspection; a day later they are removed. */
function pruneOldRunDirs(name) {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(`lw-${name}-`)) continue;
    const dir = join(tmpdir(), entry);
    try {
      if (Date.now() - statSync(dir).mtimeMs > STALE_RUN_DIR_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      /* another run removed it */
    }
  }
}

/**
 * Copies an extension folder into an extensions dir under the name VS Code gives installed
 * extensions (`publisher.name-version`). The server scans that dir at start-up (no extensions.json
 * exists yet in a fresh profile), so the extension is an ordinary installed one: no .vsix to build.
 */
function copyUnpackedExtension(dir, extensionsDir, others = []) {
  const { publisher, name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // An extension folder nested in this one is installed on its own, not as part of this one.
  const filter = (src) => src === dir || !others.includes(src);
  cpSync(dir, join(extensionsDir, `${publisher}.${name}-${version}`), { recursive: true, filter });
}

/**
 * Starts everything. Options:
 * - `workspaceSource`: folder to copy and open (default examples/hello-cjs), or
 *   `workspaceSources`: several folders, opened as a multi-root workspace;
 * - `seedVia`: 'seed' (tests: the server's --seed file, data that does not move with the engine
 *   under test) or 'deploy' (npm start: the product's deploy engine, falling back to 'seed');
 * - `vsix`: install this package into the fresh extensions dir (e2e, npm start);
 * - `unpackedExtensions`: extension folders copied as-is into the fresh extensions dir (the
 *   integration run's empty baseline extension; see test/fixtures/baseline-extension);
 * - `extraEnv`: more variables for the server / extension host;
 * - `requireEmulator`: fail instead of warning when the server cannot start;
 * - `codeServer: false`: prepare everything but start no code-server (the test-electron route).
 */
export async function startStack({ name, workspaceSource = join(ROOT, 'examples', 'hello-cjs'), workspaceSources, seedVia = 'seed', vsix, unpackedExtensions = [], extraEnv = {}, requireEmulator = false, codeServer = true, port, log = console.log }) {
  pruneOldRunDirs(name);
  const runDir = mkdtempSync(join(tmpdir(), `lw-${name}-`));
  const stack = { runDir, emulator: undefined, seeded: [], workspace: undefined, server: undefined, env: {} };
  stack.stop = async () => {
    await Promise.all([stack.server?.stop(), stack.emulator?.stop()]);
  };
  try {
    try {
      let via = seedVia;
      if (via === 'deploy' && !(await cliHas('deploy'))) {
        log('`lambda-workbench deploy` is not implemented yet: seeding the example functions from a seed file instead.');
        via = 'seed';
      }
      if (via === 'deploy') {
        stack.emulator = await startEmulator({ runDir, log });
        stack.seeded = await deployToEmulator(stack.emulator.url, { log });
      } else {
        const seedFile = join(runDir, 'emulator-seed.json');
        const seeded = writeServerSeed(seedFile);
        stack.emulator = await startEmulator({ runDir, seedFile, log });
        stack.seeded = seeded;
        log(`seeded ${seeded.length} function(s) in ${[...new Set(seeded.map((f) => f.Region))].join(', ')}`);
      }
    } catch (e) {
      if (requireEmulator) throw e;
      log(`WARNING: running without the local Lambda API server: ${e.message}`);
      await stack.emulator?.stop();
      stack.emulator = undefined;
    }
    const endpoint = stack.emulator?.url;
    const regions = stack.seeded.length ? [...new Set(stack.seeded.map((f) => f.Region))] : DEFAULT_REGIONS;
    const settings = endpointSettings(endpoint, regions);
    stack.workspace = workspaceSources?.length
      ? prepareMultiRootWorkspace({ runDir, sources: workspaceSources, settings })
      : prepareWorkspace({ runDir, source: workspaceSource, settings });
    const seededFile = join(runDir, 'seeded.json');
    writeFileSync(seededFile, JSON.stringify(stack.seeded, null, 2));
    // Empty AWS config files: the developer's own profiles must never leak into a test run.
    mkdirSync(join(runDir, 'aws'), { recursive: true });
    writeFileSync(join(runDir, 'aws', 'config'), '');
    writeFileSync(join(runDir, 'aws', 'credentials'), '');
    stack.env = {
      ...FAKE_AWS_ENV,
      AWS_CONFIG_FILE: join(runDir, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(runDir, 'aws', 'credentials'),
      // null removes the variable from the server's environment (see startCodeServer).
      AWS_PROFILE: null,
      AWS_DEFAULT_PROFILE: null,
      AWS_SESSION_TOKEN: null,
      AWS_ENDPOINT_URL: null,
      AWS_ENDPOINT_URL_LAMBDA: null,
      ...(endpoint ? { LAMBDA_WORKBENCH_ENDPOINT: endpoint } : {}),
      // VS Code's server runs on Node 20; the SDK's notice about its future Node 22 floor is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LW_TEST_SEEDED_FILE: seededFile,
      LW_TEST_WORKSPACE: stack.workspace,
      ...extraEnv,
    };
    if (!codeServer) return stack;
    const profile = prepareProfile(join(runDir, 'vscode'));
    if (vsix) {
      const t0 = Date.now();
      installExtension(vsix, profile);
      log(`installed ${vsix.replace(ROOT + '/', '')} into the fresh profile (${Date.now() - t0} ms)`);
    }
    for (const dir of unpackedExtensions) copyUnpackedExtension(dir, profile.extensionsDir, unpackedExtensions);
    stack.server = await startCodeServer({ runDir: join(runDir, 'vscode'), folder: stack.workspace, env: stack.env, profile, port, log });
    stack.openUrl = `${stack.server.url}/?${openQuery(stack.workspace)}`;
    return stack;
  } catch (e) {
    await stack.stop();
    e.runDir = runDir;
    throw e;
  }
}
