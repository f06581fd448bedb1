/** "Invoke Locally" on handler files (explorer, editor title, CodeLens), re-run and stop. */
import * as path from 'node:path';
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { exists, findBindingDir, findFolderForFunction, peekBinding } from '../bindings';
import { runtimeForEngines } from '../deploy/wizardRules';
import { readPackageJson } from '../deploy/handlerDiscovery';
import { checkedEvent, pickEvent, readEventFile, type ChosenEvent } from '../invoke/eventPicker';
import { findExportedFunctions, rankHandlers } from '../invoke/handlerExports';
import type { LocalInvokeRun, LocalTarget, StartMode } from '../invoke/localInvokeController';
import { handlerExport, handlerModule } from '../../core/invoke/handlerName';
import type { LocalConfig, LocalSettings } from '../../core/invoke';
import { loadSamples } from '../invoke/samples';
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { saveBeforeRun } from '../saveBeforeRun';
import { rememberedPayload } from './remoteInvokeCommands';
import { resolveFunction } from './pickFunction';

export interface LocalInvokeOptions {
  /** Which export to run (CodeLens passes it; tests too). */
  exportName?: string;
  /** The event, skipping the picker. */
  eventFile?: vscode.Uri;
  payload?: string;
  /** A fresh environment instead of the warm one ("Invoke Cold"). */
  cold?: boolean;
}

const HANDLER_EXT = /\.(js|mjs|cjs|ts)$/;

export async function invokeLocallyCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions = {}): Promise<LocalInvokeRun | undefined> {
  const prepared = await prepareHandlerTarget(wb, arg, options, 'Invoke Locally');
  if (!prepared) return undefined;
  const event = await chooseEvent(wb, prepared.local, options);
  if (!event) return undefined;
  return wb.local.run(prepared.target, event, prepared.local, { start: options.cold ? 'cold' : 'warm' });
}

/**
 * "Invoke Cold": a handler file (Explorer, editor title) runs in a new environment; without one,
 * the last local invoke runs again in a new environment, else the active editor's handler does.
 * The new environment stays warm for the runs after it.
 */
export async function invokeColdCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions = {}): Promise<LocalInvokeRun | undefined> {
  if (arg instanceof vscode.Uri || !wb.local.hasLast) return invokeLocallyCommand(wb, arg, { ...options, cold: true });
  return rerunLocalCommand(wb, { start: 'cold' });
}

/**
 * From a handler file (or a bound folder) to a resolved local configuration: the export to run,
 * the function's folder and the settings layer, all resolved by core. Shared by Invoke and Debug Locally.
 */
export async function prepareHandlerTarget(wb: Workbench, arg: unknown, options: LocalInvokeOptions, verb: string): Promise<{ target: LocalTarget; local: LocalConfig } | undefined> {
  const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new WorkbenchError('usage', 'No handler file is selected.', { hint: 'Open a .js, .mjs, .cjs or .ts file that exports a handler, or right-click one in the Explorer.' });
  requireTrust();
  if (await isDirectory(target)) return prepareFolderTarget(wb, target, verb);
  if (!HANDLER_EXT.test(target.path)) {
    throw new WorkbenchError('usage', `${path.basename(target.fsPath)} is not a JavaScript or TypeScript file.`, { hint: `${verb} runs .js, .mjs, .cjs and .ts handlers.` });
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const bindingDir = await findBindingDir(target);
  const folder = bindingDir ?? (await packageFolderOf(target));
  const binding = bindingDir ? await peekBinding(bindingDir) : undefined;
  const codeRoot = binding?.CodeRoot ? path.resolve(folder.fsPath, binding.CodeRoot) : folder.fsPath;
  // The runtime reads files from disk: unsaved edits (the handler or what it imports) would silently not run.
  if (!(await saveBeforeRun([folder, target], verb.toLowerCase()))) return undefined;
  const source = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
  const relativeFile = path.relative(codeRoot, target.fsPath).split(path.sep).join('/');
  const exportName = options.exportName ?? (await chooseExport(source, target, binding?.Handler, relativeFile, verb));
  if (!exportName) return undefined;
  const lt: LocalTarget = {
    request: { folder: folder.fsPath, settings: await settingsFor(wb, folder), overrides: { handlerFile: { file: target.fsPath, exportName } } },
    file: target.fsPath,
  };
  return { target: lt, local: await wb.local.resolve(lt) };
}

/** A folder with a binding (from an event file's "Invoke Locally"): run the binding's handler. */
async function prepareFolderTarget(wb: Workbench, folder: vscode.Uri, verb: string): Promise<{ target: LocalTarget; local: LocalConfig } | undefined> {
  if (!(await saveBeforeRun([folder], verb.toLowerCase()))) return undefined;
  const lt: LocalTarget = { request: { folder: folder.fsPath, settings: await settingsFor(wb, folder) } };
  return { target: lt, local: await wb.local.resolve(lt) };
}

/** "Invoke Locally with This Function's Configuration" from the tree: deployed settings, local code. */
export async function invokeLocallyWithConfigCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions & { folder?: vscode.Uri } = {}): Promise<LocalInvokeRun | undefined> {
  const prepared = await prepareDeployedTarget(wb, arg, options, 'Invoke Locally');
  if (!prepared) return undefined;
  const event = await chooseEvent(wb, prepared.local, options);
  if (!event) return undefined;
  return wb.local.run(prepared.target, event, prepared.local);
}

