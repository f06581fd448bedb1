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
  /**
   * Where the files the runtime loads come from, when that is not codeDir: a package run as
   * deployed (unzipped in a temporary folder) maps back to the sources, so breakpoints set there
   * bind. `built`: the package is esbuild's output, mapped by its source maps; else copies of the
   * sources, mapped by path.
   */
  sources?: { dir: string; built: boolean };
}

export function inspectorPort(url: string): number {
  const port = Number(/^ws:\/\/[^/:]+:(\d+)\//.exec(url)?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`Not an inspector URL: ${url}`);
  return port;
}

export function attachConfiguration(input: AttachInput): Record<string, unknown> {
  const glob = (dir: string): string => `${dir.split(path.sep).join('/')}/**`;
  const mapped = input.sources && input.sources.dir !== input.codeDir ? input.sources : undefined;
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
    // As deployed, copies of the sources map to them by path.
    ...(mapped && !mapped.built ? { localRoot: mapped.dir, remoteRoot: input.codeDir } : {}),
    // As deployed, a build's maps name the sources (core rewrote them) and the bundle is on disk:
    // scanned up front, so breakpoints in the sources are set on the bundle's lines before it
    // loads (set once it had loaded, they came after a cold start's handler had run). Otherwise
    // nothing on disk to scan: the inline maps arrive with the scripts.
    outFiles: mapped?.built ? [`${glob(input.codeDir)}/*.{js,mjs,cjs}`, '!**/node_modules/**'] : [],
    cwd: input.codeDir,
    // The environment is the one process to debug; the function's own child processes run free.
    autoAttachChildProcesses: false,
    attachExistingChildren: false,
    restart: false,
    [SESSION_MARK]: input.id,
  };
}
