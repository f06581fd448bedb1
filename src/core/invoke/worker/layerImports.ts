/**
 * ES modules and NODE_PATH. Node's own ESM resolver ignores NODE_PATH, but Lambda's Node.js
 * runtimes (nodejs18.x and later, per the Developer Guide) search the NODE_PATH folders when
 * loading ES modules too, which is how `import { x } from "pkg"` finds a package a layer provides
 * under /opt/nodejs/node_modules. To match, when NODE_PATH names a node_modules folder that exists
 * (the function has layers), a resolve hook is registered in this environment: a bare specifier
 * that Node's resolver cannot find from the importing file is looked up in those folders, in
 * NODE_PATH's order (so packages next to the code still win, as on Lambda). Registering starts the
 * module hooks thread (tens of ms), so environments without layers never pay for it.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Runs on Node's hooks thread: plain JavaScript, sent as a data: URL so the worker bundle stays one file. */
const HOOK = `
import { pathToFileURL } from 'node:url';
let parents = [];
export function initialize(data) { parents = data.parents; }
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const bare = !/^[./]/.test(specifier) && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier);
    if (!bare || error?.code !== 'ERR_MODULE_NOT_FOUND' || !context.parentURL) throw error;
    for (const parent of parents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL: parent });
      } catch (e) {
        if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
      }
    }
    // The error the function would have seen without this hook: no frame of ours in its trace.
    if (typeof error.stack === 'string') error.stack = error.stack.split('\\n').filter((l) => !l.includes('data:text/javascript')).join('\\n');
    throw error;
  }
}
`;

type Register = (specifier: string, options: { data: unknown }) => void;

/**
 * Registers the hook when NODE_PATH has node_modules folders that exist (other than inside the task
 * root, which imports reach anyway). Returns the folders it searches, for tests.
 */
export function searchNodePathForImports(nodePath: string | undefined, taskRoot: string): string[] {
  const dirs = (nodePath ?? '')
    .split(path.delimiter)
    .filter((d) => d && path.basename(d) === 'node_modules' && !d.startsWith(taskRoot + path.sep) && existsSync(d));
  const register = (Module as unknown as { register?: Register }).register;
  if (dirs.length === 0 || !register) return [];
  // A module "next to" each node_modules folder: Node's package lookup from there finds <dir>/<package>.
  const parents = dirs.map((d) => pathToFileURL(path.join(path.dirname(d), '__lambda_node_path__.mjs')).href);
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { parents } });
  return dirs;
}
