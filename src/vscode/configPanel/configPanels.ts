/**
 * The configuration webview panels: one per function (region + name), restored after a window
 * reload through a WebviewPanelSerializer. The page keeps only UI state (which sections are
 * collapsed, its function reference) in its webview state, never function data or environment
 * values; unsaved edits stay in the host's memory while the page is hidden.
 */
import vscode = require('vscode');
import { isValidRegion } from '../../core/aws/regionId';
import type { LambdaService } from '../../core/aws/types';
import { loadEngine } from '../engine';
import { ConfigPanelController, type PanelHost, type UpdateValidator } from './controller';
import type { DraftStore } from './draftStore';
import { Cmd } from '../ids';
import type { ConfigChanges, PanelAction } from './protocol';

/** The command behind each action button of the panel's toolbar. */
const PANEL_ACTION_COMMANDS: Record<PanelAction, string> = { tailLogs: Cmd.tailLogs, downloadCode: Cmd.downloadCode };
import { renderPageHtml } from './html';
import { CONFIG_PANEL_VIEW_TYPE, type FunctionDocument, type FunctionRef, type HostMessage } from './protocol';

export interface ConfigPanelDeps {
  getService(): Promise<LambdaService>;
  log: vscode.LogOutputChannel;
  /** Host-side validation; defaults to the engine's `validateUpdateFunctionConfiguration` when it has one. */
  getValidator?(): Promise<UpdateValidator | undefined>;
  /** A short description of where requests go ("profile dev", "local endpoint …"), shown in the panel. */
  connectionLabel?(): string | undefined;
  /** A panel saved a function: its configuration as the service reports it now. */
  functionChanged?(ref: FunctionRef, configuration: NonNullable<FunctionDocument['Configuration']>, changes?: ConfigChanges): void;
  /** Asks what to do with unsaved edits of a panel the user closed; defaults to a modal dialog. */
  confirmClose?(functionName: string): Promise<CloseChoice>;
  /** Keeps unsaved edits across a window reload (in SecretStorage); without it they last as long as the window. */
  drafts?: DraftStore;
}

export type CloseChoice = 'save' | 'discard' | 'cancel';

/** Like an editor with unsaved changes: Save, Don't Save, or Cancel (the modal's own button). */
async function askOnClose(functionName: string): Promise<CloseChoice> {
  const choice = await vscode.window.showWarningMessage(
    `Do you want to save the changes you made to the configuration of ${functionName}?`,
    { modal: true, detail: "Your changes will be lost if you don't save them." },
    'Save',
    "Don't Save",
  );
  return choice === 'Save' ? 'save' : choice === "Don't Save" ? 'discard' : 'cancel';
}

interface OpenPanel {
  panel: vscode.WebviewPanel;
  controller: ConfigPanelController;
}

/** The panels registered by registerConfigurationPanels, for showConfiguration(). */
let current: ConfigurationPanels | undefined;

/** A function reference from untrusted data (restored webview state), or undefined. */
export function parseFunctionRef(v: unknown): FunctionRef | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { region, functionName } = v as Record<string, unknown>;
  if (typeof region !== 'string' || !isValidRegion(region)) return undefined;
  if (typeof functionName !== 'string' || functionName.length === 0 || functionName.length > 170) return undefined;
  return { region, functionName };
}

/** One panel per function: an unqualified ARN and the bare name are the same function. */
export function panelKey(ref: FunctionRef): string {
  const m = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9_-]+)$/.exec(ref.functionName);
  return `${ref.region}\u0000${m ? m[1] : ref.functionName}`;
}

async function engineValidator(): Promise<UpdateValidator | undefined> {
  try {
    const engine = (await loadEngine()) as unknown as Record<string, unknown>;
    const fn = engine.validateUpdateFunctionConfiguration;
    return typeof fn === 'function' ? (fn as UpdateValidator) : undefined;
  } catch {
    return undefined;
  }
}

