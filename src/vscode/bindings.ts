/**
 * Finding and reading binding files (`lambda-workbench.json`) from the UI: a folder's own binding,
 * or the nearest one above a handler file within its workspace folder.
 */
import * as path from 'node:path';
import vscode = require('vscode');

export const BINDING_FILE = 'lambda-workbench.json';

/** The binding fields the UI reads (the file mirrors CreateFunction plus Region/Profile/CodeRoot). */
export interface BindingInfo {
  FunctionName?: string;
  Region?: string;
  Profile?: string;
  CodeRoot?: string;
  Runtime?: string;
  Handler?: string;
  Role?: string;
  MemorySize?: number;
  Timeout?: number;
  Description?: string;
  Architectures?: string[];
  Environment?: { Variables?: Record<string, string> };
  [key: string]: unknown;
}

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
 * The binding's raw JSON, for matching and labels only (deploys read it through the engine, which
 * validates it). Undefined when absent or unreadable.
 */
export async function peekBinding(dir: vscode.Uri): Promise<BindingInfo | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, BINDING_FILE)));
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as BindingInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** The folder whose binding names this function (same region when the binding says one). */
export async function findFolderForFunction(name: string, region: string): Promise<{ dir: vscode.Uri; binding: BindingInfo } | undefined> {
  for (const dir of await findBindingDirs()) {
    const binding = await peekBinding(dir);
    if (binding?.FunctionName === name && (!binding.Region || binding.Region === region)) return { dir, binding };
  }
  return undefined;
}
