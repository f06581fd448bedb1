/**
 * Read-only documents for results (invoke responses, package previews), served from memory under
 * the `lambda-workbench:` scheme. Showing a new result for the same path updates the open editor.
 */
import vscode = require('vscode');
import { RESULT_SCHEME } from './ids';

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

  /** Stores `content` at `path` (e.g. "/invoke/hello-cjs/result.json") and opens it beside the active editor. */
  async show(path: string, content: string, options: { language?: string; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const key = normalise(path);
    this.contents.delete(key); // re-insert so the map's order is recency
    this.contents.set(key, content);
    while (this.contents.size > MAX_KEPT) this.contents.delete(this.contents.keys().next().value as string);
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: key });
    this.emitter.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (options.language && doc.languageId !== options.language) doc = await vscode.languages.setTextDocumentLanguage(doc, options.language);
    // Beside the code being worked on; with no editor open, in the editor area itself.
    // A result that is itself active is replaced in place rather than pushed one more column over.
    const active = vscode.window.activeTextEditor;
    const column = !active ? vscode.ViewColumn.Active : active.document.uri.scheme === RESULT_SCHEME ? (active.viewColumn ?? vscode.ViewColumn.Active) : vscode.ViewColumn.Beside;
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: column, preserveFocus: options.preserveFocus ?? true });
  }

  dispose(): void {
    this.emitter.dispose();
    this.contents.clear();
  }
}

function normalise(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