export class ConfigurationPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  /** Panels closing for a reason that makes their edits moot (function deleted, registry disposed). */
  private readonly closingQuietly = new Set<vscode.WebviewPanel>();
  private disposing = false;
  private readonly disposables: vscode.Disposable[] = [];
  private validator: Promise<UpdateValidator | undefined> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: ConfigPanelDeps,
  ) {}

  /** Opens (or reveals) the configuration panel of a function. */
  show(ref: FunctionRef, options: { viewColumn?: vscode.ViewColumn; preserveFocus?: boolean } = {}): ConfigPanelController {
    const existing = this.open.get(panelKey(ref));
    if (existing) {
      existing.panel.reveal(options.viewColumn, options.preserveFocus);
      return existing.controller;
    }
    const panel = vscode.window.createWebviewPanel(
      CONFIG_PANEL_VIEW_TYPE,
      ref.functionName,
      { viewColumn: options.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      this.webviewOptions(),
    );
    // A panel opened afresh starts from the service's values: a draft kept for a panel the window
    // did not bring back must not turn up at a later reload.
    this.deps.drafts?.set(panelKey(ref), undefined);
    return this.attach(ref, panel);
  }

  /** Called by the serializer after a window reload: the panel comes back with the edits it had. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const ref = parseFunctionRef((state as { ref?: unknown } | undefined)?.ref);
    if (!ref) {
      this.deps.log.warn('Configuration panel: could not restore a panel whose saved state names no function; closed it.');
      panel.dispose();
      return;
    }
    // Read before the page boots: a page takes a draft only with its first state.
    const draft = this.open.has(panelKey(ref)) ? undefined : await this.deps.drafts?.load(panelKey(ref));
    const existing = this.open.get(panelKey(ref));
    if (existing) {
      panel.dispose();
      existing.panel.reveal();
      return;
    }
    panel.webview.options = this.webviewOptions();
    const controller = this.attach(ref, panel);
    if (draft) controller.restoreDraft(draft);
  }

  /** The controller of an open panel, if any (the extension reloads it after a deploy). */
  get(ref: FunctionRef): ConfigPanelController | undefined {
    return this.open.get(panelKey(ref))?.controller;
  }

  /** Reloads an open panel, e.g. after a deploy changed the function. */
  async refresh(ref: FunctionRef): Promise<void> {
    await this.get(ref)?.reload();
  }

  /** Closes a function's panel, e.g. after it was deleted: unsaved edits are dropped without a prompt. */
  close(ref: FunctionRef): void {
    this.deps.drafts?.set(panelKey(ref), undefined);
    const open = this.open.get(panelKey(ref));
    if (!open) return;
    this.closingQuietly.add(open.panel);
    open.panel.dispose();
  }

  get openRefs(): FunctionRef[] {
    return [...this.open.values()].map((p) => p.controller.ref);
  }

  /** Restores this type of panel after a window reload. At most one registration per view type. */
  registerSerializer(): this {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(CONFIG_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
    return this;
  }

  dispose(): void {
    this.disposing = true;
    // The window is closing: what is pending is written now (best effort), and the drafts stay.
    void this.deps.drafts?.flush();
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const { panel } of [...this.open.values()]) panel.dispose();
    this.open.clear();
    if (current === this) current = undefined;
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
    };
  }

  private html(webview: vscode.Webview): string {
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    return renderPageHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('dist', 'webview', 'config.js'),
      styleUris: [uri('media', 'codicons', 'codicon.css'), uri('media', 'config.css')],
    });
  }

  private host(ref: FunctionRef): PanelHost {
    return {
      functionChanged: (configuration, changes) => this.deps.functionChanged?.(ref, configuration, changes),
      draftChanged: (draft) => this.deps.drafts?.set(panelKey(ref), draft),
      getService: () => this.deps.getService(),
      log: this.deps.log,
      getValidator: () => (this.validator ??= this.deps.getValidator ? this.deps.getValidator() : engineValidator()),
      copy: async (text, label) => {
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(`$(copy) Copied ${label}`, 2500);
      },
      openExternal: async (url) => {
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
      },
      withProgress: async (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, task),
      connectionLabel: this.deps.connectionLabel ? () => this.deps.connectionLabel?.() : undefined,
      runAction: async (action, ref) => {
        const name = /:function:([a-zA-Z0-9_-]+)/.exec(ref.functionName)?.[1] ?? ref.functionName;
        await vscode.commands.executeCommand(PANEL_ACTION_COMMANDS[action], { region: ref.region, name });
      },
    };
  }

  private attach(ref: FunctionRef, panel: vscode.WebviewPanel): ConfigPanelController {
    const key = panelKey(ref);
    let closed = false;
    const controller = new ConfigPanelController(
      ref,
      {
        // A closed panel's controller may still save (the close prompt's Save): it posts nowhere.
        post: (m) => (closed ? undefined : panel.webview.postMessage(m)),
        setTitle: (t) => {
          if (!closed) panel.title = t;
        },
      },
      this.host(ref),
    );
    const light = vscode.Uri.joinPath(this.extensionUri, 'media', 'config-icon-light.svg');
    const dark = vscode.Uri.joinPath(this.extensionUri, 'media', 'config-icon-dark.svg');
    panel.iconPath = { light, dark };
    let column = panel.viewColumn;
    const subscriptions: vscode.Disposable[] = [
      panel.webview.onDidReceiveMessage((m: unknown) => {
        controller.handleMessage(m).catch((e: unknown) => this.deps.log.error(`Configuration panel: ${String((e as Error)?.message ?? e)}`));
      }),
      panel.onDidChangeViewState(() => {
        // A disposed panel cannot say where it was: remember it for re-opening after a close prompt.
        column = panel.viewColumn ?? column;
        // Without retainContextWhenHidden the page is torn down when hidden and sends `ready` again.
        if (!panel.visible) controller.pageHidden();
      }),
    ];
    panel.onDidDispose(() => {
      closed = true;
      controller.pageHidden();
      for (const s of subscriptions) s.dispose();
      if (this.open.get(key)?.panel === panel) this.open.delete(key);
      const quiet = this.disposing || this.closingQuietly.delete(panel);
      const draft = controller.pendingChanges;
      // The API cannot veto a webview's close, so the question comes right after it, and Cancel
      // (or a save that did not go through) brings the panel back with the edits.
      if (draft && !quiet) void this.afterDirtyClose(controller, column);
      else controller.dispose();
    });
    this.open.set(key, { panel, controller });
    panel.webview.html = this.html(panel.webview);
    void controller.start();
    return controller;
  }

  private async afterDirtyClose(controller: ConfigPanelController, viewColumn: vscode.ViewColumn | undefined): Promise<void> {
    const name = controller.displayName;
    const draft = controller.pendingChanges;
    let notice: HostMessage | undefined;
    try {
      const choice = await (this.deps.confirmClose ?? askOnClose)(name);
      if (choice === 'discard' || !draft) {
        this.deps.drafts?.set(panelKey(controller.ref), undefined);
        return controller.dispose();
      }
      if (choice === 'save') {
        const outcome = await controller.saveDraft();
        if (outcome.ok) {
          controller.dispose();
          void vscode.window.showInformationMessage(`${name}: ${outcome.notice?.type === 'saved' ? outcome.notice.message : 'saved.'}`);
          return;
        }
        notice = outcome.notice;
      }
    } catch (e) {
      this.deps.log.error(`Configuration panel: ${String((e as Error)?.message ?? e)}`);
    }
    controller.dispose();
    if (this.disposing || !draft) return;
    // Cancel, or a save that did not go through: the panel comes back with the edits and the reason.
    // (If the user opened it again meanwhile, that panel and its own edits win.)
    if (this.get(controller.ref)) return;
    this.show(controller.ref, { viewColumn }).restoreDraft(draft, notice);
  }
}

/**
 * Sets up the configuration panels: the registry and the serializer that restores panels after a
 * reload (needs `onWebviewPanel:lambdaWorkbench.configuration` in activationEvents). Returns the
 * registry, which is the disposable to add to `context.subscriptions`.
 */
export function registerConfigurationPanels(context: vscode.ExtensionContext, deps: ConfigPanelDeps): ConfigurationPanels {
  const panels = new ConfigurationPanels(context.extensionUri, deps).registerSerializer();
  current = panels;
  return panels;
}

/** Opens a function's configuration panel through the registered panels. */
export function showConfiguration(ref: FunctionRef): ConfigPanelController {
  if (!current) throw new Error('registerConfigurationPanels() must run before showConfiguration().');
  return current.show(ref);
}
