/**
 * The workspace binding file, `lambda-workbench.json` at the workspace folder root: the deploy
 * settings users commit. Its JSON mirrors CreateFunction's request (PascalCase, every parameter
 * except Code) plus Region, Profile and CodeRoot.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { CreateFunctionRequest } from '@aws-sdk/client-lambda';
import { isWorkbenchError, WorkbenchError } from '../errors';
import { checkProductFile, writeProductFile } from '../files/productFile';
import { readRegularTextFile } from '../files/regularFile';
import { findJsonError, positionAt } from '../invoke/eventJson';
import { BINDING_KEY_ORDER, checkBindingShape, isPlainObject, shapeError } from './bindingShape';
import { codeRootEscapes } from './codeRoot';

export const BINDING_FILE = 'lambda-workbench.json';
const KNOWN = new Set(BINDING_KEY_ORDER);

/** Every CreateFunction parameter except Code, plus our own keys. Unknown keys are kept as they are. */
export type Binding = Partial<Omit<CreateFunctionRequest, 'Code' | 'FunctionName'>> & {
  $schema?: string;
  FunctionName?: string;
  /** Region to deploy to, e.g. eu-west-1. */
  Region?: string;
  /** Named profile from ~/.aws/config. */
  Profile?: string;
  /** Folder to package, relative to the workspace folder (e.g. "dist"); default: the folder itself. */
  CodeRoot?: string;
  /** Build before packaging (esbuild): false ships sources as they are; see BuildSettings. */
  Build?: boolean | BuildSettings;
  [unknownKey: string]: unknown;
};

/** The Build section, with SAM's esbuild BuildProperties names. */
export interface BuildSettings {
  Method?: 'esbuild';
  Minify?: boolean;
  /** esbuild target, e.g. "node22" or "es2022"; default: the Runtime's Node version. */
  Target?: string;
  Sourcemap?: boolean;
  /** Files to build, relative to the code root; default: the handler's file. */
  EntryPoints?: string[];
  /** Packages left out of the bundle (on top of @aws-sdk/*); shipped in node_modules when installed. */
  External?: string[];
  Format?: 'cjs' | 'esm';
  /** e.g. [".js=.mjs"]. */
  OutExtension?: string[];
  /** e.g. "module,main". */
  MainFields?: string | string[];
  /** e.g. [".png=file", ".sql=text"]. */
  Loader?: string[];
  /** Code put at the top of every output file ("js=..." as in SAM, or the code itself). */
  Banner?: string;
}

export function bindingPath(folder: string): string {
  return join(folder, BINDING_FILE);
}

/**
 * Reads and checks `<folder>/lambda-workbench.json`. Resolves undefined when there is none;
 * throws WorkbenchError('validation') naming the JSON path of the first bad value.
 */
export async function readBinding(folder: string): Promise<Binding | undefined> {
  return (await loadBinding(folder))?.binding;
}

export interface LoadedBinding {
  file: string;
  binding: Binding;
  /** Unknown keys and similar things worth telling the user, never fatal. */
  warnings: string[];
}

export async function loadBinding(folder: string): Promise<LoadedBinding | undefined> {
  const file = bindingPath(folder);
  let text: string;
  try {
    text = await readRegularTextFile(file, BINDING_FILE);
  } catch (e) {
    if (isWorkbenchError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new WorkbenchError('validation', `Cannot read ${file} (${code ?? (e as Error).message}).`, { hint: 'Fix the file permissions.', path: '$', cause: e });
  }
  const { binding, warnings } = parseBinding(text, file);
  return { file, binding, warnings };
}

/** Parses binding JSON text; `file` is only used in messages. */
export function parseBinding(text: string, file = BINDING_FILE): { binding: Binding; warnings: string[] } {
  let value: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    value = JSON.parse(body);
  } catch (e) {
    // JSON.parse's message names an offset at best; say the line and column, like an editor would.
    const found = findJsonError(body) ?? { offset: 0, reason: (e as Error).message };
    const { line, column } = positionAt(body, found.offset);
    throw new WorkbenchError('validation', `${file} is not valid JSON: ${found.reason} at line ${line}, column ${column}.`, {
      hint: 'Fix the syntax (a trailing comma or a missing quote is the usual cause).',
      path: '$',
      details: { file, line, column },
    });
  }
  return validateBinding(value, file);
}

