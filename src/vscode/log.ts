/**
 * The "Lambda Workbench" LogOutputChannel and the one way errors reach users: a plain sentence with
 * a next step in the notification, the stack and details in the log.
 */
import vscode = require('vscode');
import { Cmd, LOG_CHANNEL_NAME, Setting } from './ids';
import { isAbortLike, logDetails, nextSteps, userMessage, type NextStep } from './errorText';

/** Kept on globalThis so the lazily loaded bundles (dist/debug.js) write to the same channel. */
const shared = globalThis as { __lambdaWorkbenchLog?: vscode.LogOutputChannel };

export function log(): vscode.LogOutputChannel {
  shared.__lambdaWorkbenchLog ??= vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  return shared.__lambdaWorkbenchLog;
}

export function disposeLog(): void {
  shared.__lambdaWorkbenchLog?.dispose();
  shared.__lambdaWorkbenchLog = undefined;
}

const STEP_LABELS: Record<NextStep, string> = {
  selectProfile: 'Select Profile…',
  ssoLogin: 'Sign In with SSO',
  useLocalEndpoint: 'Use a Local Endpoint…',
  openSettings: 'Open Settings',
  retry: 'Retry',
  showLog: 'Show Log',
};

export interface ReportOptions {
  /** Runs when the user picks "Retry". */
  retry?: () => unknown;
  /** Extra buttons placed first, e.g. "Open lambda-workbench.json". */
  actions?: { label: string; run: () => unknown }[];
}

/**
 * Logs `error` with its stack and shows `action failed: <plain words>` with next-step buttons.
 * Cancellations are logged only. Never throws and never waits for the user: a command that failed
 * finishes at once, its notification stays until dismissed.
 */
export function reportError(action: string, error: unknown, options: ReportOptions = {}): void {
  if (isAbortLike(error)) {
    log().info(`${action}: cancelled.`);
    return;
  }
  log().error(`${action} failed: ${logDetails(error)}`);
  const steps = nextSteps(error).filter((s) => s !== 'retry' || options.retry);
  if (!steps.includes('showLog')) steps.push('showLog');
  const actions = options.actions ?? [];
  void vscode.window.showErrorMessage(`${action} failed: ${userMessage(error)}`, ...actions.map((a) => a.label), ...steps.map((s) => STEP_LABELS[s])).then((picked) => {
    const custom = actions.find((a) => a.label === picked);
    if (custom) void custom.run();
    else runStep(steps.find((s) => STEP_LABELS[s] === picked), options);
  });
}

function runStep(step: NextStep | undefined, options: ReportOptions): void {
  switch (step) {
    case 'selectProfile':
      return void vscode.commands.executeCommand(Cmd.selectProfile);
    case 'ssoLogin':
      return void vscode.commands.executeCommand(Cmd.ssoLogin);
    case 'useLocalEndpoint':
      return void vscode.commands.executeCommand(Cmd.useLocalEndpoint);
    case 'openSettings':
      return void vscode.commands.executeCommand('workbench.action.openSettings', `${Setting.section}.${Setting.endpoint}`);
    case 'retry':
      return void options.retry?.();
    case 'showLog':
      return log().show(true);
  }
}
