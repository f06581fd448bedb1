/** Choosing where requests go: a profile, SSO sign-in, or a local endpoint. */
import vscode = require('vscode');
import { normalizeEndpoint } from '../../core/aws/endpoint';
import { listProfiles } from '../../core/aws/profiles';
import { Setting } from '../ids';
import { log } from '../log';
import { settings } from '../settings';
import type { Workbench } from '../workbench';

export async function selectProfile(_wb: Workbench, preset?: unknown): Promise<string | undefined> {
  if (typeof preset === 'string') {
    await settings.update(Setting.profile, preset);
    return preset;
  }
  const profiles = await listProfiles();
  const current = settings.profile();
  const kinds = { sso: 'SSO', process: 'credential_process', role: 'assume role', keys: 'access keys', other: '' };
  const items: (vscode.QuickPickItem & { value: string })[] = [
    { label: '$(sync) Default credential chain', description: 'AWS_PROFILE, environment variables, then [default]', value: '' },
    ...profiles.map((p) => ({
      label: p.name,
      description: [kinds[p.kind], p.region, p.name === current ? '(current)' : ''].filter(Boolean).join(' · '),
      value: p.name,
    })),
  ];
  if (profiles.length === 0) items.push({ label: '$(info) No profiles found in ~/.aws/config or ~/.aws/credentials', detail: 'Run "aws configure" or "aws configure sso" in a terminal to add one.', value: '' });
  const picked = await vscode.window.showQuickPick(items, { title: 'Select AWS Profile', placeHolder: current ? `Current: ${current}` : 'Current: default credential chain' });
  if (!picked) return undefined;
  await settings.update(Setting.profile, picked.value);
  return picked.value;
}

export async function useLocalEndpoint(_wb: Workbench, preset?: unknown): Promise<string | undefined> {
  const value =
    typeof preset === 'string'
      ? preset
      : await vscode.window.showInputBox({
          title: 'Use a Local Endpoint',
          prompt: 'URL of a Lambda-compatible API (the Lambda Workbench emulator, LocalStack…). Leave empty to use AWS again.',
          value: settings.endpoint() ?? 'http://127.0.0.1:4566',
          validateInput: (text) => {
            if (!text.trim()) return undefined;
            try {
              normalizeEndpoint(text.trim());
              return undefined;
            } catch (e) {
              return (e as Error).message;
            }
          },
        });
  if (value === undefined) return undefined;
  const endpoint = value.trim() ? normalizeEndpoint(value.trim()) : '';
  await settings.update(Setting.endpoint, endpoint);
  if (!endpoint) void vscode.window.showInformationMessage('Lambda Workbench now talks to AWS.');
  else log().info(`Endpoint set to ${endpoint}.`);
  return endpoint;
}

/** Opens a terminal running `aws sso login` for the current profile (the AWS CLI does the sign-in). */
export function ssoLogin(_wb: Workbench): void {
  const profile = settings.profile() ?? process.env.AWS_PROFILE;
  const terminal = vscode.window.createTerminal({ name: 'AWS SSO Login' });
  terminal.show();
  terminal.sendText(profile ? `aws sso login --profile ${shellQuote(profile)}` : 'aws sso login');
  void vscode.window.showInformationMessage('Finish signing in in the browser, then refresh the Lambda view.', 'Refresh').then((b) => {
    if (b) void vscode.commands.executeCommand('lambdaWorkbench.functions.refresh');
  });
}

function shellQuote(s: string): string {
  return /^[\w.@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
