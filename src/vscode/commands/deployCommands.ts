/** Deploy commands: the palette's "Deploy Workspace Folder…", the tree's per-function deploy, and the package preview. */
import vscode = require('vscode');
import type { DeployResult } from '../../core/deploy/types';
import type { PackageResult } from '../../core/package/types';
import { deployFolder, previewPackage, type DeployUiOptions } from '../deploy/deployFlow';
import { resolveDeployFolder } from '../deploy/deployFolderPicker';
import { saveBeforeRun } from '../saveBeforeRun';
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { resolveFunction } from './pickFunction';

export async function deployFolderCommand(wb: Workbench, arg?: unknown, options?: DeployUiOptions): Promise<DeployResult | undefined> {
  const folder = await resolveDeployFolder(arg, 'Deploy Workspace Folder');
  if (!folder) return undefined;
  return deployFolder(wb, folder, options);
}

export async function deployToFunctionCommand(wb: Workbench, arg?: unknown, options: DeployUiOptions & { folder?: vscode.Uri } = {}): Promise<DeployResult | undefined> {
  const picked = await resolveFunction(wb, arg, 'Deploy to Function');
  if (!picked) return undefined;
  const folder = options.folder ?? (await resolveDeployFolder(undefined, `Deploy to ${picked.ref.name}: choose the folder`));
  if (!folder) return undefined;
  return deployFolder(wb, folder, { ...options, target: picked.ref });
}

export async function previewPackageCommand(wb: Workbench, arg?: unknown): Promise<PackageResult | undefined> {
  const folder = await resolveDeployFolder(arg, 'Preview Deployment Package');
  if (!folder) return undefined;
  if (!(await saveBeforeRun([folder], 'preview the package'))) return undefined;
  const engine = await wb.connection.loadEngine();
  const loaded = await engine.loadBinding(folder.fsPath);
  const target = await engine.resolveDeployTarget({
    folder: folder.fsPath,
    // Without a binding the preview still works: the name only labels the document.
    overrides: loaded?.binding.FunctionName ? {} : { FunctionName: 'preview' },
    defaultRegion: (await wb.connection.regions())[0],
  });
  return previewPackage(wb, target.codeRoot, { ...target.packageOptions, excludes: settings.packageExclude(folder) }, `${vscode.workspace.asRelativePath(folder)}${loaded?.binding.FunctionName ? ` → ${loaded.binding.FunctionName}` : ''}`);
}
