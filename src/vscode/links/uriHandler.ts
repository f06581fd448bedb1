/**
 * The editor side of function links: the URI handler VS Code calls for
 * `vscode://<publisher>.lambda-workbench/function?…` (activation event `onUri`), and "Copy Link to
 * Function". The rules live in core (src/core/links/functionLink.ts); this file only supplies the host.
 */
import vscode = require('vscode');
import { listProfiles } from '../../core/aws/profiles';
import { Setting } from '../ids';
import { log } from '../log';
import { settings } from '../settings';
import { openConfiguration } from '../commands/openConfiguration';
import { resolveFunction } from '../commands/pickFunction';
import type { Workbench } from '../workbench';
import type { LinkHost, LinkOutcome } from '../../core/links/functionLink';

export function linkHost(wb: Workbench): LinkHost {
  return {
    current: () => ({ endpoint: wb.connection.current().endpoint, profile: settings.profile() }),
    knownProfiles: async () => (await listProfiles()).map((p) => p.name),
    confirm: async (message, detail, confirm) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, confirm)) === confirm,
    switchConnection: async (change) => {
      if (change.endpoint) await settings.update(Setting.endpoint, change.endpoint);
      if (change.profile) await settings.update(Setting.profile, change.profile);
      wb.connection.reset();
      log().info(`A link switched the connection to ${[change.endpoint, change.profile && `profile ${change.profile}`].filter(Boolean).join(', ')}.`);
    },
    openConfiguration: (fn) => openConfiguration(wb, fn),
    showError: (message) => {
      log().warn(message);
      void vscode.window.showErrorMessage(message);
    },
  };
}

/** Handles one link; errors (the service unreachable…) are reported, never thrown at VS Code. */
export async function handleFunctionUri(wb: Workbench, uri: vscode.Uri): Promise<LinkOutcome | undefined> {
  try {
    // The rules load with the engine (first use), not with the extension.
    const engine = await wb.connection.loadEngine();
    return await engine.openFunctionLink(uri, linkHost(wb));
  } catch (error) {
    wb.lastError = error;
    const message = `Opening the link failed: ${error instanceof Error ? error.message : String(error)}`;
    log().error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

export function registerFunctionLinks(wb: Workbench): vscode.Disposable {
  return vscode.window.registerUriHandler({ handleUri: (uri) => void handleFunctionUri(wb, uri) });
}

/**
 * "Copy Link to Function": the current endpoint goes in the link (it is where the function lives);
 * the profile does not (profile names are each user's own; add `&profile=` by hand for a team that
 * shares them).
 */
export async function copyFunctionLink(wb: Workbench, arg?: unknown): Promise<string | undefined> {
  const picked = await resolveFunction(wb, arg, 'Copy Link to Function');
  if (!picked) return undefined;
  const engine = await wb.connection.loadEngine();
  const link = engine.buildFunctionLink(vscode.env.uriScheme, wb.extension.extension.id, {
    region: picked.ref.region,
    name: picked.ref.name,
    endpoint: wb.connection.current().endpoint,
  });
  await vscode.env.clipboard.writeText(link);
  vscode.window.setStatusBarMessage(`$(link) Copied a link to ${picked.ref.name}`, 3000);
  return link;
}
