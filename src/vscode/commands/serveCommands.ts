/** "Serve Locally" on handler files, function nodes and the palette; the status-bar menu, Open in Browser and Stop. */
import vscode = require('vscode');
import type { ServingInfo } from '../serve/serveController';
import type { Workbench } from '../workbench';
import { prepareDeployedTarget, prepareHandlerTarget } from './localInvokeCommands';

/** From a handler file (explorer, editor, palette on the active file): the binding and flags as Invoke Locally resolves them. */
export async function serveHandlerCommand(wb: Workbench, arg?: unknown, options: { exportName?: string } = {}): Promise<ServingInfo | undefined> {
  const prepared = await prepareHandlerTarget(wb, arg, options, 'Serve Locally');
  if (!prepared) return undefined;
  return announce(await wb.serve.start(prepared.target, prepared.local));
}

/** From a function node: the deployed configuration over the local code. */
export async function serveFunctionCommand(wb: Workbench, arg?: unknown, options: { folder?: vscode.Uri } = {}): Promise<ServingInfo | undefined> {
  const prepared = await prepareDeployedTarget(wb, arg, options, 'Serve Locally');
  if (!prepared) return undefined;
  return announce(await wb.serve.start(prepared.target, prepared.local));
}

function announce(info: ServingInfo): ServingInfo {
  void vscode.window.showInformationMessage(`Serving ${info.handler} at ${info.url}`, 'Open in Browser', 'Stop').then((choice) => {
    if (choice === 'Open in Browser') void vscode.commands.executeCommand('lambdaWorkbench.serve.openInBrowser');
    if (choice === 'Stop') void vscode.commands.executeCommand('lambdaWorkbench.serve.stop');
  });
  return info;
}

export async function stopServingCommand(wb: Workbench, options?: { quiet?: boolean }): Promise<boolean> {
  const stopped = await wb.serve.stop();
  if (!stopped && !options?.quiet) void vscode.window.showInformationMessage('Nothing is being served.');
  return stopped;
}

export async function openServedCommand(wb: Workbench): Promise<boolean> {
  const opened = await wb.serve.openInBrowser();
  if (!wb.serve.serving) void vscode.window.showInformationMessage('Nothing is being served: use "Serve Locally" on a handler file first.');
  return opened;
}

/** The status-bar item's menu. */
export async function serveMenuCommand(wb: Workbench): Promise<void> {
  const info = wb.serve.serving;
  if (!info) return;
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(globe) Open in Browser', id: 'open' },
      { label: '$(copy) Copy URL', id: 'copy' },
      { label: '$(debug-stop) Stop', id: 'stop' },
    ],
    { title: `Serving ${info.handler} at ${info.url}` },
  );
  if (picked?.id === 'open') await wb.serve.openInBrowser();
  else if (picked?.id === 'copy') await vscode.env.clipboard.writeText(info.url);
  else if (picked?.id === 'stop') await wb.serve.stop();
}
