/**
 * Unsaved editors before packaging or running a folder: the packager and the local runtime read
 * files from disk, so a dirty tab would silently not be deployed or run. Per
 * `lambdaWorkbench.saveBeforeRun`: save the folder's dirty documents ("always", the default), ask
 * first ("ask"), or go on with what is on disk ("never").
 */
import * as path from 'node:path';
import vscode = require('vscode');
import { settings } from './settings';

/** Dirty file documents at or below any of `folders`. */
export function dirtyDocumentsIn(folders: readonly vscode.Uri[]): vscode.TextDocument[] {
  const roots = folders.map((f) => f.fsPath);
  return vscode.workspace.textDocuments.filter(
    (d) => d.isDirty && d.uri.scheme === 'file' && roots.some((root) => d.uri.fsPath === root || d.uri.fsPath.startsWith(root.endsWith(path.sep) ? root : root + path.sep)),
  );
}

/**
 * Saves (or, per the setting, asks about) the dirty documents of the folders a command is about to
 * package or run. Resolves false when the user cancelled: the command then does nothing.
 */
export async function saveBeforeRun(folders: readonly vscode.Uri[], action: string): Promise<boolean> {
  const dirty = dirtyDocumentsIn(folders);
  if (dirty.length === 0) return true;
  const mode = settings.saveBeforeRun();
  if (mode === 'never') return true;
  if (mode === 'ask') {
    const names = dirty.map((d) => vscode.workspace.asRelativePath(d.uri));
    const SAVE = 'Save and Continue';
    const SKIP = 'Continue Without Saving';
    const answer = await vscode.window.showWarningMessage(
      `${dirty.length === 1 ? `${names[0]} has` : `${dirty.length} files have`} unsaved changes. Save before you ${action}?`,
      { modal: true, detail: `What is on disk is what runs or gets packaged.${dirty.length > 1 ? `\n${names.slice(0, 10).join('\n')}` : ''}` },
      SAVE,
      SKIP,
    );
    if (answer === SKIP) return true;
    if (answer !== SAVE) return false;
  }
  const saved = await Promise.all(dirty.map((d) => d.save()));
  if (saved.every(Boolean)) return true;
  const failed = dirty.filter((_, i) => !saved[i]).map((d) => vscode.workspace.asRelativePath(d.uri));
  throw new Error(`Could not save ${failed.join(', ')}; nothing was started. Save ${failed.length === 1 ? 'it' : 'them'} and try again.`);
}
