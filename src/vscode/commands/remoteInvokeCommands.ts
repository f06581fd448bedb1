/** Invoke (remote): pick an event, call Invoke with the log tail, show the response and the log. */
import vscode = require('vscode');
import type { InvokeRemoteResult } from '../../core/aws/types';
import { findFolderForFunction, findBindingDir, peekBinding } from '../bindings';
import type { FunctionRef } from '../functionRef';
import { checkedEvent, pickEvent, readEventFile, type ChosenEvent } from '../invoke/eventPicker';
import { invokeHeader, invokeOutput } from '../invoke/invokeOutput';
import { loadSamples } from '../invoke/samples';
import { log } from '../log';
import { withWorkProgress } from '../progress';
import type { Workbench } from '../workbench';
import { resolveFunction } from './pickFunction';

export interface RemoteInvokeOptions {
  /** Skip the event picker (tests, CodeLens on an event file). */
  payload?: string;
  eventFile?: vscode.Uri;
}

export async function invokeRemoteCommand(wb: Workbench, arg?: unknown, options: RemoteInvokeOptions = {}): Promise<InvokeRemoteResult | undefined> {
  const picked = await resolveFunction(wb, arg, 'Invoke Function');
  if (!picked) return undefined;
  const fn = picked.ref;
  let event: ChosenEvent | undefined;
  if (options.eventFile) event = await readEventFile(options.eventFile);
  else if (options.payload !== undefined) event = await checkedEvent(options.payload, 'payload');
  else {
    const bound = await findFolderForFunction(fn.name, fn.region);
    event = await pickEvent({
      title: `Invoke ${fn.name}`,
      folder: bound?.dir ?? vscode.workspace.workspaceFolders?.[0]?.uri,
      functionName: fn.name,
      samples: () => loadSamples(wb.connection),
      lastPayload: rememberedPayload(wb, `remote:${fn.region}/${fn.name}`),
    });
  }
  if (!event) return undefined;
  return invokeRemote(wb, fn, event);
}

/** The last payload typed for one function, kept per workspace (it may hold test data, never secrets we add). */
export function rememberedPayload(wb: Workbench, key: string): { get(): string | undefined; set(text: string): Thenable<void> } {
  const storageKey = `lambdaWorkbench.lastPayload:${key}`;
  return { get: () => wb.extension.workspaceState.get<string>(storageKey), set: (text) => wb.extension.workspaceState.update(storageKey, text) };
}

export async function invokeRemote(wb: Workbench, fn: FunctionRef, event: ChosenEvent): Promise<InvokeRemoteResult> {
  const service = await wb.connection.service();
  const out = invokeOutput();
  // The progress is gone before the response and any warning are shown.
  const result = await withWorkProgress({ title: `Invoking ${fn.name} (${fn.region})`, cancellable: true }, (progress) =>
    service.invoke(fn.region, { functionName: fn.name, payload: event.payload }, { signal: progress.signal }),
  );
  out.appendLine(invokeHeader(`${fn.name} in ${fn.region} with ${event.label}`));
  if (result.logTail) out.append(result.logTail.endsWith('\n') ? result.logTail : `${result.logTail}\n`);
  else out.appendLine('(the service returned no log tail)');
  out.appendLine(`Status ${result.statusCode}${result.functionError ? `, function error: ${result.functionError}` : ''}${result.executedVersion ? `, version ${result.executedVersion}` : ''}`);
  out.show(true);
  log().info(`Invoked ${fn.name} in ${fn.region}: status ${result.statusCode}${result.functionError ? ` (${result.functionError})` : ''}.`);
  await wb.results.showInvokeResult(`/remote/${fn.region}/${fn.name}/response.json`, result.payload);
  if (result.functionError) {
    void vscode.window.showWarningMessage(`${fn.name} returned an error: ${errorSummary(result.payload)}`, 'Show Log').then((b) => {
      if (b) out.show();
    });
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${fn.name} answered (status ${result.statusCode})`, 5000);
  }
  return result;
}

/** "TypeError: x is not a function" from a Lambda error payload; the raw text otherwise. */
export function errorSummary(payload: string): string {
  try {
    const e = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    if (e.errorType || e.errorMessage) return [e.errorType, e.errorMessage].filter(Boolean).join(': ');
  } catch {
    // fall through
  }
  return payload.slice(0, 200);
}

/**
 * "Invoke with This Event…" on a saved event file (`.lambda/events/<function>/<name>.json`):
 * locally with the folder's handler, or the deployed function.
 */
export async function invokeEventFileCommand(wb: Workbench, arg?: unknown, mode?: unknown): Promise<unknown> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Error('Open a saved event file (.lambda/events/<function>/<name>.json) first.');
  const m = /\/\.lambda\/events\/([^/]+)\/[^/]+\.json$/.exec(uri.path);
  if (!m) throw new Error(`${vscode.workspace.asRelativePath(uri)} is not a saved event: those live in .lambda/events/<function>/<name>.json.`);
  const functionName = decodeURIComponent(m[1]);
  const bindingDir = await findBindingDir(uri);
  const binding = bindingDir ? await peekBinding(bindingDir) : undefined;
  const regions = await wb.connection.regions();
  const region = binding?.FunctionName === functionName && binding.Region ? binding.Region : regions[0];
  let choice = mode === 'local' || mode === 'remote' ? mode : undefined;
  if (!choice) {
    const canLocal = Boolean(bindingDir && binding?.Handler);
    const items = [
      ...(canLocal ? [{ label: '$(debug-alt) Invoke Locally', description: binding?.Handler, mode: 'local' as const }] : []),
      { label: `$(cloud) Invoke ${functionName}`, description: region, mode: 'remote' as const },
    ];
    choice = (await vscode.window.showQuickPick(items, { title: `Invoke with ${uri.path.slice(uri.path.lastIndexOf('/') + 1)}` }))?.mode;
  }
  if (choice === 'remote') return invokeRemoteCommand(wb, { region, name: functionName }, { eventFile: uri });
  if (choice === 'local') {
    if (!bindingDir) throw new Error(`No lambda-workbench.json was found above ${vscode.workspace.asRelativePath(uri)}, so the handler to run is unknown. Use "Invoke Locally" on the handler file instead.`);
    return vscode.commands.executeCommand('lambdaWorkbench.handler.invokeLocally', bindingDir, { eventFile: uri });
  }
  return undefined;
}
