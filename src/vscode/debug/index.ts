/**
 * Entry of dist/debug.js: Debug Locally, loaded on first use (a Debug command, F5 on a
 * lambda-workbench configuration) so it costs dist/extension.js nothing. Shared state (the output
 * channels) lives on globalThis (see log.ts, invokeOutput.ts); the Workbench is passed in.
 */
import { settings } from '../settings';
import type { Workbench } from '../workbench';
import { DebugLocalController } from './debugLocalController';

export { debugEventFileCommand, debugInvokeAgainCommand, debugLocallyCommand, debugLocallyWithConfigCommand } from './debugCommands';
export { LambdaDebugConfigurationProvider } from './debugConfigProvider';

let controller: DebugLocalController | undefined;

/** The one Debug Locally controller, created on first use and disposed with the extension. */
export function debugController(wb: Workbench): DebugLocalController {
  if (!controller) {
    const created = new DebugLocalController(wb.connection, wb.results, (k, v) => wb.setContext(k, v), {
      resolve: (t) => wb.local.resolve(t),
      passCredentials: () => settings.passCredentials(),
      asDeployed: () => settings.invokeAsDeployed(),
      trackBuild: (folder, work) => wb.buildProblems.track(folder, work),
    });
    controller = created;
    wb.extension.subscriptions.push({ dispose: () => ((controller = undefined), created.dispose()) });
  }
  return controller;
}
