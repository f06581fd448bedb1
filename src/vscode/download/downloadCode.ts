/**
 * Download Code to Workspace…: picks where to put a deployed function's code (a folder named after
 * it), runs core's download with cancellable progress, asks before replacing files, then shows the
 * folder: inside an open workspace folder it is revealed, otherwise it is added to the workspace.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { DownloadCodeResult } from '../../core/download';
import { resolveFunction } from '../commands/pickFunction';
import { isWorkbenchErrorLike } from '../errorText';
import { log } from '../log';
import type { Workbench } from '../workbench';

export interface DownloadOptions {
  /** The folder to unzip into (skips the folder dialog). */
  folder?: string;
  /** Replace existing files without asking (tests; the UI asks). */
  overwrite?: boolean;
}

function parseOptions(raw: unknown): DownloadOptions {
  if (typeof raw !== 'object' || raw === null) return {};
  const o = raw as Record<string, unknown>;
  return { folder: typeof o.folder === 'string' ? o.folder : undefined, overwrite: o.overwrite === true };
}

async function chooseFolder(name: string): Promise<string | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: `Download ${name}: choose where its folder goes`,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Download Here',
    defaultUri: base,
  });
  return picked?.[0] ? path.join(picked[0].fsPath, name) : undefined;
}

function inWorkspace(folder: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    const rel = path.relative(f.uri.fsPath, folder);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

export async function downloadCodeCommand(wb: Workbench, arg?: unknown, rawOptions?: unknown): Promise<DownloadCodeResult | undefined> {
  const picked = await resolveFunction(wb, arg, 'Download Code to Workspace');
  if (!picked) return undefined;
  const { name, region } = picked.ref;
  const options = parseOptions(rawOptions);
  const folder = options.folder ?? (await chooseFolder(name));
  if (!folder) return undefined;
  const engine = await wb.connection.loadEngine();
  const service = await wb.connection.service();
  const run = (overwrite: boolean) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${name}`, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      return engine.downloadFunctionCode({
        service,
        region,
        functionName: name,
        folder,
        overwrite,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'downloading' && p.total) {
            const pct = Math.floor(((p.done ?? 0) / p.total) * 100);
            progress.report({ message: `${Math.round((p.done ?? 0) / 1024)} KB`, increment: Math.max(0, pct - reported) });
            reported = Math.max(reported, pct);
          } else if (p.phase !== 'downloading') progress.report({ message: p.phase === 'locating' ? 'asking Lambda for the code…' : p.phase === 'unzipping' ? 'checking the archive…' : `writing files (${p.done ?? 0}/${p.total ?? '?'})` });
        },
      });
    });
  let result: DownloadCodeResult;
  try {
    result = await run(options.overwrite ?? false);
  } catch (e) {
    if (!(isWorkbenchErrorLike(e) && e.kind === 'conflict')) throw e;
    const conflicts = ((e as { options?: { details?: { conflicts?: string[] } } }).options?.details?.conflicts ?? []).slice(0, 10);
    const answer = await vscode.window.showWarningMessage(
      `Replace ${conflicts.length === 1 ? 'a file' : 'files'} in ${folder}?`,
      { modal: true, detail: `The download would replace:\n${conflicts.join('\n')}\n\nNothing has been written yet.` },
      'Replace',
    );
    if (answer !== 'Replace') return undefined;
    result = await run(true);
  }
  log().info(`Downloaded ${name} (${region}) into ${result.folder}: ${result.files.length} file(s), ${result.unzippedBytes} bytes.`);
  const uri = vscode.Uri.file(result.folder);
  if (inWorkspace(result.folder)) {
    if (result.bindingFile) await vscode.window.showTextDocument(vscode.Uri.file(result.bindingFile), { preview: true });
    void vscode.commands.executeCommand('revealInExplorer', uri).then(undefined, () => undefined);
  } else if (vscode.workspace.workspaceFolders?.length) {
    vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders.length, 0, { uri, name });
  } else {
    await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: false });
  }
  const note = result.environmentVariables ? ` Its lambda-workbench.json holds ${result.environmentVariables} environment variable value(s): review it before committing.` : '';
  const layers = result.layers.length ? ` It uses ${result.layers.length} layer(s), not part of its package.` : '';
  void vscode.window.showInformationMessage(`Downloaded ${name} into ${result.folder}.${note}${layers}`);
  return result;
}
