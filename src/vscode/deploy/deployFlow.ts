/**
 * Deploy from the editor: save the folder's unsaved editors, read its binding (or run the wizard
 * and write one), show the package before the folder's first deploy, ask when the function was
 * changed elsewhere since the folder's last deploy, then deploy with cancellable progress and a
 * final notification that names the warnings and offers the next steps.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { Binding } from '../../core/config/binding';
import type { DeployRequest, DeployResult } from '../../core/deploy/types';
import { WarningsOnce } from '../../core/deploy/warningsOnce';
import type { PackageOptions, PackageResult } from '../../core/package/types';
import { BINDING_FILE } from '../bindings';
import { isAbortLike, isWorkbenchErrorLike, userMessage } from '../errorText';
import type { FunctionRef } from '../functionRef';
import { Cmd } from '../ids';
import { log, reportError } from '../log';
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { formatPackagePreview, previewSummary } from './packagePreview';
import { runCreateWizard, type WizardAnswers } from './wizard';
import { configurationChanged } from '../commands/openConfiguration';
import type { EngineModule } from '../engine';
import { withWorkProgress } from '../progress';
import { saveBeforeRun } from '../saveBeforeRun';
import type { Drift } from '../../core/deploy/drift';

export interface DeployUiOptions {
  /** Preset wizard answers (tests, scripts): the wizard asks only for what is missing. */
  wizard?: Partial<WizardAnswers>;
  /** Deploy to this function instead of the binding's (the tree's "Deploy Workspace Folder to This Function"). */
  target?: FunctionRef;
  /** true: show the preview even after the first deploy; false: never. Default: first deploy, per setting. */
  preview?: boolean;
  /** Answer the preview's and the retarget's confirmations with yes (tests). */
  assumeYes?: boolean;
  /** The answer to "changed since this folder's last deploy" (tests); default: ask. */
  onDrift?: DriftChoice;
}

export type DriftChoice = 'overwrite' | 'updateBinding' | 'cancel';

const deployedKey = (folder: vscode.Uri) => `lambdaWorkbench.deployed:${folder.toString()}`;

export async function deployFolder(wb: Workbench, folder: vscode.Uri, options: DeployUiOptions = {}): Promise<DeployResult | undefined> {
  try {
    return await deployFolderSteps(wb, folder, options);
  } catch (error) {
    if (error instanceof DeployCancelled) return undefined;
    throw error;
  }
}

async function deployFolderSteps(wb: Workbench, folder: vscode.Uri, options: DeployUiOptions): Promise<DeployResult | undefined> {
  // The packager reads the disk: unsaved edits would silently not be deployed.
  if (!(await saveBeforeRun([folder], 'deploy'))) return undefined;
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
    const connection = wb.connection.current();
    const answers = await runCreateWizard(
      {
        folder: { uri: folder, name: folderName },
        regions,
        globalState: wb.extension.globalState,
        roles: await wb.connection.executionRoles(),
        where: connection.endpoint ? `the local endpoint ${connection.endpoint}` : `the AWS account of ${connection.profile ? `profile "${connection.profile}"` : 'the default credentials'}`,
        suggestRoleName: engine.suggestRoleName,
        validateRoleName: engine.validateRoleName,
      },
      options.wizard,
    );
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
  if (!isInside(target.codeRoot, folder.fsPath) && !(await saveBeforeRun([vscode.Uri.file(target.codeRoot)], 'deploy'))) return undefined;
  // A binding's Profile must exist (the same rule as the CLI's), before anything is packaged.
  await engine.requireKnownProfile(target.profile);
  const service = await wb.connection.service(target.profile);
  // The rules' warnings (a deprecated runtime…) are known before anything is packaged: the preview shows them.
  const settingsWarnings = engine.checkSettings(target.settings, target.bindingFile ? BINDING_FILE : 'the deploy settings');

  const firstDeploy = !wb.extension.workspaceState.get<boolean>(deployedKey(folder));
  const wantPreview = options.preview ?? (firstDeploy && settings.confirmPackagePreview());
  if (wantPreview) {
    const prebuilt = await previewPackage(
      wb,
      target.codeRoot,
      // The same package options as the deploy (Build, Runtime, architecture): the preview's zip is what gets uploaded.
      { ...target.packageOptions, excludes: request.packageOptions?.excludes },
      `${folderName} → ${target.functionName}`,
      [...target.warnings, ...settingsWarnings],
    );
    if (!prebuilt) return undefined;
    const warned = [...settingsWarnings, ...prebuilt.manifest.warnings];
    const go =
      options.assumeYes ||
      (await vscode.window.showInformationMessage(
        `Deploy "${folderName}" to ${target.functionName} in ${target.region}?`,
        {
          modal: true,
          detail: `${previewSummary(prebuilt.manifest)}${warned.length ? `\n\n${warned.length === 1 ? 'Warning' : `${warned.length} warnings`}:\n${warned.map((w) => `• ${w}`).join('\n')}` : ''}\n\nThe package contents are shown in the editor.`,
        },
        'Deploy',
      )) === 'Deploy';
    if (!go) return undefined;
    request.prebuilt = prebuilt;
  }

  let result: DeployResult;
  // Each warning in the log once: the binding file's were logged when it was read, and the engine
  // repeats them (and its own) before the upload and in the result.
  const warnings = new WarningsOnce((w) => log().warn(`Deploy ${target.functionName}: ${w}`));
  warnings.said(loaded?.warnings);
  try {
    result = await wb.buildProblems.track(folder.fsPath, () => runDeploy(engine, service, request, target.functionName, warnings));
  } catch (error) {
    const drift = driftOf(error);
    if (!drift) throw error;
    const choice = options.onDrift ?? (await askDrift(drift, Boolean(loaded) && !options.target));
    if (choice === 'cancel') return undefined;
    if (choice === 'updateBinding') {
      const fresh = (await service.getFunction(target.region, target.functionName)).Configuration ?? {};
      const updated: Binding = { ...(loaded?.binding ?? {}) };
      for (const e of drift.entries) (updated as Record<string, unknown>)[e.setting] = engine.settingFromFunction(e.setting, fresh);
      const file = await engine.writeBinding(folder.fsPath, updated);
      log().info(`Copied ${drift.entries.map((e) => e.setting).join(', ')} of ${target.functionName} into ${file}.`);
      request.binding = undefined; // read back what was written
    } else {
      request.force = true;
    }
    result = await runDeploy(engine, service, request, target.functionName, warnings);
  }

  await wb.extension.workspaceState.update(deployedKey(folder), true);
  warnings.sayAll(result.warnings);
  log().info(`Deploy ${result.functionName} in ${result.region}: ${result.action} (CodeSha256 ${result.codeSha256}).`);
  if (result.action !== 'unchanged') {
    wb.model.functionChanged(result.region, result.functionName);
    configurationChanged({ region: result.region, name: result.functionName });
  }
  announce(wb, result, loaded ? folder : undefined);
  return result;
}

