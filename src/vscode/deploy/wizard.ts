/**
 * The wizard for a folder with no binding file, cut to the questions that have no good default:
 * the function name (prefilled from the folder) and the execution role (the account's roles that
 * Lambda can assume, recent ones, or "Create a basic execution role" with a clear confirmation);
 * the region only when several are shown, the handler only when the folder does not make it plain.
 * The runtime follows package.json `engines.node`, the handler package.json `main` or the one
 * exported handler found; memory 128 MB, timeout 3 s and x86_64 are Lambda's own defaults (change
 * them in lambda-workbench.json or the configuration panel). Every answer can be preset, so tests
 * and scripts run it without prompts.
 */
import vscode = require('vscode');
import type { ExecutionRole } from '../../core/aws/executionRoles';
import { withWorkProgress } from '../progress';
import { discoverHandlers, readPackageJson, type HandlerCandidate } from './handlerDiscovery';
import { DEFAULT_RUNTIME, rememberRecent, runtimeForEngines, suggestFunctionName, validateFunctionName, validateRoleArn } from './wizardRules';

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
  /** IAM as the current connection: roles Lambda can assume, and creating a basic execution role. */
  roles?: { list(signal?: AbortSignal): Promise<ExecutionRole[]>; create(name: string): Promise<ExecutionRole> };
  /** Where roles are created, for the confirmation ("account of profile X", "http://127.0.0.1:4566"). */
  where?: string;
  /** Suggests a role name for a function (core's rule). */
  suggestRoleName?: (functionName: string) => string;
  validateRoleName?: (name: string) => string | undefined;
}

/** Runs the wizard; undefined when the user cancelled a step. */
export async function runCreateWizard(ctx: WizardContext, preset: Partial<WizardAnswers> = {}): Promise<WizardAnswers | undefined> {
  const askRegion = !preset.Region && ctx.regions.length > 1;
  const pkg = await readPackageJson(ctx.folder.uri);
  const handlerPlan = preset.Handler ? { handler: preset.Handler, candidates: [] } : await planHandler(ctx.folder.uri, pkg);
  const total = 2 + (askRegion ? 1 : 0) + (handlerPlan.handler ? 0 : 1);
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
  if (askRegion) {
    const picked = await vscode.window.showQuickPick(ctx.regions, { title: title(), placeHolder: 'Region to create the function in', ignoreFocusOut: true });
    if (!picked) return undefined;
    region = picked;
  }

  const engines = (pkg?.engines as { node?: string } | undefined)?.node;
  const runtime = preset.Runtime ?? runtimeForEngines(engines) ?? DEFAULT_RUNTIME;

  const handler = handlerPlan.handler ?? (await askHandler(ctx, handlerPlan.candidates, title()));
  if (handler === undefined) return undefined;

  const role = preset.Role ?? (await askRole(ctx, title(), name.trim()));
  if (role === undefined) return undefined;

  await ctx.globalState.update(RECENT_ROLES_KEY, rememberRecent(ctx.globalState.get<string[]>(RECENT_ROLES_KEY) ?? [], role.trim()));
  return {
    FunctionName: name.trim(),
    Region: region,
    Runtime: runtime,
    Handler: handler.trim(),
    Role: role.trim(),
    MemorySize: preset.MemorySize ?? 128,
    Timeout: preset.Timeout ?? 3,
    Architectures: preset.Architectures ?? ['x86_64'],
  };
}

/**
 * The handler when the folder makes it plain: package.json `main` that exports a handler (the
 * first one ranked), else the only exported handler found. Otherwise the candidates to ask about.
 */
