/**
 * Entry point. activate() builds cheap objects, registers every command from the command table and
 * returns: no network, no file scans, no engine load (jszip lives in dist/engine.js and the AWS SDK in
 * dist/awsSdk.js, each loaded on first use).
 */
import vscode = require('vscode');
import { registerCommands } from './vscode/commands';
import { flushConfigurationDrafts, registerConfigurationPanel } from './vscode/commands/openConfiguration';
import { RESULT_SCHEME, Setting } from './vscode/ids';
import { disposeEngine } from './vscode/engine';
import { disposeLog } from './vscode/log';
import { settings } from './vscode/settings';
import { createWorkbench } from './vscode/workbench';
import { createApi, type LambdaWorkbenchApi } from './vscode/api';
import { CODELENS_SELECTOR, InvokeCodeLensProvider } from './vscode/invoke/codeLens';
import { disposeInvokeOutput } from './vscode/invoke/invokeOutput';
import { disposeLogTails } from './vscode/logs/logTails';
import { registerFunctionLinks } from './vscode/links/uriHandler';
import { LazyDebugConfigurationProvider } from './vscode/debug/lazyDebug';
import { DEBUG_TYPE } from './vscode/debug/launchConfig';

const moduleLoaded = performance.now();

export function activate(context: vscode.ExtensionContext): LambdaWorkbenchApi {
  const started = performance.now();
  const wb = createWorkbench(context);
  const codeLens = new InvokeCodeLensProvider();
  context.subscriptions.push(
    ...registerCommands(wb),
    registerConfigurationPanel(wb),
    registerFunctionLinks(wb),
    codeLens,
    vscode.languages.registerCodeLensProvider(CODELENS_SELECTOR, codeLens),
    vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, wb.results),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LazyDebugConfigurationProvider(wb)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affects(e, Setting.profile, Setting.endpoint)) {
        wb.connection.reset();
        wb.model.refreshAll();
      } else if (settings.affects(e, Setting.regions, Setting.pageSize)) {
        wb.model.refreshAll();
      }
    }),
    { dispose: disposeLog },
    { dispose: disposeInvokeOutput },
    { dispose: disposeLogTails },
    { dispose: () => void disposeEngine() },
  );
  return createApi(wb, { moduleLoadedAt: moduleLoaded, activateMs: performance.now() - started });
}

/** A window reload or close: unsaved configuration edits pending for SecretStorage are written first. */
export function deactivate(): Promise<void> {
  return flushConfigurationDrafts();
}
