/**
 * CodeLenses: "Invoke Locally | Debug" over exported handlers in .js/.mjs/.cjs/.ts files, and "Invoke
 * Locally | Invoke <function> | Debug with This Event" at the top of saved event files. Computed from the open document's
 * text only (no file system access), and off with lambdaWorkbench.codeLens.enabled.
 */
import vscode = require('vscode');
import { Cmd, Setting } from '../ids';
import { settings } from '../settings';
import { findExportedFunctions } from './handlerExports';

/** Exports that look like handlers get a lens; helpers and constants do not. */
const HANDLER_NAME = /handler$|^handle[A-Z]|^main$|^default$/i;

export const CODELENS_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{js,mjs,cjs,ts}' },
  { scheme: 'file', pattern: '**/.lambda/events/*/*.json' },
];

export class InvokeCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (settings.affects(e, Setting.codeLensEnabled)) this.emitter.fire();
  });

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!settings.codeLensEnabled()) return [];
    if (/[\\/]node_modules[\\/]/.test(document.uri.fsPath) || document.uri.path.endsWith('.d.ts')) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (document.uri.path.endsWith('.json')) {
      return [
        new vscode.CodeLens(top, { title: '$(play) Invoke Locally', command: Cmd.invokeEventFile, arguments: [document.uri, 'local'], tooltip: 'Run the folder\'s handler locally with this event' }),
        new vscode.CodeLens(top, { title: '$(cloud) Invoke Deployed Function', command: Cmd.invokeEventFile, arguments: [document.uri, 'remote'], tooltip: 'Invoke the deployed function with this event' }),
        new vscode.CodeLens(top, { title: '$(debug-alt) Debug with This Event', command: Cmd.debugEventFile, arguments: [document.uri], tooltip: 'Debug the folder\'s handler locally with this event' }),
      ];
    }
    const text = document.getText();
    if (text.length > 1_000_000) return [];
    return findExportedFunctions(text)
      .filter((e) => HANDLER_NAME.test(e.name))
      .flatMap((e) => {
        const range = new vscode.Range(e.line, e.column, e.line, e.column + e.name.length);
        return [
          new vscode.CodeLens(range, {
            title: '$(play) Invoke Locally',
            tooltip: `Run ${e.name} in a local Lambda runtime`,
            command: Cmd.invokeLocally,
            arguments: [document.uri, { exportName: e.name }],
          }),
          new vscode.CodeLens(range, {
            title: '$(debug-alt) Debug',
            tooltip: `Run ${e.name} locally in VS Code's debugger`,
            command: Cmd.debugLocally,
            arguments: [document.uri, { exportName: e.name }],
          }),
        ];
      });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