/** The deploy itself, with a progress notification that is gone before anything else is shown. */
async function runDeploy(engine: EngineModule, service: Awaited<ReturnType<Workbench['connection']['service']>>, request: DeployRequest, functionName: string, warnings: WarningsOnce): Promise<DeployResult> {
  try {
    return await withWorkProgress({ title: `Deploying ${functionName}`, cancellable: true }, (progress) =>
      engine.deploy(service, request, {
        signal: progress.signal,
        onProgress: (p) => progress.report(p.message.replace(/…$/, '') + '…'),
        // In the log before anything is uploaded; the final notification offers them all again.
        onWarning: (w) => warnings.say(w),
      }),
    );
  } catch (error) {
    if (isAbortLike(error)) {
      // The engine says what was done and what state the function is in: show it, not a silence.
      log().info(`Deploy of ${functionName} cancelled: ${userMessage(error)}`);
      void vscode.window.showInformationMessage(userMessage(error));
      throw new DeployCancelled();
    }
    throw error;
  }
}

/** Thrown after a cancelled deploy was reported; deployFolder turns it into "no result". */
class DeployCancelled extends Error {}

function driftOf(error: unknown): Drift | undefined {
  if (!isWorkbenchErrorLike(error) || error.kind !== 'conflict') return undefined;
  const details = (error as { options?: { code?: string; details?: { drift?: Drift } } }).options;
  return details?.code === 'ConfigurationDrift' ? details.details?.drift : undefined;
}

