/**
 * Read-only documents for results (invoke responses, package previews), served from memory under
 * the `lambda-workbench:` scheme. Showing a new result for the same path updates its open tab in
 * place: one tab per result path (per function), in the group where results already are, so the
 * editor is split once at most, never again at every run. An API-shaped invoke result also gets a
 * readable view of its body beside the raw result, which stays exactly what the function returned.
 */
import vscode = require('vscode');
import { loadEngine } from './engine';
import { RESULT_SCHEME } from './ids';
import { prettyPayload } from './invoke/invokeOutput';

const MAX_KEPT = 50;

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** The text currently served for a path (tests read results through this). */
  get(path: string): string | undefined {
    return this.contents.get(normalise(path));
  }

  /** Stores `content` at `path` (e.g. "/invoke/hello-cjs/result.json") and shows it beside the code (see resultColumn). */
  async show(path: string, content: string, options: { language?: string; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const uri = this.store(path, content);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (options.language && doc.languageId !== options.language) doc = await vscode.languages.setTextDocumentLanguage(doc, options.language);
    // Pinned, not a preview: another function's result must not replace this function's tab.
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn: resultColumn(uri), preserveFocus: options.preserveFocus ?? true });
  }

  /**
   * An invoke's result (the JSON text the function returned) at `path`, pretty-printed. When it is
   * API-shaped (a statusCode and a JSON body string) the body, parsed, opens beside it in a second
   * tab (`<path> body.jsonc`) with the status and headers as a comment; the raw result is the one
   * in front. A later result without such a body closes that tab.
   */
  async showInvokeResult(path: string, payload: string, options: { preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const bodyPath = bodyPathOf(path);
    // Through the engine (loaded by the invoke already): core's rules stay out of dist/extension.js.
    const api = (await loadEngine()).readableApiResult(payload);
    if (api) {
      await this.show(bodyPath, readableBody(api), { language: 'jsonc', preserveFocus: true });
    } else if (this.contents.has(bodyPath)) {
      this.contents.delete(bodyPath);
      await closeTabs(vscode.Uri.from({ scheme: RESULT_SCHEME, path: bodyPath }));
    }
    return this.show(path, prettyPayload(payload), { language: 'json', preserveFocus: options.preserveFocus });
  }

  dispose(): void {
    this.emitter.dispose();
    this.contents.clear();
  }

  private store(path: string, content: string): vscode.Uri {
    const key = normalise(path);
    this.contents.delete(key); // re-insert so the map's order is recency
    this.contents.set(key, content);
    while (this.contents.size > MAX_KEPT) this.contents.delete(this.contents.keys().next().value as string);
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: key });
    this.emitter.fire(uri);
    return uri;
  }
}

/** Where a result goes: its own tab's group; else the group other results are in; else beside the active editor (the one split). */
export function resultColumn(uri: vscode.Uri): vscode.ViewColumn {
  const groups = vscode.window.tabGroups.all;
  const own = groups.find((g) => g.tabs.some((t) => isUri(t, uri)));
  if (own) return own.viewColumn;
  const results = vscode.window.tabGroups.activeTabGroup.tabs.some((t) => isResult(t)) ? vscode.window.tabGroups.activeTabGroup : groups.find((g) => g.tabs.some((t) => isResult(t)));
  if (results) return results.viewColumn;
  const active = vscode.window.activeTextEditor;
  if (!active) return vscode.ViewColumn.Active;
  // Another group exists already: use the one next to the code rather than splitting again.
  const other = groups.find((g) => g.viewColumn !== active.viewColumn);
  return other ? other.viewColumn : vscode.ViewColumn.Beside;
}

function isUri(tab: vscode.Tab, uri: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString();
}

function isResult(tab: vscode.Tab): boolean {
  return tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === RESULT_SCHEME;
}

async function closeTabs(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => isUri(t, uri));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

export function bodyPathOf(path: string): string {
  return `${normalise(path).replace(/\.json$/, '')} body.jsonc`;
}

function readableBody(api: { status: number; headers: [string, string][]; body: unknown }): string {
  const head = [`// HTTP ${api.status}: the result's "body" string, parsed (the raw result is in the tab beside this one)`];
  for (const [name, value] of api.headers) head.push(`// ${name}: ${value.replace(/[\r\n]+/g, ' ')}`);
  return `${head.join('\n')}\n${JSON.stringify(api.body, null, 2)}\n`;
}

function normalise(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
