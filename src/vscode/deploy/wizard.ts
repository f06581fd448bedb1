/**
 * The short wizard for a folder with no binding file: name, runtime, handler, role, memory,
 * timeout, architecture (and region when several are shown). Every answer can be preset, so
 * tests and scripts run it without prompts.
 */
import vscode = require('vscode');
import { DEFAULTS, LIMITS } from '../../core/config/validationRules';
import { discoverHandlers, readPackageJson } from './handlerDiscovery';
import {
  DEFAULT_RUNTIME,
  NODE_RUNTIMES,
  rememberRecent,
  runtimeForEngines,
  suggestFunctionName,
  validateFunctionName,
  validateMemory,
  validateRoleArn,
  validateTimeout,
} from './wizardRules';

export interface WizardAnswers {
  FunctionName: string;
  Region: string;
  Runtime: string;
  Handler: string;
  Role: string;
  MemorySize: number;
  Timeout: number;
  Architectures: ('x86_64' | 'arm64')[];
}

const RECENT_ROLES_KEY = 'lambdaWorkbench.recentRoles';

export interface WizardContext {
  folder: vscode.WorkspaceFolder | { uri: vscode.Uri; name: string };
  regions: string[];
  globalState: vscode.Memento;
}

/** Runs the wizard; undefined when the user cancelled a step. */
export async function runCreateWizard(ctx: WizardContext, preset: Partial<WizardAnswers> = {}): Promise<WizardAnswers | undefined> {
  const total = 7 + (ctx.regions.length > 1 && !preset.Region ? 1 : 0);
  let step = 0;
  const title = () => `Create Lambda Function for "${ctx.folder.name}" (${++step}/${total})`;

  const name =
    preset.FunctionName ??
    (await vscode.window.showInputBox({
      title: title(),
      prompt: 'Function name (letters, digits, hyphens, underscores)',
      value: suggestFunctionName(ctx.folder.name),
      validateInput: validateFunctionName,
      ignoreFocusOut: true,
    }));
  if (name === undefined) return undefined;

  let region = preset.Region ?? ctx.regions[0];
  if (!preset.Region && ctx.regions.length > 1) {
    const picked = await vscode.window.showQuickPick(ctx.regions, { title: title(), placeHolder: 'Region to create the function in', ignoreFocusOut: true });
    if (!picked) return undefined;
    region = picked;
  }

  const pkg = await readPackageJson(ctx.folder.uri);
  const engines = (pkg?.engines as { node?: string } | undefined)?.node;
  const suggested = runtimeForEngines(engines) ?? DEFAULT_RUNTIME;
  const runtime =
    preset.Runtime ??
    (
      await vscode.window.showQuickPick(
        NODE_RUNTIMES.map((r) => ({ label: r, description: r === suggested ? (engines ? `matches engines.node "${engines}"` : 'recommended') : undefined })).sort(
          (a, b) => Number(b.label === suggested) - Number(a.label === suggested),
        ),
        { title: title(), placeHolder: 'Runtime', ignoreFocusOut: true },
      )
    )?.label;
  if (runtime === undefined) return undefined;

  const handler = preset.Handler ?? (await askHandler(ctx, title()));
  if (handler === undefined) return undefined;

  const role = preset.Role ?? (await askRole(ctx, title()));
  if (role === undefined) return undefined;

  const memory =
    preset.MemorySize?.toString() ??
    (await vscode.window.showInputBox({ title: title(), prompt: `Memory (MB, ${LIMITS.memoryMin}–${LIMITS.memoryMax})`, value: String(DEFAULTS.memorySize), validateInput: validateMemory, ignoreFocusOut: true }));
  if (memory === undefined) return undefined;

  const timeout =
    preset.Timeout?.toString() ??
    (await vscode.window.showInputBox({ title: title(), prompt: `Timeout (seconds, ${LIMITS.timeoutMin}–${LIMITS.timeoutMax})`, value: String(DEFAULTS.timeout), validateInput: validateTimeout, ignoreFocusOut: true }));
  if (timeout === undefined) return undefined;

  const arch =
    preset.Architectures?.[0] ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'x86_64' as const, description: 'default' },
          { label: 'arm64' as const, description: 'Graviton: lower price per ms' },
        ],
        { title: title(), placeHolder: 'Architecture', ignoreFocusOut: true },
      )
    )?.label;
  if (arch === undefined) return undefined;

  await ctx.globalState.update(RECENT_ROLES_KEY, rememberRecent(ctx.globalState.get<string[]>(RECENT_ROLES_KEY) ?? [], role.trim()));
  return {
    FunctionName: name.trim(),
    Region: region,
    Runtime: runtime,
    Handler: handler.trim(),
    Role: role.trim(),
    MemorySize: Number(memory),
    Timeout: Number(timeout),
    Architectures: [arch],
  };
}

async function askHandler(ctx: WizardContext, title: string): Promise<string | undefined> {
  const candidates = await discoverHandlers(ctx.folder.uri);
  const manual = async (message?: string) =>
    vscode.window.showInputBox({
      title,
      prompt: message ?? 'Handler as FILE.EXPORT, relative to the folder (e.g. index.handler or src/app.handler)',
      value: candidates[0]?.handler ?? 'index.handler',
      validateInput: (v) => (/^[^\s.][^\s]*\.[A-Za-z_$][\w$.]*$/.test(v.trim()) ? undefined : 'Use FILE.EXPORT, e.g. index.handler.'),
      ignoreFocusOut: true,
    });
  if (candidates.length === 0) {
    return manual(`No exported function was found in "${ctx.folder.name}" (looked in the folder, src/, lib/ and handlers/). Enter the handler as FILE.EXPORT`);
  }
  const ENTER = '$(edit) Enter a handler…';
  const picked = await vscode.window.showQuickPick(
    [...candidates.map((c) => ({ label: c.handler, description: c.file })), { label: ENTER, description: '' }],
    { title, placeHolder: 'Handler (detected from the folder\'s exports)', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  return picked.label === ENTER ? manual() : picked.label;
}

async function askRole(ctx: WizardContext, title: string): Promise<string | undefined> {
  const recent = ctx.globalState.get<string[]>(RECENT_ROLES_KEY) ?? [];
  const manual = () =>
    vscode.window.showInputBox({
      title,
      prompt: 'Execution role ARN (the IAM role the function runs as)',
      placeHolder: 'arn:aws:iam::123456789012:role/lambda-basic-execution',
      value: recent[0],
      validateInput: validateRoleArn,
      ignoreFocusOut: true,
    });
  if (recent.length === 0) return manual();
  const ENTER = '$(edit) Enter a role ARN…';
  const picked = await vscode.window.showQuickPick([...recent.map((r) => ({ label: r, description: 'recent' })), { label: ENTER, description: '' }], {
    title,
    placeHolder: 'Execution role',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  return picked.label === ENTER ? manual() : picked.label;
}
