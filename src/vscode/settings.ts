/** Typed reads of the `lambdaWorkbench.*` settings. */
import vscode = require('vscode');
import { DEFAULTS, LIMITS } from '../core/config/validationRules';
import { Setting } from './ids';

function config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(Setting.section, scope);
}

export const settings = {
  profile: (): string | undefined => config().get<string>(Setting.profile)?.trim() || undefined,
  endpoint: (): string | undefined => config().get<string>(Setting.endpoint)?.trim() || undefined,
  regions: (): string[] => (config().get<unknown>(Setting.regions) as string[] | undefined)?.filter((r) => typeof r === 'string') ?? [],
  pageSize: (): number => clamp(config().get<number>(Setting.pageSize) ?? 50, 1, 50),
  codeLensEnabled: (): boolean => config().get<boolean>(Setting.codeLensEnabled) ?? true,
  invokeTimeout: (): number => clamp(config().get<number>(Setting.invokeTimeout) ?? DEFAULTS.timeout, LIMITS.timeoutMin, LIMITS.timeoutMax),
  passCredentials: (): boolean => config().get<boolean>(Setting.invokePassCredentials) ?? false,
  /** 0: a free port. */
  servePort: (): number => clamp(config().get<number>(Setting.servePort) ?? 0, 0, 65535),
  invokeAsDeployed: (): boolean => config().get<boolean>(Setting.invokeAsDeployed) === true,
  invokeIsolation: (): 'thread' | 'process' => (config().get<string>(Setting.invokeIsolation) === 'process' ? 'process' : 'thread'),
  packageExclude: (scope?: vscode.ConfigurationScope): string[] => config(scope).get<string[]>(Setting.packageExclude) ?? [],
  confirmDelete: (): boolean => config().get<boolean>(Setting.confirmDelete) ?? true,
  confirmPackagePreview: (): boolean => config().get<boolean>(Setting.confirmPackagePreview) ?? true,
  saveBeforeRun: (): 'always' | 'ask' | 'never' => {
    const v = config().get<string>(Setting.saveBeforeRun);
    return v === 'ask' || v === 'never' ? v : 'always';
  },

  /**
   * Writes to the workspace when one is open, else to user settings. In an untrusted workspace the
   * endpoint and profile are read from user settings only (restrictedConfigurations), so they go there.
   */
  async update(key: string, value: unknown): Promise<void> {
    const restricted = key === Setting.endpoint || key === Setting.profile;
    const workspace = Boolean(vscode.workspace.workspaceFolders?.length) && (vscode.workspace.isTrusted || !restricted);
    const target = workspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config().update(key, value, target);
  },

  affects(event: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
    return keys.some((k) => event.affectsConfiguration(`${Setting.section}.${k}`));
  },
};

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
}
