/** "Invoke Locally" on handler files (explorer, editor title, CodeLens), re-run and stop. */
import * as path from 'node:path';
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { resolveCodeRoot } from '../../core/config/codeRoot';
import { exists, findBindingDir, findFolderForFunction, peekBinding, type BindingInfo } from '../bindings';
import { DEFAULT_RUNTIME, runtimeForEngines } from '../deploy/wizardRules';
import { readPackageJson } from '../deploy/handlerDiscovery';
import { checkedEvent, pickEvent, readEventFile, type ChosenEvent } from '../invoke/eventPicker';
import { findExportedFunctions, rankHandlers } from '../invoke/handlerExports';
import type { LocalInvokeRun } from '../invoke/localInvokeController';
import { buildLocalSpec, handlerExport, handlerModule, type LocalInvokeSpec } from '../invoke/localSpec';
import { loadSamples } from '../invoke/samples';
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { saveBeforeRun } from '../saveBeforeRun';
import { resolveFunction } from './pickFunction';

export interface LocalInvokeOptions {
  /** Which export to run (CodeLens passes it; tests too). */
  exportName?: string;
  /** The event, skipping the picker. */
  eventFile?: vscode.Uri;
  payload?: string;
}

const HANDLER_EXT = /\.(js|mjs|cjs|ts)$/;

export async function invokeLocallyCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions = {}): Promise<LocalInvokeRun | undefined> {
  const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new WorkbenchError('usage', 'No handler file is selected.', { hint: 'Open a .js, .mjs, .cjs or .ts file that exports a handler, or right-click one in the Explorer.' });
  requireTrust();
  if (await isDirectory(target)) return invokeFolder(wb, target, options);
  if (!HANDLER_EXT.test(target.path)) {
    throw new WorkbenchError('usage', `${path.basename(target.fsPath)} is not a JavaScript or TypeScript file.`, { hint: 'Invoke Locally runs .js, .mjs, .cjs and .ts handlers.' });
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const bindingDir = await findBindingDir(target);
  const binding = bindingDir ? await peekBinding(bindingDir) : undefined;
  const codeRoot = await codeRootFor(target, bindingDir, binding);
  // The runtime reads files from disk: unsaved edits (the handler or what it imports) would silently not run.
  if (!(await saveBeforeRun([codeRoot, target], 'invoke locally'))) return undefined;
  const source = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
  const relativeFile = path.relative(codeRoot.fsPath, target.fsPath).split(path.sep).join('/');
  const exportName = options.exportName ?? (await chooseExport(source, target, binding, relativeFile));
  if (!exportName) return undefined;
  const spec = buildLocalSpec({
    codeRoot: codeRoot.fsPath,
    relativeFile,
    exportName,
    folderName: path.basename(codeRoot.fsPath),
    binding,
    defaults: await defaultsFor(wb, codeRoot),
  });
  spec.file = target.fsPath;
  const event = await chooseEvent(wb, spec, codeRoot, options);
  if (!event) return undefined;
  return wb.local.run(spec, event);
}

/** A folder with a binding (from an event file's "Invoke Locally"): run the binding's handler. */
async function invokeFolder(wb: Workbench, folder: vscode.Uri, options: LocalInvokeOptions): Promise<LocalInvokeRun | undefined> {
  const binding = await peekBinding(folder);
  if (!binding?.Handler) {
    throw new WorkbenchError('usage', `${path.basename(folder.fsPath)} has no binding with a Handler, so there is nothing to run.`, { hint: 'Right-click the handler file and choose "Invoke Locally".' });
  }
  const codeRoot = await codeRootFor(folder, folder, binding);
  if (!(await saveBeforeRun([codeRoot], 'invoke locally'))) return undefined;
  const spec = specFromHandler(codeRoot, binding.Handler, binding, await defaultsFor(wb, codeRoot));
  const event = await chooseEvent(wb, spec, codeRoot, options);
  if (!event) return undefined;
  return wb.local.run(spec, event);
}

/** "Invoke Locally with This Function's Configuration" from the tree: deployed settings, local code. */
export async function invokeLocallyWithConfigCommand(wb: Workbench, arg?: unknown, options: LocalInvokeOptions & { folder?: vscode.Uri } = {}): Promise<LocalInvokeRun | undefined> {
  requireTrust();
  const picked = await resolveFunction(wb, arg, 'Invoke Locally');
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
  const binding = await peekBinding(folder);
  const codeRoot = await codeRootFor(folder, folder, binding);
  if (!(await saveBeforeRun([codeRoot], 'invoke locally'))) return undefined;
  const spec = specFromHandler(codeRoot, cfg.Handler ?? 'index.handler', undefined, await defaultsFor(wb, codeRoot));
  Object.assign(spec, {
    functionName: ref.name,
    runtime: cfg.Runtime,
    timeout: cfg.Timeout ?? spec.timeout,
    memorySize: cfg.MemorySize ?? spec.memorySize,
    region: ref.region,
    environment: { ...(cfg.Environment?.Variables ?? {}) },
    source: 'deployed' as const,
  });
  const event = await chooseEvent(wb, spec, codeRoot, options);
  if (!event) return undefined;
  return wb.local.run(spec, event);
}

export async function rerunLocalCommand(wb: Workbench): Promise<LocalInvokeRun | undefined> {
  requireTrust();
  // Like Invoke Locally: what was typed since the last run is what runs now.
  const last = wb.local.lastSpec;
  if (last && !(await saveBeforeRun([vscode.Uri.file(last.codeRoot), ...(last.file ? [vscode.Uri.file(last.file)] : [])], 're-run the local invoke'))) return undefined;
  return wb.local.rerun();
}

export function stopLocalCommand(wb: Workbench, options?: { quiet?: boolean }): boolean {
  const stopped = wb.local.stop();
  if (!stopped && !options?.quiet) void vscode.window.showInformationMessage('No local invoke is running.');
  return stopped;
}

function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    // The menus stay enabled in restricted mode so this explains itself, rather than a greyed-out item.
    throw new WorkbenchError('usage', 'Local invoke runs this workspace\'s code, and the workspace is not trusted.', { hint: 'Trust the workspace (Manage Workspace Trust) to run handlers locally.' });
  }
}

