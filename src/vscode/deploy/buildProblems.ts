/**
 * The Problems panel's "Lambda Build" collection: when packaging a folder fails because esbuild
 * could not build it (deploy, preview, Sync on Save), its messages become diagnostics with file,
 * line and column; the folder's next successful package clears them. Core owns the messages
 * (`details.diagnostics` of the BuildFailed error); this only shows them.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { BuildDiagnostic } from '../../core/package/build';

export const BUILD_PROBLEMS_NAME = 'Lambda Build';

/** The error's build diagnostics, when it is a failed build (recognised by shape: errors cross the engine bundle). */
export function buildDiagnosticsOf(error: unknown): BuildDiagnostic[] | undefined {
  const options = (error as { options?: { code?: unknown; details?: { diagnostics?: unknown } } } | null)?.options;
  if (options?.code !== 'BuildFailed' || !Array.isArray(options.details?.diagnostics)) return undefined;
  return options.details.diagnostics as BuildDiagnostic[];
}

export function toDiagnostic(d: BuildDiagnostic): vscode.Diagnostic {
  const line = Math.max(0, (d.line ?? 1) - 1);
  const column = Math.max(0, (d.column ?? 1) - 1);
  const range = new vscode.Range(line, column, line, column + Math.max(1, d.length ?? 0));
  const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = 'esbuild';
  return diagnostic;
}

function related(a: string, b: string): boolean {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
  return inside(a, b) || inside(b, a);
}

export class BuildProblems implements vscode.Disposable {
  private collection: vscode.DiagnosticCollection | undefined;
  /** The files each folder's last failed build marked, so its next success clears exactly those. */
  private readonly marked = new Map<string, vscode.Uri[]>();

  /** Runs one packaging of `folder`: a build failure is shown, a success clears the folder's problems. */
  async track<T>(folder: string, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.report(folder, error);
      throw error;
    }
    this.clear(folder);
    return result;
  }

  /** Shows a failed build's messages; true when the error was one. Other failures leave the panel as it is. */
  report(folder: string, error: unknown): boolean {
    const diagnostics = buildDiagnosticsOf(error);
    if (!diagnostics) return false;
    this.clear(folder);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) {
      // A message without a file (a bad setting) has no place in the panel; the notification says it.
      if (!d.file) continue;
      const list = byFile.get(d.file) ?? [];
      list.push(toDiagnostic(d));
      byFile.set(d.file, list);
    }
    const collection = (this.collection ??= vscode.languages.createDiagnosticCollection(BUILD_PROBLEMS_NAME));
    const uris: vscode.Uri[] = [];
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.file(file);
      collection.set(uri, list);
      uris.push(uri);
    }
    this.marked.set(folder, uris);
    return true;
  }

  /** Clears what builds of this folder marked: the folder itself, its code root inside it, or the folder around it. */
  clear(folder: string): void {
    for (const [key, uris] of [...this.marked]) {
      if (!related(key, folder)) continue;
      this.marked.delete(key);
      for (const uri of uris) this.collection?.delete(uri);
    }
  }

  dispose(): void {
    this.collection?.dispose();
    this.marked.clear();
  }
}
