/** The "Lambda Workbench: Invoke" output channel: function logs of local and remote invokes. */
import vscode = require('vscode');
import { INVOKE_CHANNEL_NAME } from '../ids';

let channel: vscode.OutputChannel | undefined;

export function invokeOutput(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel(INVOKE_CHANNEL_NAME, 'log');
  return channel;
}

export function disposeInvokeOutput(): void {
  channel?.dispose();
  channel = undefined;
}

/** A header line that separates one invoke's records from the previous one's. */
export function invokeHeader(what: string): string {
  return `\n──── ${what} · ${new Date().toLocaleTimeString()} ────`;
}

/** The response as pretty JSON when it parses, else as it came. */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2) + '\n';
  } catch {
    return payload;
  }
}
