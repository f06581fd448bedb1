// A throw-away copy of an example folder for one run, with workspace settings that point the
// extension at the local Lambda API server. Tests may change files in it freely.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export function prepareWorkspace({ runDir, source, settings = {} }) {
  if (!existsSync(source)) throw new Error(`Workspace source ${source} does not exist.`);
  const dir = join(runDir, 'workspace', basename(source));
  cpSync(source, dir, { recursive: true });
  const settingsFile = join(dir, '.vscode', 'settings.json');
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  const existing = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, JSON.stringify({ ...existing, ...settings }, null, 2) + '\n');
  return dir;
}

/** Workspace settings for a local endpoint; `regions` is the set the tree shows. */
export function endpointSettings(endpoint, regions) {
  const s = {};
  if (endpoint) s['lambdaWorkbench.endpoint'] = endpoint;
  if (regions?.length) s['lambdaWorkbench.regions'] = regions;
  return s;
}

/**
 * Copies several example folders and writes a multi-root `.code-workspace` file whose settings
 * point at the local endpoint. Returns the workspace file's path.
 */
export function prepareMultiRootWorkspace({ runDir, sources, settings = {}, name = 'examples' }) {
  const folders = sources.map((source) => prepareWorkspace({ runDir, source }));
  const file = join(runDir, 'workspace', `${name}.code-workspace`);
  writeFileSync(file, JSON.stringify({ folders: folders.map((f) => ({ path: basename(f) })), settings }, null, 2) + '\n');
  return file;
}

/** The workbench URL's query that opens `workspace` (a folder or a .code-workspace file). */
export function openQuery(workspace) {
  return `${workspace.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(workspace)}`;
}
