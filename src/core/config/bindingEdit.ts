/**
 * Edits single settings of an existing binding file (lambda-workbench.json) in place: only the
 * named keys change, the rest of the text (indentation, key order, line endings, unknown keys)
 * stays as the user wrote it. Used when a change made elsewhere (the configuration panel) is
 * copied into the file. The edited file must still be a valid binding, else nothing is written.
 */
import { readFile } from 'node:fs/promises';
import { applyEdits, modify } from 'jsonc-parser';
import { checkProductFile, writeProductFile } from '../files/productFile';
import { BINDING_FILE, bindingPath, parseBinding } from './binding';

/** One change: the JSON path in the binding (e.g. ["Environment", "Variables", "STAGE"]) and its new value; undefined removes it. */
export interface BindingEdit {
  path: (string | number)[];
  value: unknown;
}

/** Applies `edits` to the text of a binding file, keeping its formatting; returns the new text. */
export function editBindingText(text: string, edits: readonly BindingEdit[], file = BINDING_FILE): string {
  // A broken file is reported (line and column) and left alone: editing it could make it worse.
  parseBinding(text, file);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const formattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol };
  let out = text;
  for (const edit of edits) out = applyEdits(out, modify(out, edit.path, edit.value, { formattingOptions }));
  // What the edits made must still be a binding the tools accept (throws with the JSON path if not).
  parseBinding(out, file);
  return out;
}

/** Edits `<folder>/lambda-workbench.json` in place (see editBindingText); atomic, inside the folder, never through a link. */
export async function editBindingFile(folder: string, edits: readonly BindingEdit[]): Promise<string> {
  const file = bindingPath(folder);
  const rules = { within: folder, createParents: false, label: BINDING_FILE };
  checkProductFile(file, rules);
  const text = await readFile(file, 'utf8');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const edited = editBindingText(text.slice(bom.length), edits, file);
  await writeProductFile(file, bom + edited, rules);
  return file;
}