async function planHandler(folder: vscode.Uri, pkg: Record<string, unknown> | undefined): Promise<{ handler?: string; candidates: HandlerCandidate[] }> {
  const candidates = await discoverHandlers(folder);
  const main = typeof pkg?.main === 'string' ? pkg.main.replace(/^\.\//, '') : undefined;
  const fromMain = main ? candidates.find((c) => c.file === main) : undefined;
  if (fromMain) return { handler: fromMain.handler, candidates };
  if (candidates.length === 1) return { handler: candidates[0].handler, candidates };
  return { candidates };
}

async function askHandler(ctx: WizardContext, candidates: HandlerCandidate[], title: string): Promise<string | undefined> {
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

interface RoleItem extends vscode.QuickPickItem {
  kind?: vscode.QuickPickItemKind;
  arn?: string;
  action?: 'create' | 'enter';
}

const CREATE_LABEL = '$(add) Create a basic execution role…';
const ENTER_LABEL = '$(edit) Enter a role ARN…';

/** The execution role: roles Lambda can assume (listed while the picker is open), recent ones, create, or type. */
async function askRole(ctx: WizardContext, title: string, functionName: string): Promise<string | undefined> {
  const recent = ctx.globalState.get<string[]>(RECENT_ROLES_KEY) ?? [];
  const qp = vscode.window.createQuickPick<RoleItem>();
  qp.title = title;
  qp.placeholder = 'Execution role: the IAM role the function runs as';
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  const fixed: RoleItem[] = [
    ...(ctx.roles ? [{ label: CREATE_LABEL, description: 'trusts Lambda, may write CloudWatch Logs', action: 'create' as const }] : []),
    { label: ENTER_LABEL, action: 'enter' },
  ];
  const recentItems: RoleItem[] = recent.map((arn) => ({ label: roleLabel(arn), description: 'recent', detail: arn, arn }));
  const render = (listed: ExecutionRole[] | undefined, note?: string) => {
    const listedItems = (listed ?? []).filter((r) => !recent.includes(r.arn)).map((r) => ({ label: r.name, description: r.description, detail: r.arn, arn: r.arn }));
    qp.items = [
      ...fixed,
      ...(recentItems.length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator }, ...recentItems] : []),
      { label: note ?? 'Roles Lambda can assume', kind: vscode.QuickPickItemKind.Separator },
      ...listedItems,
    ];
  };
  render(undefined, ctx.roles ? 'Roles Lambda can assume: loading…' : 'Roles');
  const abort = new AbortController();
  if (ctx.roles) {
    qp.busy = true;
    ctx.roles.list(abort.signal).then(
      (roles) => {
        render(roles, roles.length ? 'Roles Lambda can assume' : 'No role in this account trusts Lambda yet');
        qp.busy = false;
      },
      (e: unknown) => {
        // Without iam:ListRoles the user can still create or type a role: say why the list is empty.
        render([], `Could not list roles: ${(e as Error).message}`.slice(0, 120));
        qp.busy = false;
      },
    );
  }
  const choice = await new Promise<RoleItem | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  abort.abort();
  qp.dispose();
  if (!choice) return undefined;
  if (choice.arn) return choice.arn;
  if (choice.action === 'create') return createRole(ctx, title, functionName);
  return vscode.window.showInputBox({
    title,
    prompt: 'Execution role ARN (the IAM role the function runs as)',
    placeHolder: 'arn:aws:iam::123456789012:role/lambda-basic-execution',
    value: recent[0],
    validateInput: validateRoleArn,
    ignoreFocusOut: true,
  });
}

/** Asks for the new role's name, confirms what will be created and where, creates it. */
async function createRole(ctx: WizardContext, title: string, functionName: string): Promise<string | undefined> {
  if (!ctx.roles) return undefined;
  const name = await vscode.window.showInputBox({
    title: `${title}: New Execution Role`,
    prompt: 'Name of the new IAM role',
    value: ctx.suggestRoleName?.(functionName) ?? `${functionName}-role`,
    validateInput: ctx.validateRoleName,
    ignoreFocusOut: true,
  });
  if (!name) return undefined;
  const CREATE = 'Create Role';
  const answer = await vscode.window.showWarningMessage(
    `Create the IAM role "${name.trim()}"${ctx.where ? ` in ${ctx.where}` : ''}?`,
    {
      modal: true,
      detail:
        'It trusts lambda.amazonaws.com, so only Lambda can assume it, and has the AWS managed policy AWSLambdaBasicExecutionRole: ' +
        'the function may write its logs to CloudWatch Logs and nothing else. Add permissions for other services later in the IAM console.',
    },
    CREATE,
  );
  if (answer !== CREATE) return undefined;
  const roles = ctx.roles;
  const role = await withWorkProgress({ title: `Creating role ${name.trim()}` }, () => roles.create(name.trim()));
  return role.arn;
}

function roleLabel(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
