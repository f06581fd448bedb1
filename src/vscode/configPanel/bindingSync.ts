/**
 * After the configuration panel saved a function that a folder in the workspace is bound to:
 * offer to write the same change into that folder's lambda-workbench.json, so the next deploy
 * does not report it as drift or put the old values back. Only the settings the save changed, and
 * only where the file says otherwise; the file's formatting is kept (core's editBindingFile).
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { Binding, BindingEdit } from '../../core/config';
import { findFolderForFunction } from '../bindings';
import type { EngineModule } from '../engine';
import type { ConfigChanges } from './protocol';

export const WRITE_TO_BINDING = 'Write to lambda-workbench.json';

/** The edits that make a binding say what the save set; empty when it already does. */
export function bindingEditsFor(binding: Binding, changes: ConfigChanges): BindingEdit[] {
  const edits: BindingEdit[] = [];
  const scalar = (key: 'MemorySize' | 'Timeout' | 'Description', value: string | number | undefined): void => {
    if (value === undefined || binding[key] === value) return;
    // An empty description in a file that never had one needs no line.
    if (key === 'Description' && value === '' && binding.Description === undefined) return;
    edits.push({ path: [key], value });
  };
  scalar('MemorySize', changes.memorySize);
  scalar('Timeout', changes.timeout);
  scalar('Description', changes.description);
  const vars = binding.Environment?.Variables ?? {};
  for (const [name, value] of changes.environment?.set ?? []) if (vars[name] !== value) edits.push({ path: ['Environment', 'Variables', name], value });
  for (const name of changes.environment?.remove ?? []) if (name in vars) edits.push({ path: ['Environment', 'Variables', name], value: undefined });
  return edits;
}

/** The settings `edits` touch, for the question ("MemorySize, Environment (2 variables)"). */
export function describeEdits(edits: readonly BindingEdit[]): string {
  const keys = [...new Set(edits.filter((e) => e.path[0] !== 'Environment').map((e) => String(e.path[0])))];
  const vars = edits.filter((e) => e.path[0] === 'Environment').length;
  if (vars) keys.push(`Environment (${vars} variable${vars === 1 ? '' : 's'})`);
  return keys.join(', ');
}

export interface BindingSyncOptions {
  /** The bound folder; default: the workspace folder whose binding names this function. */
  folder?: { dir: vscode.Uri; binding: Binding };
  /** Asks the question; default a notification with the two buttons. */
  ask?(question: string): Thenable<boolean>;
}

/** Offers to copy a saved change into the function's binding file; returns the file written, if any. */
export async function offerBindingUpdate(
  engine: () => Promise<EngineModule>,
  fn: { region: string; name: string },
  changes: ConfigChanges,
  options: BindingSyncOptions = {},
): Promise<string | undefined> {
  const bound = options.folder ?? (await findFolderForFunction(fn.name, fn.region));
  if (!bound) return undefined;
  const edits = bindingEditsFor(bound.binding, changes);
  if (edits.length === 0) return undefined;
  const where = vscode.workspace.asRelativePath(vscode.Uri.joinPath(bound.dir, 'lambda-workbench.json'));
  // The binding file is usually committed: say so before variable values go into it.
  const values = edits.some((e) => e.path[0] === 'Environment' && e.value !== undefined);
  const question =
    `Saved ${fn.name}. Also write ${describeEdits(edits)} into ${where}? Otherwise the next deploy from ${path.basename(bound.dir.fsPath)} reports the difference.` +
    (values ? ' The variables\' values are written in plain text: keep secrets out of files you commit.' : '');
  const ask = options.ask ?? (async (q: string) => (await vscode.window.showInformationMessage(q, WRITE_TO_BINDING, 'Not Now')) === WRITE_TO_BINDING);
  if (!(await ask(question))) return undefined;
  return (await engine()).editBindingFile(bound.dir.fsPath, edits);
}
