/**
 * "Open Configuration": the seam between the command table and the configuration panels
 * (src/vscode/configPanel, one webview per function). Deploy and delete also tell the panels, so an
 * open panel never shows a stale or deleted function.
 */
import type * as vscode from 'vscode';
import { connectionLabel } from '../connectionInfo';
import { registerConfigurationPanels, type ConfigurationPanels } from '../configPanel';
import type { FunctionRef } from '../functionRef';
import { log, reportError } from '../log';
import { offerBindingUpdate } from '../configPanel/bindingSync';
import { DraftStore } from '../configPanel/draftStore';
import type { Workbench } from '../workbench';

let panels: ConfigurationPanels | undefined;
let drafts: DraftStore | undefined;

/** Writes the configuration panels' pending drafts now (the extension is deactivating: a window reload). */
export function flushConfigurationDrafts(): Promise<void> {
  return drafts?.flush() ?? Promise.resolve();
}

/** Registers the panels and their serializer (cheap: no webview is created until one is shown). */
export function registerConfigurationPanel(wb: Workbench): vscode.Disposable {
  // The log channel is created on first use, not at activation.
  const lazyLog = new Proxy({} as vscode.LogOutputChannel, {
    get: (_target, key) => {
      const channel = log();
      const value = (channel as unknown as Record<string | symbol, unknown>)[key];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(channel) : value;
    },
  });
  panels = registerConfigurationPanels(wb.extension, {
    getService: () => wb.connection.service(),
    log: lazyLog,
    functionChanged: (ref, configuration, changes) => {
      const name = configuration.FunctionName ?? ref.functionName;
      wb.model.functionChanged(ref.region, name, configuration);
      // A bound folder would put the old values back at its next deploy: offer to write the change there too.
      if (changes) {
        offerBindingUpdate(() => wb.connection.loadEngine(), { region: ref.region, name }, changes).then(
          (file) => file && log().info(`Wrote the panel's change of ${name} into ${file}.`),
          (e: unknown) => reportError(`Writing the change into lambda-workbench.json`, e),
        );
      }
    },
    drafts: (drafts = new DraftStore(wb.extension.secrets, (m) => log().warn(`Configuration panel: ${m}.`))),
    connectionLabel: () => {
      const c = wb.connection.current();
      const { label, description } = connectionLabel(c);
      return description ? `${label} (${description})` : label;
    },
  });
  return panels;
}

const toPanelRef = (fn: FunctionRef) => ({ region: fn.region, functionName: fn.name });

/**
 * Hands `message` to the function's open configuration panel as its page would post it (parsed the
 * same way). False when no panel is open. For the integration tests, through the extension's API.
 */
export async function postToConfigPanel(fn: { region: string; name: string }, message: unknown): Promise<boolean> {
  const controller = panels?.get({ region: fn.region, functionName: fn.name });
  if (!controller) return false;
  await controller.handleMessage(message);
  return true;
}

export async function openConfiguration(wb: Workbench, fn: FunctionRef): Promise<void> {
  if (panels) {
    panels.show(toPanelRef(fn));
    return;
  }
  // Without the panels (they failed to register), the GetFunction response still opens read-only.
  const service = await wb.connection.service();
  const response = await service.getFunction(fn.region, fn.name);
  await wb.results.show(`/configuration/${fn.region}/${fn.name}.json`, JSON.stringify(response, null, 2) + '\n', { language: 'json', preserveFocus: false });
}

/** After a deploy: an open panel reloads. */
export function configurationChanged(fn: FunctionRef): void {
  void panels?.refresh(toPanelRef(fn)).catch((e: unknown) => log().warn(`Reloading the configuration panel of ${fn.name} failed: ${String(e)}`));
}

/** After a delete: its panel closes. */
export function functionDeleted(fn: FunctionRef): void {
  panels?.close(toPanelRef(fn));
}
