/**
 * The Debug Locally commands: on a handler file (explorer, editor, CodeLens, palette), on a saved
 * event, with a deployed function's configuration, and "Invoke Again" in a live session. The
 * target and the event are chosen exactly as Invoke Locally chooses them.
 */
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { findBindingDir } from '../bindings';
import { chooseEvent, prepareDeployedTarget, prepareHandlerTarget, type LocalInvokeOptions } from '../commands/localInvokeCommands';
import type { Workbench } from '../workbench';
import type { DebugLocalRun } from './debugLocalController';
import { debugController } from './index';

export async function debugLocallyCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions = {}): Promise<DebugLocalRun | undefined> {
  const prepared = await prepareHandlerTarget(wb, arg, options, 'Debug Locally');
  if (!prepared) return undefined;
  const event = await chooseEvent(wb, prepared.local, options, 'Debug');
  if (!event) return undefined;
  return debugController(wb).start(prepared.target, event);
}

export async function debugLocallyWithConfigCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions & { folder?: vscode.Uri } = {}): Promise<DebugLocalRun | undefined> {
  const prepared = await prepareDeployedTarget(wb, arg, options, 'Debug Locally');
  if (!prepared) return undefined;
  const event = await chooseEvent(wb, prepared.local, options, 'Debug');
  if (!event) return undefined;
  return debugController(wb).start(prepared.target, event);
}

/** "Debug with This Event" on a saved event: the folder's bound handler, this event. */
export async function debugEventFileCommand(wb: Workbench, arg?: unknown): Promise<DebugLocalRun | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !/\/\.lambda\/events\/[^/]+\/[^/]+\.json$/.test(uri.path)) {
    throw new WorkbenchError('usage', 'Open a saved event file (.lambda/events/<function>/<name>.json) first.');
  }
  const bindingDir = await findBindingDir(uri);
  if (!bindingDir) {
    throw new WorkbenchError('usage', `No lambda-workbench.json was found above ${vscode.workspace.asRelativePath(uri)}, so the handler to debug is unknown.`, { hint: 'Use "Debug Locally" on the handler file instead.' });
  }
  return debugLocallyCommand(wb, bindingDir, { eventFile: uri });
}

export function debugInvokeAgainCommand(wb: Workbench): Promise<DebugLocalRun | undefined> {
  return debugController(wb).invokeAgain();
}
