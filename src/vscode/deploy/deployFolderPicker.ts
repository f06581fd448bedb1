/**
 * Which folder a deploy is about: the one given, or one the user picks among bound folders,
 * sub-folders that hold a function of their own (a package.json or a handler file), and workspace
 * folders.
 */
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { BINDING_FILE, exists, findBindingDir, findBindingDirs, peekBinding, relativeLabel } from '../bindings';

export async function resolveDeployFolder(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return folderOf(arg);
  if (isWorkspaceFolder(arg)) return arg.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    throw new WorkbenchError('usage', 'No folder is open, so there is nothing to deploy.', { hint: 'Open the folder that holds your function\'s code (File > Open Folder…), then deploy again.' });
  }
  const items = await deployFolderCandidates();
  if (items.length === 1) return items[0].uri;
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Folder to deploy', matchOnDescription: true });
  return picked?.uri;
}

/** What the palette offers: bound folders, function sub-folders without a binding, workspace folders. */
export async function deployFolderCandidates(): Promise<(vscode.QuickPickItem & { uri: vscode.Uri })[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const bound = await findBindingDirs();
  const items: (vscode.QuickPickItem & { uri: vscode.Uri })[] = [];
  for (const dir of bound) {
    const b = await peekBinding(dir);
    items.push({ label: `$(cloud-upload) ${relativeLabel(dir)}`, description: b?.FunctionName ? `${b.FunctionName}${b.Region ? ` · ${b.Region}` : ''}` : BINDING_FILE, uri: dir });
  }
  const taken = new Set(bound.map((d) => d.toString()));
  for (const dir of await findFunctionDirs(bound)) {
    if (taken.has(dir.toString())) continue;
    taken.add(dir.toString());
    items.push({ label: `$(add) ${relativeLabel(dir)}`, description: 'no lambda-workbench.json yet: set up a new function', uri: dir });
  }
  for (const wf of folders) {
    if (taken.has(wf.uri.toString())) continue;
    items.push({ label: `$(add) ${wf.name}`, description: 'no lambda-workbench.json yet: set up a new function', uri: wf.uri });
  }
  return items;
}

/** Files whose folder is a function of its own, when no binding above governs it. */
const FUNCTION_MARKERS = '**/{package.json,index.js,index.mjs,index.cjs,index.ts,handler.js,handler.mjs,handler.ts,app.js,app.mjs,app.ts,lambda.js,lambda.mjs,lambda.ts}';
const NOT_FUNCTIONS = '{**/node_modules/**,**/.git/**,**/.lambda/**,**/dist/**,**/out/**,**/build/**,**/.vscode/**}';

/**
 * Sub-folders that look like a function (a package.json or a handler-named file) and are not
 * inside a bound folder or another such folder: deployable directly. Bounded search.
 */
async function findFunctionDirs(bound: readonly vscode.Uri[], limit = 200): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(FUNCTION_MARKERS, NOT_FUNCTIONS, limit);
  const dirs = [...new Set(files.map((f) => vscode.Uri.joinPath(f, '..').toString()))].map((d) => vscode.Uri.parse(d)).sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path));
  const packageDirs = new Set(files.filter((f) => f.path.endsWith('/package.json')).map((f) => vscode.Uri.joinPath(f, '..').toString()));
  const roots = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
  const covered: vscode.Uri[] = [];
  const chosen: vscode.Uri[] = [];
  const within = (dir: vscode.Uri, parent: vscode.Uri) => dir.path.startsWith(parent.path.endsWith('/') ? parent.path : `${parent.path}/`);
  for (const dir of dirs) {
    if (bound.some((b) => b.toString() === dir.toString())) continue;
    // A handler file inside a bound folder or a function folder above (its src/) belongs to that
    // one; a package.json marks a project of its own.
    if (!packageDirs.has(dir.toString()) && [...bound, ...covered].some((c) => within(dir, c))) continue;
    covered.push(dir);
    if (!roots.has(dir.toString())) chosen.push(dir); // workspace folders are listed anyway
  }
  return chosen;
}

/**
 * A file deploys its nearest bound folder (or its workspace folder). A folder deploys itself when
 * it has a binding, is a workspace folder or has its own package.json; otherwise the binding
 * above it (its `src/` deploys the function), else itself.
 */
async function folderOf(uri: vscode.Uri): Promise<vscode.Uri> {
  let isDir = false;
  try {
    isDir = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    throw new WorkbenchError('usage', `${uri.fsPath} does not exist.`);
  }
  if (isDir && (await exists(vscode.Uri.joinPath(uri, BINDING_FILE)))) return uri;
  if (isDir && vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === uri.toString())) return uri;
  if (isDir && (await exists(vscode.Uri.joinPath(uri, 'package.json')))) return uri;
  return (await findBindingDir(uri)) ?? (isDir ? uri : (vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..')));
}

function isWorkspaceFolder(v: unknown): v is vscode.WorkspaceFolder {
  return typeof v === 'object' && v !== null && (v as vscode.WorkspaceFolder).uri instanceof vscode.Uri && typeof (v as vscode.WorkspaceFolder).index === 'number';
}