/** Checks a binding object's shape and CodeRoot; throws WorkbenchError('validation') with a JSON path. */
export function validateBinding(value: unknown, file = BINDING_FILE): { binding: Binding; warnings: string[] } {
  const { issues, warnings } = checkBindingShape(value);
  const binding = value as Binding;
  if (issues.length === 0 && typeof binding.CodeRoot === 'string') {
    const root = binding.CodeRoot;
    if (root.trim() === '' || isAbsolute(root) || /^[a-zA-Z]:/.test(root)) {
      issues.push({ path: '$.CodeRoot', message: `must be a folder relative to the workspace folder (such as "dist"), not ${JSON.stringify(root)}` });
    } else if (codeRootEscapes(root)) {
      issues.push({ path: '$.CodeRoot', message: `must stay inside the workspace folder, but ${JSON.stringify(root)} leads out of it` });
    }
  }
  if (issues.length === 0 && binding.PackageType === 'Image') {
    issues.push({ path: '$.PackageType', message: 'is "Image", but this tool deploys .zip packages only; use "Zip" or remove it' });
  }
  if (issues.length) throw shapeError(file, issues);
  return { binding, warnings };
}

/** Keys in the stable order: ours and CreateFunction's first, unknown keys after, as they came. */
export function orderBinding(binding: Binding): Binding {
  const out: Binding = {};
  for (const key of BINDING_KEY_ORDER) if (binding[key] !== undefined) out[key] = binding[key];
  for (const [key, value] of Object.entries(binding)) if (!(key in out) && value !== undefined) out[key] = value;
  return out;
}

export function formatBinding(binding: Binding): string {
  return `${JSON.stringify(orderBinding(binding), null, 2)}\n`;
}

/**
 * Writes `<folder>/lambda-workbench.json` atomically with writeProductFile's rules: stable key order, two
 * spaces, a final newline. `binding` decides every known setting (absent or undefined = removed);
 * unknown keys already in the file that `binding` does not mention are kept, so a settings UI that
 * only knows some keys never drops what the user or a newer version added.
 */
export async function writeBinding(folder: string, binding: Binding): Promise<string> {
  validateBinding(binding);
  const file = bindingPath(folder);
  const rules = { within: folder, createParents: false, label: BINDING_FILE };
  // Before reading the old file: a FIFO or link in its place is refused, not waited on or followed.
  checkProductFile(file, rules);
  let existing: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    if (isPlainObject(parsed)) existing = parsed;
  } catch {
    // No file yet, or one that does not parse: the new content replaces it.
  }
  const merged: Binding = {};
  for (const [key, value] of Object.entries(existing)) if (!KNOWN.has(key) && !(key in binding)) merged[key] = value;
  Object.assign(merged, binding);
  // Never through a link, never over a non-file, never outside the folder; atomic.
  await writeProductFile(file, formatBinding(merged), rules);
  return file;
}

/** The CreateFunction parameters a binding sets (without our own keys, nulls or unknown keys). */
export function bindingFunctionSettings(binding: Binding): Partial<Omit<CreateFunctionRequest, 'Code'>> {
  const out: Record<string, unknown> = {};
  for (const key of BINDING_KEY_ORDER) {
    if (key === '$schema' || key === 'Region' || key === 'Profile' || key === 'CodeRoot' || key === 'Build') continue;
    const value = binding[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out as Partial<Omit<CreateFunctionRequest, 'Code'>>;
}
