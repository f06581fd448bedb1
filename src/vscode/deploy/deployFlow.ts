/**
 * Deploy from the editor: read the folder's binding (or run the wizard and write one), show the
 * package before the folder's first deploy, then deploy with cancellable progress and a final
 * notification that offers the next steps.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { Binding } from '../../core/config/binding';
import type { DeployRequest, DeployResult } from '../../core/deploy/types';
import type { PackageResult } from '../../core/package/types';
import { BINDING_FILE } from '../bindings';
import { isAbortLike, userMessage } from '../errorText';
import type { FunctionRef } from '../functionRef';
import { Cmd } from '../ids';
import { log, reportError } from '../log';
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { formatPackagePreview, previewSummary } from './packagePreview';
import { runCreateWizard, type WizardAnswers } from './wizard';
import { configurationChanged } from '../commands/openConfiguration';

export interface DeployUiOptions {
  /** Preset wizard answers (tests, scripts): the wizard asks only for what is missing. */
  wizard?: Partial<WizardAnswers>;
  /** Deploy to this function instead of the binding's (the tree's "Deploy Workspace Folder to This Function"). */
  target?: FunctionRef;
  /** true: show the preview even after the first deploy; false: never. Default: first deploy, per setting. */
  preview?: boolean;
  /** Answer the preview's and the retarget's confirmations with yes (tests). */
  assumeYes?: boolean;
}

const deployedKey = (folder: vscode.Uri) => `lambdaWorkbench.deployed:${folder.toString()}`;

export async function deployFolder(wb: Workbench, folder: vscode.Uri, options: DeployUiOptions = {}): Promise<DeployResult | undefined> {
  const engine = await wb.connection.loadEngine();
  const folderName = path.basename(folder.fsPath);
  let loaded;
  try {
    loaded = await engine.loadBinding(folder.fsPath);
  } catch (error) {
    wb.lastError = error;
    const file = vscode.Uri.joinPath(folder, BINDING_FILE);
    reportError('Deploy', error, { actions: [{ label: `Open ${BINDING_FILE}`, run: () => vscode.window.showTextDocument(file) }] });
    return undefined;
  }
  for (const w of loaded?.warnings ?? []) log().warn(`${BINDING_FILE} in ${folderName}: ${w}`);
  const regions = await wb.connection.regions();
  let binding: Binding | null | undefined = loaded ? undefined : null;
  let overrides: Binding = {};

  if (options.target) {
    const bound = loaded?.binding;
    if (bound?.FunctionName && (bound.FunctionName !== options.target.name || (bound.Region && bound.Region !== options.target.region))) {
      const go =
        options.assumeYes ||
        (await vscode.window.showWarningMessage(
          `"${folderName}" is bound to ${bound.FunctionName}${bound.Region ? ` in ${bound.Region}` : ''}. Deploy it to ${options.target.name} in ${options.target.region} instead?`,
          { modal: true, detail: `${BINDING_FILE} is not changed; later deploys of this folder still go to ${bound.FunctionName}.` },
          'Deploy',
        )) === 'Deploy';
      if (!go) return undefined;
    }
    overrides = { FunctionName: options.target.name, Region: options.target.region };
  } else if (!loaded) {
    const answers = await runCreateWizard({ folder: { uri: folder, name: folderName }, regions, globalState: wb.extension.globalState }, options.wizard);
    if (!answers) return undefined;
    const file = await engine.writeBinding(folder.fsPath, { ...answers } as Binding);
    binding = undefined; // read back what was written, like every later deploy
    log().info(`Wrote ${file}.`);
    void vscode.window.showInformationMessage(`Saved the settings in ${BINDING_FILE}; later deploys of "${folderName}" reuse them.`, 'Open File').then((b) => {
      if (b) void vscode.window.showTextDocument(vscode.Uri.file(file));
    });
  }

  const request: DeployRequest = {
    folder: folder.fsPath,
    binding,
    overrides,
    defaultRegion: regions[0],
    packageOptions: { excludes: settings.packageExclude(folder) },
  };
  const target = await engine.resolveDeployTarget(request);
  const service = await wb.connection.service(target.profile);

  const firstDeploy = !wb.extension.workspaceState.get<boolean>(deployedKey(folder));
  const wantPreview = options.preview ?? (firstDeploy && settings.confirmPackagePreview());
  if (wantPreview) {
    const prebuilt = await previewPackage(wb, target.codeRoot, { handler: target.settings.Handler, ignoreFiles: target.ignoreFiles, excludes: request.packageOptions?.excludes }, `${folderName} → ${target.functionName}`);
    if (!prebuilt) return undefined;
    const go =
      options.assumeYes ||
      (await vscode.window.showInformationMessage(
        `Deploy "${folderName}" to ${target.functionName} in ${target.region}?`,
        { modal: true, detail: `${previewSummary(prebuilt.manifest)} The package contents are shown in the editor.` },
        'Deploy',
      )) === 'Deploy';
    if (!go) return undefined;
    request.prebuilt = prebuilt;
  }

  let result: DeployResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying ${target.functionName}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return engine.deploy(service, request, {
          signal: abort.signal,
          onProgress: (p) => progress.report({ message: p.message.replace(/…$/, '') + '…' }),
        });
      },
    );
  } catch (error) {
    if (isAbortLike(error)) {
      // The engine says what was done and what state the function is in: show it, not a silence.
      log().info(`Deploy of ${target.functionName} cancelled: ${userMessage(error)}`);
      void vscode.window.showInformationMessage(userMessage(error));
      return undefined;
    }
    throw error;
  }

  await wb.extension.workspaceState.update(deployedKey(folder), true);
  for (const w of result.warnings) log().warn(`Deploy ${result.functionName}: ${w}`);
  log().info(`Deploy ${result.functionName} in ${result.region}: ${result.action} (CodeSha256 ${result.codeSha256}).`);
  if (result.action !== 'unchanged') {
    refreshRegion(wb, result.region);
    configurationChanged({ region: result.region, name: result.functionName });
  }
  announce(result);
  return result;
}

