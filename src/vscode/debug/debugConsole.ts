/**
 * Lines for the Debug Console: the function's log records and what Debug Locally has to say (the
 * result, a failure). VS Code writes them to the console of the focused debug session; with no
 * session (a failure before the debugger attached) the notification and the Invoke output carry it.
 */
import vscode = require('vscode');

export function debugConsoleLine(text: string): void {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (vscode.debug.activeDebugSession) vscode.debug.activeDebugConsole.appendLine(line);
}
