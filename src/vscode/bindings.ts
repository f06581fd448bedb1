/**
 * Finding and reading binding files (`lambda-workbench.json`) from the UI: a folder's own binding,
 * or the nearest one above a handler file within its workspace folder.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import { BINDING_FILE, loadBinding, type Binding } from '../core/config/binding';

export { BINDING_FILE };

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding the binding that governs `uri` (a file or folder): the nearest
 * lambda-workbench.json at or above it, without leaving its workspace folder.
 */
export async function findBindingDir(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
  let dir = (await isDirectory(uri)) ? uri : vscode.Uri.joinPath(uri, '..');
  const stop = workspaceFolder?.uri.path;
  // Outside every workspace folder (a file opened on its own), look a few levels up at most.
  for (let level = 0; stop !== undefined || level < 8; level++) {
    if (await exists(vscode.Uri.joinPath(dir, BINDING_FILE))) return dir;
    if (dir.path === stop || (stop !== undefined && !dir.path.startsWith(stop)) || dir.path === '/') return undefined;
    dir = vscode.Uri.joinPath(dir, '..');
  }
  return undefined;
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** Folders under the open workspace folders that hold a binding file (bounded search). */
export async function findBindingDirs(limit = 50): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(`**/${BINDING_FILE}`, '**/node_modules/**', limit);
  return files.map((f) => vscode.Uri.joinPath(f, '..')).sort((a, b) => a.path.localeCompare(b.path));
}

/** A folder's path relative to its workspace folder, for labels. */
export function relativeLabel(uri: vscode.Uri): string {
  const wf = vscode.workspace.getWorkspaceFolder(uri);
  if (!wf) return uri.fsPath;
  const rel = path.relative(wf.uri.fsPath, uri.fsPath);
  return rel ? `${wf.name}/${rel.split(path.sep).join('/')}` : wf.name;
}

/**
 * The binding, read by core's one reader, for matching and labels only (which folder names a
 * function, a picker's description). A file that does not read is undefined here; running or
 * deploying reads it again through the engine, which reports the problem with its line and column.
 */
export async function peekBinding(dir: vscode.Uri): Promise<Binding | undefined> {
  try {
    return (await loadBinding(dir.fsPath))?.binding;
  } catch {
    return undefined;
  }
}

/** The folder whose binding names this function (same region when the binding says one). */
export async function findFolderForFunction(name: string, region: string): Promise<{ dir: vscode.Uri; binding: Binding } | undefined> {
  for (const dir of await findBindingDirs()) {
    const binding = await peekBinding(dir);
    if (binding?.FunctionName === name && (!binding.Region || binding.Region === region)) return { dir, binding };
  }
  return undefined;
}
