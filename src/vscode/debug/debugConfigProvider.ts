/**
 * The `lambda-workbench` debug type (launch.json, F5, the Run and Debug view): offers a
 * configuration per bound folder, checks what the user wrote (with VS Code's variables already
 * substituted) and turns it into a Debug Locally run, which attaches VS Code's own JavaScript
 * debugger. The launch itself is then given up (undefined), because the attach session is the one
 * the user debugs in. A bad configuration is a notification with "Open launch.json" and nothing runs.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { findBindingDir, peekBinding } from '../bindings';
import { chooseEvent, requireTrust, settingsFor } from '../commands/localInvokeCommands';
import { checkedEvent, readEventFile, type ChosenEvent } from '../invoke/eventPicker';
import type { LocalTarget } from '../invoke/localInvokeController';
import { Cmd } from '../ids';
import { reportError } from '../log';
import type { Workbench } from '../workbench';
import { debugConsoleLine } from './debugConsole';
import { debugController } from './index';
import { DEBUG_TYPE, initialConfiguration, parseLaunchConfig, type LaunchSpec } from './launchConfig';

const HANDLER_FILE = /\.(js|mjs|cjs|ts)$/;

export class LambdaDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly wb: Workbench) {}

  /** One configuration per folder with a lambda-workbench.json that names a handler. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    if (!folder) return [initialConfiguration() as vscode.DebugConfiguration];
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/lambda-workbench.json'), '**/node_modules/**', 20);
    const configs: vscode.DebugConfiguration[] = [];
    for (const file of files.sort((a, b) => a.path.localeCompare(b.path))) {
      const dir = vscode.Uri.joinPath(file, '..');
      const binding = await peekBinding(dir);
      if (!binding?.Handler) continue;
      const rel = path.relative(folder.uri.fsPath, dir.fsPath).split(path.sep).join('/');
      configs.push(initialConfiguration(binding.Handler, rel ? `\${workspaceFolder}/${rel}` : '${workspaceFolder}') as vscode.DebugConfiguration);
    }
    return configs.length > 0 ? configs : [initialConfiguration() as vscode.DebugConfiguration];
  }

  /** F5 with no launch.json: Debug Locally on the active handler file. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (config.type || config.request || config.name) return config;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && active.scheme === 'file' && HANDLER_FILE.test(active.path)) void vscode.commands.executeCommand(Cmd.debugLocally, active);
    else void vscode.window.showInformationMessage('Open a handler file, or add a "lambda-workbench" configuration to launch.json, to debug a Lambda handler locally.');
    return undefined;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | null | undefined> {
    if (config.type !== DEBUG_TYPE) return config;
    let prepared: { target: LocalTarget; event: ChosenEvent; spec: LaunchSpec } | undefined;
    try {
      requireTrust();
      prepared = await this.prepare(folder, config);
    } catch (error) {
      this.report(error, true);
      // null opens launch.json, where the problem is.
      return error instanceof WorkbenchError && error.kind === 'validation' ? null : undefined;
    }
    if (!prepared) return undefined;
    const { target, event, spec } = prepared;
    debugController(this.wb).start(target, event, { folder, name: spec.name, port: spec.port }).catch((e: unknown) => this.report(e, false));
    return undefined;
  }

  private async prepare(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<{ target: LocalTarget; event: ChosenEvent; spec: LaunchSpec } | undefined> {
    const spec = parseLaunchConfig(config);
    const base = folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const dir = path.resolve(base, spec.folder);
    if (!isDirectory(dir)) throw new WorkbenchError('validation', `The launch configuration's folder ${dir} does not exist.`, { hint: 'Set "folder" to the function\'s folder, e.g. "${workspaceFolder}/fn".', path: '$.folder' });
    const dirUri = vscode.Uri.file(dir);
    const target: LocalTarget = {
      request: {
        folder: dir,
        settings: await settingsFor(this.wb, dirUri),
        overrides: { handler: spec.handler, runtime: spec.runtime, timeout: spec.timeout, memorySize: spec.memorySize, environment: spec.env },
      },
    };
    if (!spec.handler && !(await peekBinding((await findBindingDir(dirUri)) ?? dirUri))?.Handler) {
      throw new WorkbenchError('validation', 'The launch configuration has no "handler", and the folder has no lambda-workbench.json that names one.', { hint: 'Add "handler": "FILE.EXPORT", e.g. "src/app.handler".', path: '$.handler' });
    }
    const event = await launchEvent(spec, dir);
    if (event) return { target, event, spec };
    const local = await this.wb.local.resolve(target);
    const picked = await chooseEvent(this.wb, local, {}, 'Debug');
    return picked ? { target, event: picked, spec } : undefined;
  }

  private report(error: unknown, launchJson: boolean): void {
    debugConsoleLine(`Debug Locally failed: ${(error as Error).message}`);
    this.wb.lastError = error;
    reportError('Debug Locally', error, launchJson ? { actions: [{ label: 'Open launch.json', run: () => vscode.commands.executeCommand('workbench.action.debug.configure') }] } : {});
  }
}

/** The launch configuration's event: a file (relative to the folder) or inline; none = the picker. */
async function launchEvent(spec: LaunchSpec, dir: string): Promise<ChosenEvent | undefined> {
  if (!spec.event) return undefined;
  if ('inline' in spec.event) return checkedEvent(JSON.stringify(spec.event.inline), 'the launch configuration\'s event');
  const file = path.resolve(dir, spec.event.file);
  try {
    statSync(file);
  } catch {
    throw new WorkbenchError('validation', `The launch configuration's event file ${file} does not exist.`, { hint: 'Give a saved event relative to the folder, e.g. ".lambda/events/fn/one.json", or the event as an object.', path: '$.event' });
  }
  return readEventFile(vscode.Uri.file(file));
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
