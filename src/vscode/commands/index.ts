/**
 * The command table: every command the extension contributes, in one place. activate() registers
 * them all through `registerCommands`, which wraps each handler so a failure becomes a plain
 * notification (details in the log) instead of a raw error.
 */
import vscode = require('vscode');
import { Cmd, type CommandId } from '../ids';
import { log, reportError } from '../log';
import type { Workbench } from '../workbench';
import { selectProfile, ssoLogin, useLocalEndpoint } from './connectionCommands';
import { deployFolderCommand, deployToFunctionCommand, previewPackageCommand } from './deployCommands';
import { copyArn, copyName, deleteFunction, openConfigurationCommand, openInConsole } from './functionCommands';
import { invokeEventFileCommand, invokeRemoteCommand } from './remoteInvokeCommands';
import { invokeColdCommand, invokeLocallyCommand, invokeLocallyWithConfigCommand, rerunLocalCommand, stopLocalCommand } from './localInvokeCommands';
import { downloadCodeCommand } from '../download/downloadCode';
import { copyFunctionLink } from '../links/uriHandler';
import { stopTailingCommand, tailLogsCommand, tailLogsWithOptionsCommand } from '../logs/logTails';
import { openServedCommand, serveFunctionCommand, serveHandlerCommand, serveMenuCommand, stopServingCommand } from './serveCommands';
import { stopSyncCommand, stopWatchCommand, syncOnSaveCommand, watchLocalCommand } from './liveCommands';
import { lazyDebugCommand } from '../debug/lazyDebug';
import { chooseRegions, clearFilter, filterFunctions, goToFunction, loadMore, refreshAll, refreshRegion } from './treeCommands';

export interface CommandSpec {
  id: CommandId;
  /** Names the action in error notifications: "<action> failed: …". */
  action: string;
  run(wb: Workbench, ...args: unknown[]): unknown;
}

export const commandTable: readonly CommandSpec[] = [
  // The functions view
  { id: Cmd.refresh, action: 'Refresh', run: refreshAll },
  { id: Cmd.refreshRegion, action: 'Refresh region', run: refreshRegion },
  { id: Cmd.loadMore, action: 'Load more functions', run: loadMore },
  { id: Cmd.chooseRegions, action: 'Choose regions', run: chooseRegions },
  { id: Cmd.filter, action: 'Filter functions', run: filterFunctions },
  { id: Cmd.clearFilter, action: 'Clear filter', run: clearFilter },
  { id: Cmd.goToFunction, action: 'Go to Function', run: goToFunction },
  // Connection
  { id: Cmd.selectProfile, action: 'Select profile', run: selectProfile },
  { id: Cmd.useLocalEndpoint, action: 'Use a local endpoint', run: useLocalEndpoint },
  { id: Cmd.ssoLogin, action: 'SSO sign-in', run: ssoLogin },
  { id: Cmd.showLog, action: 'Show log', run: () => log().show() },
  // Function actions
  { id: Cmd.openConfiguration, action: 'Open configuration', run: openConfigurationCommand },
  { id: Cmd.invoke, action: 'Invoke', run: invokeRemoteCommand },
  { id: Cmd.invokeLocallyWithConfig, action: 'Invoke locally', run: invokeLocallyWithConfigCommand },
  { id: Cmd.deployToFunction, action: 'Deploy', run: deployToFunctionCommand },
  { id: Cmd.copyArn, action: 'Copy ARN', run: copyArn },
  { id: Cmd.copyName, action: 'Copy name', run: copyName },
  { id: Cmd.copyLink, action: 'Copy link', run: copyFunctionLink },
  { id: Cmd.openInConsole, action: 'Open in AWS Console', run: openInConsole },
  { id: Cmd.deleteFunction, action: 'Delete function', run: deleteFunction },
  // Deploy
  { id: Cmd.deployFolder, action: 'Deploy', run: deployFolderCommand },
  { id: Cmd.previewPackage, action: 'Package preview', run: previewPackageCommand },
  // Local invoke
  { id: Cmd.invokeLocally, action: 'Invoke locally', run: invokeLocallyCommand },
  { id: Cmd.rerunLocal, action: 'Re-run local invoke', run: rerunLocalCommand },
  { id: Cmd.invokeCold, action: 'Invoke cold', run: invokeColdCommand },
  { id: Cmd.stopLocal, action: 'Stop local invoke', run: stopLocalCommand },
  { id: Cmd.downloadCode, action: 'Download code', run: downloadCodeCommand },
  // Logs
  { id: Cmd.tailLogs, action: 'Tail Logs', run: tailLogsCommand },
  { id: Cmd.tailLogsWithOptions, action: 'Tail Logs', run: tailLogsWithOptionsCommand },
  { id: Cmd.stopTailingLogs, action: 'Stop Tailing Logs', run: stopTailingCommand },
  // Saved events
  { id: Cmd.invokeEventFile, action: 'Invoke', run: invokeEventFileCommand },
  // Serve Locally
  { id: Cmd.serveHandler, action: 'Serve locally', run: serveHandlerCommand },
  { id: Cmd.serveFunction, action: 'Serve locally', run: serveFunctionCommand },
  { id: Cmd.serveStop, action: 'Stop serving', run: stopServingCommand },
  { id: Cmd.serveOpen, action: 'Open in browser', run: openServedCommand },
  { id: Cmd.serveMenu, action: 'Serve Locally', run: serveMenuCommand },
  // Live loop
  { id: Cmd.syncOnSave, action: 'Sync on Save', run: syncOnSaveCommand },
  { id: Cmd.stopSync, action: 'Stop Sync on Save', run: stopSyncCommand },
  { id: Cmd.watchLocal, action: 'Watch local invoke', run: watchLocalCommand },
  { id: Cmd.stopWatch, action: 'Stop watching', run: stopWatchCommand },
  // Debug Locally
  // (in dist/debug.js, loaded on first use)
  { id: Cmd.debugLocally, action: 'Debug locally', run: lazyDebugCommand('debugLocallyCommand') },
  { id: Cmd.debugLocallyWithConfig, action: 'Debug locally', run: lazyDebugCommand('debugLocallyWithConfigCommand') },
  { id: Cmd.debugEventFile, action: 'Debug locally', run: lazyDebugCommand('debugEventFileCommand') },
  { id: Cmd.debugInvokeAgain, action: 'Invoke again', run: lazyDebugCommand('debugInvokeAgainCommand') },
];

export function registerCommands(wb: Workbench): vscode.Disposable[] {
  return commandTable.map((spec) =>
    vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      try {
        return await spec.run(wb, ...args);
      } catch (error) {
        wb.lastError = error;
        reportError(spec.action, error, { retry: () => vscode.commands.executeCommand(spec.id, ...args) });
        return undefined;
      }
    }),
  );
}
