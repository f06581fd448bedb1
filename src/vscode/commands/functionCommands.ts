/** Per-function actions: copy, console, delete, open configuration, and the action menu. */
import vscode = require('vscode');
import { consoleUrl, type FunctionRef } from '../functionRef';
import { Cmd } from '../ids';
import { isWorkbenchErrorLike } from '../errorText';
import { log } from '../log';
import { withWorkProgress } from '../progress';
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { functionDeleted, openConfiguration } from './openConfiguration';
import { resolveFunction, type PickedFunction } from './pickFunction';

export async function openConfigurationCommand(wb: Workbench, arg?: unknown): Promise<FunctionRef | undefined> {
  const picked = await resolveFunction(wb, arg, 'Open Configuration');
  if (!picked) return undefined;
  await openConfiguration(wb, picked.ref);
  return picked.ref;
}

export async function copyArn(wb: Workbench, arg?: unknown): Promise<string | undefined> {
  const picked = await resolveFunction(wb, arg, 'Copy ARN');
  if (!picked) return undefined;
  let arn = picked.ref.arn ?? picked.config?.FunctionArn;
  if (!arn) {
    const service = await wb.connection.service();
    arn = (await service.getFunction(picked.ref.region, picked.ref.name)).Configuration?.FunctionArn;
  }
  if (!arn) throw new Error(`The service did not return an ARN for ${picked.ref.name}.`);
  await vscode.env.clipboard.writeText(arn);
  vscode.window.setStatusBarMessage(`$(copy) Copied ${arn}`, 3000);
  return arn;
}

export async function copyName(wb: Workbench, arg?: unknown): Promise<string | undefined> {
  const picked = await resolveFunction(wb, arg, 'Copy Name');
  if (!picked) return undefined;
  await vscode.env.clipboard.writeText(picked.ref.name);
  vscode.window.setStatusBarMessage(`$(copy) Copied ${picked.ref.name}`, 3000);
  return picked.ref.name;
}

export async function openInConsole(wb: Workbench, arg?: unknown): Promise<string | undefined> {
  const picked = await resolveFunction(wb, arg, 'Open in AWS Console');
  if (!picked) return undefined;
  const url = consoleUrl(picked.ref);
  const endpoint = wb.connection.current().endpoint;
  if (endpoint) {
    // A function on a local or custom endpoint has no console page: opening one would show a
    // different (or no) function, so say so instead.
    void vscode.window.showInformationMessage(`${picked.ref.name} lives on ${endpoint}, which has no AWS Console page.`, 'Copy Console URL').then((b) => {
      if (b) void vscode.env.clipboard.writeText(url);
    });
    return url;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}

export async function deleteFunction(wb: Workbench, arg?: unknown): Promise<boolean> {
  const picked = await resolveFunction(wb, arg, 'Delete Function');
  if (!picked) return false;
  const { name, region } = picked.ref;
  if (settings.confirmDelete()) {
    const answer = await vscode.window.showWarningMessage(
      `Delete the Lambda function "${name}" in ${region}?`,
      { modal: true, detail: 'Its code, configuration, versions and aliases are deleted. This cannot be undone.' },
      'Delete',
    );
    if (answer !== 'Delete') return false;
  }
  const service = await wb.connection.service();
  try {
    await withWorkProgress({ title: `Deleting ${name}` }, (progress) => service.deleteFunction(region, name, { signal: progress.signal }));
  } catch (error) {
    if (isWorkbenchErrorLike(error) && error.kind === 'notFound') {
      // Someone deleted it meanwhile: the goal is reached, only the list is stale.
      log().info(`Delete ${name}: it was already gone.`);
      wb.model.regionNode(region)?.refresh();
      functionDeleted(picked.ref);
      void vscode.window.showInformationMessage(`"${name}" was already deleted in ${region}. The list has been refreshed.`);
      return true;
    }
    throw error;
  }
  log().info(`Deleted ${name} in ${region}.`);
  wb.model.functionChanged(region, name, null);
  functionDeleted(picked.ref);
  void vscode.window.showInformationMessage(`Deleted "${name}" in ${region}.`);
  return true;
}

interface ActionItem extends vscode.QuickPickItem {
  command: string;
}

/** A GitLens-style quick pick of everything one can do with a function. */
export async function showFunctionActions(_wb: Workbench, picked: PickedFunction): Promise<void> {
  const isNode = (picked.config?.Runtime ?? 'nodejs').startsWith('nodejs');
  const items: ActionItem[] = [
    { label: '$(settings-gear) Open Configuration', command: Cmd.openConfiguration },
    { label: '$(play) Invoke…', command: Cmd.invoke },
    ...(isNode ? [{ label: '$(debug-alt) Invoke Locally…', command: Cmd.invokeLocallyWithConfig }] : []),
    { label: '$(cloud-upload) Deploy Workspace Folder to This Function…', command: Cmd.deployToFunction },
    { label: '$(copy) Copy ARN', command: Cmd.copyArn },
    { label: '$(copy) Copy Name', command: Cmd.copyName },
    { label: '$(link-external) Open in AWS Console', command: Cmd.openInConsole },
    { label: '$(trash) Delete…', command: Cmd.deleteFunction },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: picked.ref.name, placeHolder: `${picked.ref.name} · ${picked.ref.region}` });
  if (choice) await vscode.commands.executeCommand(choice.command, picked.ref);
}
