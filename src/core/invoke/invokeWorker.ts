/**
 * Entry of one execution environment (a worker thread). Boots like the profile's runtime: patch the
 * console, install the process handlers, load the handler (init), then serve invocations one at a
 * time, frozen between them. Bundled alone to dist/invokeWorker.js: it must import nothing heavy.
 */
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { format } from 'node:util';
import { workerData } from 'node:worker_threads';
import type { InitMessage, WorkerData } from './protocol';
import { captureStdio, connect, post, waitForMessage } from './worker/channel';
import { installChildProcessTracking } from './worker/childProcesses';
import { loadHandler, globalAwsLambda } from './worker/loader';
import { useDebugClock } from './worker/debugClock';
import { openInspector } from './worker/inspect';
import { invokeStore, logError, patchConsole } from './worker/logPatch';
import { RapidClient } from './worker/rapidClient';
import { installMemoryGuard } from './worker/memoryGuard';
import { searchNodePathForImports } from './worker/layerImports';
import { mapOptRequires } from './worker/optRequires';
import { installRic3ProcessHandlers, startRic3 } from './worker/runtime3';
import { installRic4CrashBehaviour, startRic4 } from './worker/runtime4';

/** Relative paths handed to path.resolve() resolve from the task root, as on Lambda (/var/task). */
function emulateTaskRootCwd(taskRoot: string): void {
  process.cwd = () => taskRoot;
}

/** The worker starts with an empty process.env; the function's variables arrive with the InitMessage. */
function applyEnvironment(env: Record<string, string>): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  // Global require paths come from NODE_PATH, read when Node boots: read it again.
  (Module as unknown as { _initPaths?: () => void })._initPaths?.();
}

async function main(init: InitMessage): Promise<void> {
  applyEnvironment(init.env);
  // Lambda's runtime searches NODE_PATH for ES modules too (layers): see worker/layerImports.
  searchNodePathForImports(init.env['NODE_PATH'], init.taskRoot);
  // require('/opt/…') finds the layers, not the machine's /opt.
  if (init.optDir) mapOptRequires(init.optDir);
  installMemoryGuard(init.memoryLimitBytes);
  installChildProcessTracking(init.sandboxId);
  // On Lambda NODE_OPTIONS reaches the runtime's Node; a worker thread cannot take flags, so the one
  // that changes what a function reports (mapped stack traces, set for built packages) is applied here.
  if (/(^|\s)--enable-source-maps(\s|$)/.test(init.env['NODE_OPTIONS'] ?? '')) process.setSourceMapsEnabled(true);
  captureStdio();
  emulateTaskRootCwd(init.taskRoot);
  if (init.pauseClock) useDebugClock(init.pauseClock);
  if (init.inspect) openInspector(init.inspect);
  const client = new RapidClient(init.profile);
  if (init.profile === 'ric3') {
    patchConsole('ric3');
    const errorCallbacks = installRic3ProcessHandlers(client);
    globalAwsLambda();
    let loaded;
    try {
      loaded = await loadHandler(init);
    } catch (error) {
      // 3.x awaits run() at the top level of an ES module, so a load error surfaces as an uncaught exception.
      logError('Uncaught Exception', error);
      errorCallbacks.uncaughtException(error);
      return;
    }
    post({ type: 'initDone' });
    startRic3(client, loaded, errorCallbacks);
    return;
  }
  globalAwsLambda({ InvokeStore: invokeStore() });
  patchConsole('ric4');
  installRic4CrashBehaviour();
  let loaded;
  try {
    loaded = await loadHandler(init);
  } catch (error) {
    logError('Init Error', error);
    client.postInitError(error);
    throw error;
  }
  post({ type: 'initDone' });
  startRic4(client, loaded);
}

/**
 * Runs the paths every init takes once (formatting, file lookups, the module loader) with no user
 * code involved, so a spare environment has them compiled before it is handed a function.
 */
function warmUp(): void {
  format('%s %d %j %o', 'warm', 1, { a: [1] }, { b: new Date(0) });
  JSON.parse(JSON.stringify({ at: new Date().toISOString() }));
  existsSync(__filename);
  createRequire(__filename).resolve('node:path');
}

warmUp();
// Booted: wait (frozen) until the host says which function this environment runs.
const wire = workerData as WorkerData;
connect(wire.invokePort, wire.wake, wire.control, wire.spin);
void main(waitForMessage<InitMessage>(false));