/** "Changed since this folder's last deploy": overwrite, copy the function's values into the binding, or cancel. */
async function askDrift(drift: Drift, canUpdateBinding: boolean): Promise<DriftChoice> {
  const OVERWRITE = 'Overwrite the Function';
  const UPDATE = `Update ${BINDING_FILE} from the Function`;
  const lines = drift.entries.map((e) => `• ${e.setting}: ${BINDING_FILE} has ${e.local}; the function has ${e.deployed}`);
  const answer = await vscode.window.showWarningMessage(
    `${drift.functionName} in ${drift.region} was changed since this folder last deployed it.`,
    {
      modal: true,
      detail: `Deploying would undo these changes:\n${lines.join('\n')}\n\n"${OVERWRITE}" puts the file's values back; "${UPDATE}" keeps the function's values by writing them into the file, then deploys the code.`,
    },
    OVERWRITE,
    ...(canUpdateBinding ? [UPDATE] : []),
  );
  return answer === OVERWRITE ? 'overwrite' : answer === UPDATE ? 'updateBinding' : 'cancel';
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The final notification: what happened, in one line, the warnings themselves, and the next steps. */
function announce(wb: Workbench, result: DeployResult, bindingFolder: vscode.Uri | undefined): void {
  const where = `${result.functionName} in ${result.region}`;
  const changed = result.changedSettings.length ? ` (${result.changedSettings.join(', ')})` : '';
  const text =
    result.action === 'created'
      ? `Created ${where}.`
      : result.action === 'unchanged'
        ? `${where} is unchanged: the deployed code and settings already match this folder.`
        : `Deployed ${where}: ${[result.codeUpdated ? 'code updated' : 'code unchanged', result.configurationUpdated ? `configuration updated${changed}` : ''].filter(Boolean).join(', ')}.`;
  const ref: FunctionRef = { region: result.region, name: result.functionName, arn: result.functionArn };
  const next = ['Invoke…', 'Open Configuration'];
  if (result.warnings.length === 0) {
    void vscode.window.showInformationMessage(text, ...next).then((choice) => runNext(choice, ref));
    return;
  }
  // The warnings are the point: say the first one in the notification, and offer what fixes it.
  const fix = warningFix(wb, result, bindingFolder);
  const more = result.warnings.length > 1 ? ` (+${result.warnings.length - 1} more warning${result.warnings.length === 2 ? '' : 's'})` : '';
  const SHOW = result.warnings.length > 1 ? 'Show Warnings' : undefined;
  void vscode.window
    .showWarningMessage(`${text} Warning: ${result.warnings[0]}${more}`, ...(fix ? [fix.label] : []), ...(SHOW ? [SHOW] : []), ...next)
    .then(async (choice) => {
      if (fix && choice === fix.label) await fix.run();
      else if (SHOW && choice === SHOW) await wb.results.show(`/deploy/${result.functionName}-warnings.md`, formatWarnings(result), { language: 'markdown', preserveFocus: false });
      else runNext(choice, ref);
    });
}

function runNext(choice: string | undefined, ref: FunctionRef): void {
  if (choice === 'Invoke…') void vscode.commands.executeCommand(Cmd.invoke, ref);
  else if (choice === 'Open Configuration') void vscode.commands.executeCommand(Cmd.openConfiguration, ref);
}

function formatWarnings(result: DeployResult): string {
  return [`# Deploy of ${result.functionName} in ${result.region}: warnings`, '', ...result.warnings.map((w) => `- ${w}`), ''].join('\n');
}

/** The action that fixes the first warning: a deprecated runtime, or a TypeScript handler shipped as source. */
function warningFix(wb: Workbench, result: DeployResult, bindingFolder: vscode.Uri | undefined): { label: string; run: () => Promise<unknown> } | undefined {
  const first = result.warnings[0];
  const runtime = /Runtime (\S+) was deprecated .*Move to (\S+)\.(?:\s|$)/.exec(first);
  if (runtime && bindingFolder) {
    const [, , suggested] = runtime;
    return {
      label: `Use ${suggested}`,
      run: async () => {
        const engine = await wb.connection.loadEngine();
        const loaded = await engine.loadBinding(bindingFolder.fsPath);
        if (!loaded) return;
        const file = await engine.writeBinding(bindingFolder.fsPath, { ...loaded.binding, Runtime: suggested as Binding['Runtime'] });
        const open = await vscode.window.showInformationMessage(`Set "Runtime": "${suggested}" in ${BINDING_FILE}; the next deploy applies it.`, 'Deploy Now', 'Open File');
        if (open === 'Deploy Now') await vscode.commands.executeCommand(Cmd.deployFolder, bindingFolder);
        else if (open === 'Open File') await vscode.window.showTextDocument(vscode.Uri.file(file));
      },
    };
  }
  if (/TypeScript source/.test(first) && bindingFolder) {
    return { label: `Open ${BINDING_FILE}`, run: () => Promise.resolve(vscode.window.showTextDocument(vscode.Uri.joinPath(bindingFolder, BINDING_FILE))) };
  }
  return undefined;
}

/** Packages with progress and opens the preview document; undefined when cancelled. */
export async function previewPackage(
  wb: Workbench,
  codeRoot: string,
  options: Pick<PackageOptions, 'handler' | 'runtime' | 'build' | 'architecture' | 'ignoreFiles' | 'excludes'>,
  title: string,
  settingsWarnings: string[] = [],
): Promise<PackageResult | undefined> {
  const engine = await wb.connection.loadEngine();
  try {
    const pkg = await wb.buildProblems.track(codeRoot, () =>
      withWorkProgress({ title: `Packaging ${path.basename(codeRoot)}`, cancellable: true }, (progress) => engine.packageFolder(codeRoot, { ...options, signal: progress.signal })),
    );
    const name = path.basename(codeRoot).replace(/[^\w.-]+/g, '_');
    await wb.results.show(`/package/${name}.md`, formatPackagePreview(pkg.manifest, title, settingsWarnings), { language: 'markdown', preserveFocus: true });
    return pkg;
  } catch (error) {
    if (isAbortLike(error)) return undefined;
    throw error;
  }
}