/** The deployed function's configuration (through core's configFromFunction) over the local code. */
export async function prepareDeployedTarget(wb: Workbench, arg: unknown, options: { folder?: vscode.Uri }, verb: string): Promise<{ target: LocalTarget; local: LocalConfig } | undefined> {
  requireTrust();
  const picked = await resolveFunction(wb, arg, verb);
  if (!picked) return undefined;
  const { ref } = picked;
  const service = await wb.connection.service();
  const response = await service.getFunction(ref.region, ref.name);
  const cfg = response.Configuration ?? {};
  if (!cfg.Runtime?.startsWith('nodejs')) {
    throw new WorkbenchError('usage', `${ref.name} runs ${cfg.Runtime ?? (cfg.PackageType === 'Image' ? 'a container image' : 'an unknown runtime')}; local invoke runs Node.js handlers only.`);
  }
  let folder = options.folder ?? (await findFolderForFunction(ref.name, ref.region))?.dir;
  if (!folder) {
    const chosen = await vscode.window.showOpenDialog({
      title: `No folder here is bound to ${ref.name}: pick the folder that holds its code`,
      canSelectFolders: true,
      canSelectFiles: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: 'Use This Folder',
    });
    folder = chosen?.[0];
  }
  if (!folder) return undefined;
  if (!(await saveBeforeRun([folder], verb.toLowerCase()))) return undefined;
  const lt: LocalTarget = { request: { folder: folder.fsPath, settings: await settingsFor(wb, folder), deployed: { configuration: cfg, region: ref.region } } };
  return { target: lt, local: await wb.local.resolve(lt) };
}

export async function rerunLocalCommand(wb: Workbench, options: { start?: StartMode } = {}): Promise<LocalInvokeRun | undefined> {
  requireTrust();
  // Like Invoke Locally: what was typed since the last run is what runs now.
  const last = wb.local.lastTarget;
  if (last && !(await saveBeforeRun([vscode.Uri.file(last.request.folder), ...(last.file ? [vscode.Uri.file(last.file)] : [])], 're-run the local invoke'))) return undefined;
  return wb.local.rerun(options);
}

export function stopLocalCommand(wb: Workbench, options?: { quiet?: boolean }): boolean {
  const stopped = wb.local.stop();
  if (!stopped && !options?.quiet) void vscode.window.showInformationMessage('No local invoke is running.');
  return stopped;
}

export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    // The menus stay enabled in restricted mode so this explains itself, rather than a greyed-out item.
    throw new WorkbenchError('usage', 'Local invoke runs this workspace\'s code, and the workspace is not trusted.', { hint: 'Trust the workspace (Manage Workspace Trust) to run handlers locally.' });
  }
}

/** The handler's nearest package.json folder within its workspace folder, else the workspace folder. */
async function packageFolderOf(target: vscode.Uri): Promise<vscode.Uri> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
  let dir = vscode.Uri.joinPath(target, '..');
  while (workspaceFolder && dir.path.startsWith(workspaceFolder.uri.path)) {
    if (await exists(vscode.Uri.joinPath(dir, 'package.json'))) return dir;
    if (dir.path === workspaceFolder.uri.path) break;
    dir = vscode.Uri.joinPath(dir, '..');
  }
  return workspaceFolder?.uri ?? vscode.Uri.joinPath(target, '..');
}

/** The settings layer: the runtime package.json's engines suggest, the default timeout setting, the first chosen region. */
export async function settingsFor(wb: Workbench, folder: vscode.Uri): Promise<LocalSettings> {
  const pkg = await readPackageJson(folder);
  const engines = (pkg?.engines as { node?: string } | undefined)?.node;
  const regions = await wb.connection.regions().catch(() => []);
  return { runtime: runtimeForEngines(engines), timeout: settings.invokeTimeout(), region: regions[0] };
}

async function chooseExport(source: string, file: vscode.Uri, boundHandler: string | undefined, relativeFile: string, verb: string): Promise<string | undefined> {
  const all = findExportedFunctions(source);
  // A default export is only a handler candidate when it is the file's only export.
  const exports = rankHandlers(all.length > 1 ? all.filter((e) => e.name !== 'default') : all);
  const name = path.basename(file.fsPath);
  if (exports.length === 0) {
    throw new WorkbenchError('validation', `${name} exports no function, so there is no handler to run.`, {
      hint: 'Export one, e.g. "export const handler = async (event) => { … }" (ES module) or "exports.handler = async (event) => { … }" (CommonJS).',
    });
  }
  // The bound function's handler, when it lives in this file, is the obvious choice.
  const bound = boundHandler && handlerModule(boundHandler) === relativeFile.replace(/\.(m|c)?[jt]s$/, '') ? handlerExport(boundHandler) : undefined;
  if (bound && exports.some((e) => e.name === bound)) return bound;
  if (exports.length === 1) return exports[0].name;
  const picked = await vscode.window.showQuickPick(
    exports.map((e) => ({ label: e.name, description: `line ${e.line + 1}` })),
    { title: `${verb}: ${name}`, placeHolder: 'Which export is the handler?' },
  );
  return picked?.label;
}

export async function chooseEvent(wb: Workbench, local: LocalConfig, options: LocalInvokeOptions, verb = 'Invoke'): Promise<ChosenEvent | undefined> {
  if (options.eventFile) return readEventFile(options.eventFile);
  if (options.payload !== undefined) return checkedEvent(options.payload, 'payload');
  const folder = vscode.Uri.file(local.config.codeDir);
  return pickEvent({
    title: `${verb} ${local.config.handler} Locally`,
    folder,
    functionName: local.config.functionName,
    samples: () => loadSamples(wb.connection),
    lastPayload: rememberedPayload(wb, `local:${local.config.codeDir}#${local.config.handler}`),
  });
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
