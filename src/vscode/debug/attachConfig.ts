/**
 * The configuration handed to VS Code's own JavaScript debugger (js-debug, `pwa-node`) to attach
 * to a Debug Locally environment's inspector. Pure, so unit tests can check it: our runtime's files
 * and Node's internals are skipped (the user never steps into them), source maps are on for the
 * handler's folder (TypeScript is transpiled with inline maps), and the runtime, which waits for a
 * debugger before loading the handler, is let go once the breakpoints are set.
 */
import * as path from 'node:path';

/** The key that marks our attach sessions (and lets us find them again). */
export const SESSION_MARK = '__lambdaWorkbenchDebugId';

export interface AttachInput {
  /** The inspector's ws:// URL, as the runtime reported it. */
  inspectorUrl: string;
  /** The folder the handler is loaded from (the environment's /var/task). */
  codeDir: string;
  /** Where our runtime's bundles live (invokeWorker.js, processRelay.js). */
  runtimeDir: string;
  name: string;
  id: string;
}

export function inspectorPort(url: string): number {
  const port = Number(/^ws:\/\/[^/:]+:(\d+)\//.exec(url)?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`Not an inspector URL: ${url}`);
  return port;
}

export function attachConfiguration(input: AttachInput): Record<string, unknown> {
  const glob = (dir: string): string => `${dir.split(path.sep).join('/')}/**`;
  return {
    type: 'pwa-node',
    request: 'attach',
    name: input.name,
    address: '127.0.0.1',
    port: inspectorPort(input.inspectorUrl),
    websocketAddress: input.inspectorUrl,
    // The runtime blocks in waitForDebugger(): run it once the breakpoints are bound.
    continueOnAttach: true,
    skipFiles: ['<node_internals>/**', glob(input.runtimeDir)],
    sourceMaps: true,
    // Inline maps from the TypeScript transpile live in the handler's own files.
    resolveSourceMapLocations: [glob(input.codeDir), '!**/node_modules/**'],
    // Nothing on disk to scan: the maps arrive with the scripts.
    outFiles: [],
    cwd: input.codeDir,
    // The environment is the one process to debug; the function's own child processes run free.
    autoAttachChildProcesses: false,
    attachExistingChildren: false,
    restart: false,
    [SESSION_MARK]: input.id,
  };
}