function refreshRegion(wb: Workbench, region: string): void {
  wb.model.regionNode(region)?.refresh();
}

/** The final notification: what happened, in one line, with the next steps. */
function announce(result: DeployResult): void {
  const where = `${result.functionName} in ${result.region}`;
  const changed = result.changedSettings.length ? ` (${result.changedSettings.join(', ')})` : '';
  const text =
    result.action === 'created'
      ? `Created ${where}.`
      : result.action === 'unchanged'
        ? `${where} is unchanged: the deployed code and settings already match this folder.`
        : `Deployed ${where}: ${[result.codeUpdated ? 'code updated' : 'code unchanged', result.configurationUpdated ? `configuration updated${changed}` : ''].filter(Boolean).join(', ')}.`;
  const warn = result.warnings.length ? ` ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'} in the log.` : '';
  const ref: FunctionRef = { region: result.region, name: result.functionName, arn: result.functionArn };
  void vscode.window.showInformationMessage(text + warn, 'Invoke…', 'Open Configuration', ...(warn ? ['Show Log'] : [])).then((choice) => {
    if (choice === 'Invoke…') void vscode.commands.executeCommand(Cmd.invoke, ref);
    else if (choice === 'Open Configuration') void vscode.commands.executeCommand(Cmd.openConfiguration, ref);
    else if (choice === 'Show Log') log().show();
  });
}

/** Packages with progress and opens the preview document; undefined when cancelled. */
export async function previewPackage(
  wb: Workbench,
  codeRoot: string,
  options: { handler?: string; ignoreFiles?: string[]; excludes?: string[] },
  title: string,
): Promise<PackageResult | undefined> {
  const engine = await wb.connection.loadEngine();
  try {
    const pkg = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Packaging ${path.basename(codeRoot)}`, cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return engine.packageFolder(codeRoot, { ...options, signal: abort.signal });
    });
    const name = path.basename(codeRoot).replace(/[^\w.-]+/g, '_');
    await wb.results.show(`/package/${name}.md`, formatPackagePreview(pkg.manifest, title), { language: 'markdown', preserveFocus: true });
    return pkg;
  } catch (error) {
    if (isAbortLike(error)) return undefined;
    throw error;
  }
}
