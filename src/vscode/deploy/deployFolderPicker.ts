/** Which folder a deploy is about: the one given, or one the user picks among bound and workspace folders. */
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
  const bound = await findBindingDirs();
  const items: (vscode.QuickPickItem & { uri: vscode.Uri })[] = [];
  for (const dir of bound) {
    const b = await peekBinding(dir);
    items.push({ label: `$(cloud-upload) ${relativeLabel(dir)}`, description: b?.FunctionName ? `${b.FunctionName}${b.Region ? ` · ${b.Region}` : ''}` : BINDING_FILE, uri: dir });
  }
  for (const wf of folders) {
    if (bound.some((d) => d.toString() === wf.uri.toString())) continue;
    items.push({ label: `$(add) ${wf.name}`, description: 'no lambda-workbench.json yet: set up a new function', uri: wf.uri });
  }
  if (items.length === 1) return items[0].uri;
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Folder to deploy', matchOnDescription: true });
  return picked?.uri;
}

/** A file deploys its nearest bound folder (or its workspace folder); a folder deploys itself. */
async function folderOf(uri: vscode.Uri): Promise<vscode.Uri> {
  let isDir = false;
  try {
    isDir = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    throw new WorkbenchError('usage', `${uri.fsPath} does not exist.`);
  }
  if (isDir && (await exists(vscode.Uri.joinPath(uri, BINDING_FILE)))) return uri;
  if (isDir && vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === uri.toString())) return uri;
  return (await findBindingDir(uri)) ?? (isDir ? uri : (vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..')));
}

function isWorkspaceFolder(v: unknown): v is vscode.WorkspaceFolder {
  return typeof v === 'object' && v !== null && (v as vscode.WorkspaceFolder).uri instanceof vscode.Uri && typeof (v as vscode.WorkspaceFolder).index === 'number';
}
