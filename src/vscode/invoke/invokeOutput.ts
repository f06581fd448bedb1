/** The "Lambda Workbench: Invoke" output channel: function logs of local and remote invokes. */
import vscode = require('vscode');
import { INVOKE_CHANNEL_NAME } from '../ids';

/** Kept on globalThis so the lazily loaded bundles (dist/debug.js) write to the same channel. */
const shared = globalThis as { __lambdaWorkbenchInvokeOutput?: vscode.OutputChannel };

export function invokeOutput(): vscode.OutputChannel {
  shared.__lambdaWorkbenchInvokeOutput ??= vscode.window.createOutputChannel(INVOKE_CHANNEL_NAME, 'log');
  return shared.__lambdaWorkbenchInvokeOutput;
}

export function disposeInvokeOutput(): void {
  shared.__lambdaWorkbenchInvokeOutput?.dispose();
  shared.__lambdaWorkbenchInvokeOutput = undefined;
}

/**
 * Appends to a channel in batches (every 100 ms, or at 256 KB), so a function that prints
 * thousands of lines costs the extension host a few appends instead of one per line.
 */
export function batchedAppender(channel: vscode.OutputChannel): { write(text: string): void; flush(): void } {
  let pending: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    channel.append(text);
  };
  return {
    write(text: string): void {
      pending.push(text);
      size += text.length;
      if (size >= 256 * 1024) flush();
      else timer ??= setTimeout(flush, 100);
    },
    flush,
  };
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
