/**
 * Commands of the live loop: Sync Folder on Save (toggle per folder), Stop Sync on Save, Watch
 * Local Invoke (re-run the last local invoke on every save), Stop Watching. The sessions live in
 * LiveSessions; these only pick the folder and say what happened.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import { resolveDeployFolder } from '../deploy/deployFolderPicker';
import { liveSessions } from '../live/liveSessions';
import type { Workbench } from '../workbench';
import { invokeLocallyCommand, requireTrust } from './localInvokeCommands';

export async function syncOnSaveCommand(wb: Workbench, arg?: unknown): Promise<boolean | undefined> {
  const folder = await resolveDeployFolder(arg, 'Sync Folder on Save');
  if (!folder) return undefined;
  const on = await liveSessions(wb).toggleSync(folder);
  if (on) void vscode.window.setStatusBarMessage(`Sync on Save is on for ${path.basename(folder.fsPath)}`, 4000);
  return on;
}

export async function stopSyncCommand(wb: Workbench, arg?: unknown): Promise<void> {
  await liveSessions(wb).stopSync(arg instanceof vscode.Uri ? arg.fsPath : undefined);
}

export async function watchLocalCommand(wb: Workbench, arg?: unknown): Promise<boolean> {
  requireTrust();
  // Watch what was last invoked; with nothing yet (or a file given), invoke it first.
  if (!wb.local.hasLast || arg !== undefined) {
    const run = await invokeLocallyCommand(wb, arg);
    if (!run) return false;
  }
  const target = wb.local.lastTarget;
  if (!target) return false;
  const local = await wb.local.resolve(target);
  const label = `${local.config.handler} (${path.basename(target.request.folder)})`;
  // Each change re-runs in a fresh environment: the re-run resolves the configuration again.
  await liveSessions(wb).startWatch(target.request.folder, local.config.codeDir, label, () => wb.local.rerun({ start: 'fresh' }));
  return true;
}

export function stopWatchCommand(wb: Workbench): void {
  liveSessions(wb).stopWatch();
}
