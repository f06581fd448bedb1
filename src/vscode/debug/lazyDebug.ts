/**
 * The activation-time side of Debug Locally: command stubs and a debug configuration provider that
 * load dist/debug.js on first use (the require path is computed at run time, so esbuild keeps the
 * debugger code out of dist/extension.js, like the engine).
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { Workbench } from '../workbench';
import type * as DebugBundle from './index';

type DebugModule = typeof DebugBundle;

let loading: Promise<DebugModule> | undefined;

export function loadDebug(): Promise<DebugModule> {
  loading ??= Promise.resolve().then(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(__dirname, 'debug.js')) as DebugModule;
  });
  return loading;
}

type CommandName = 'debugLocallyCommand' | 'debugLocallyWithConfigCommand' | 'debugEventFileCommand' | 'debugInvokeAgainCommand';

/** A command-table `run` that loads the debug bundle, then runs its command. */
export function lazyDebugCommand(name: CommandName): (wb: Workbench, ...args: unknown[]) => Promise<unknown> {
  return async (wb, ...args) => {
    const debug = await loadDebug();
    return (debug[name] as (wb: Workbench, ...rest: unknown[]) => Promise<unknown>)(wb, ...args);
  };
}

/** The `lambda-workbench` type's provider, delegating to the real one in the debug bundle. */
export class LazyDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  private real: Promise<vscode.DebugConfigurationProvider> | undefined;

  constructor(private readonly wb: Workbench) {}

  private provider(): Promise<vscode.DebugConfigurationProvider> {
    this.real ??= loadDebug().then((d) => new d.LambdaDebugConfigurationProvider(this.wb));
    return this.real;
  }

  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration[]> {
    return (await (await this.provider()).provideDebugConfigurations?.(folder, token)) ?? [];
  }

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration | null | undefined> {
    const real = await this.provider();
    return real.resolveDebugConfiguration ? real.resolveDebugConfiguration(folder, config, token) : config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration | null | undefined> {
    const real = await this.provider();
    return real.resolveDebugConfigurationWithSubstitutedVariables ? real.resolveDebugConfigurationWithSubstitutedVariables(folder, config, token) : config;
  }
}
