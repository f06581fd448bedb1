/** Helpers shared by the configuration panel's integration suites. */
import * as vscode from 'vscode';
import type { ConfigPanelController } from '../../src/vscode/configPanel/controller';
import type { HostMessage, PanelState } from '../../src/vscode/configPanel/protocol';

export interface Watch {
  messages: HostMessage[];
  states(): PanelState[];
  last<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }> | undefined;
}

export function watch(c: ConfigPanelController): Watch {
  const messages: HostMessage[] = [];
  c.onDidPost((m) => messages.push(m));
  return {
    messages,
    states: () => messages.flatMap((m) => (m.type === 'state' ? [m.state] : [])),
    last: (type) => messages.filter((m) => m.type === type).pop() as never,
  };
}

export function webviewTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.includes(label));
}