function specFromHandler(codeRoot: vscode.Uri, handler: string, binding: BindingInfo | undefined, defaults: Awaited<ReturnType<typeof defaultsFor>>): LocalInvokeSpec {
  const spec = buildLocalSpec({ codeRoot: codeRoot.fsPath, relativeFile: handlerModule(handler), exportName: handlerExport(handler), folderName: path.basename(codeRoot.fsPath), binding, defaults });
  spec.handler = handler;
  return spec;
}

/** The binding's folder (or its CodeRoot), else the handler's nearest package.json folder, else its workspace folder. */
async function codeRootFor(target: vscode.Uri, bindingDir: vscode.Uri | undefined, binding: BindingInfo | undefined): Promise<vscode.Uri> {
  // Core refuses a CodeRoot whose real path leaves the binding's folder.
  if (bindingDir) return binding?.CodeRoot ? vscode.Uri.file(resolveCodeRoot(bindingDir.fsPath, binding.CodeRoot)) : bindingDir;
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
  let dir = vscode.Uri.joinPath(target, '..');
  while (workspaceFolder && dir.path.startsWith(workspaceFolder.uri.path)) {
    if (await exists(vscode.Uri.joinPath(dir, 'package.json'))) return dir;
    if (dir.path === workspaceFolder.uri.path) break;
    dir = vscode.Uri.joinPath(dir, '..');
  }
  return workspaceFolder?.uri ?? vscode.Uri.joinPath(target, '..');
}

async function defaultsFor(wb: Workbench, codeRoot: vscode.Uri) {
  const pkg = await readPackageJson(codeRoot);
  const engines = (pkg?.engines as { node?: string } | undefined)?.node;
  const regions = await wb.connection.regions().catch(() => ['us-east-1']);
  return { runtime: runtimeForEngines(engines) ?? DEFAULT_RUNTIME, timeout: settings.invokeTimeout(), memorySize: 128, region: regions[0] ?? 'us-east-1' };
}

async function chooseExport(source: string, file: vscode.Uri, binding: BindingInfo | undefined, relativeFile: string): Promise<string | undefined> {
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
  const bound = binding?.Handler && handlerModule(binding.Handler) === relativeFile.replace(/\.(m|c)?[jt]s$/, '') ? handlerExport(binding.Handler) : undefined;
  if (bound && exports.some((e) => e.name === bound)) return bound;
  if (exports.length === 1) return exports[0].name;
  const picked = await vscode.window.showQuickPick(
    exports.map((e) => ({ label: e.name, description: `line ${e.line + 1}` })),
    { title: `Invoke Locally: ${name}`, placeHolder: 'Which export is the handler?' },
  );
  return picked?.label;
}

async function chooseEvent(wb: Workbench, spec: LocalInvokeSpec, codeRoot: vscode.Uri, options: LocalInvokeOptions): Promise<ChosenEvent | undefined> {
  if (options.eventFile) return readEventFile(options.eventFile);
  if (options.payload !== undefined) return checkedEvent(options.payload, 'payload');
  return pickEvent({ title: `Invoke ${spec.handler} Locally`, folder: codeRoot, functionName: spec.functionName, samples: () => loadSamples(wb.connection) });
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
