/**
 * Where a Node.js Handler string points. The runtime splits `src/app.handler` at the last `/` for
 * the folder and at the first `.` after it for the module, and tries .js, .mjs and .cjs (a .ts
 * source is accepted here too, for projects that build into the same tree).
 */
import { TASK_ROOT } from '../invoke/handlerPath';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts'];

export function handlerCandidates(handler: string): string[] {
  // /var/task/… is the package root on Lambda; other absolute paths (layers) are not in the package.
  if (handler.startsWith(`${TASK_ROOT}/`)) handler = handler.slice(TASK_ROOT.length + 1);
  else if (handler.startsWith('/')) return [];
  const slash = handler.lastIndexOf('/');
  const dir = slash === -1 ? '' : handler.slice(0, slash + 1);
  const rest = handler.slice(slash + 1);
  const dot = rest.indexOf('.');
  const module = (dir + (dot === -1 ? rest : rest.slice(0, dot))).replace(/^\.\//, '').replace(/^\/+/, '');
  if (!module) return [];
  return [...EXTENSIONS.map((ext) => module + ext), `${module}/index.js`];
}

export interface HandlerCheck {
  handler: string;
  found: string | undefined;
  candidates: string[];
  warning?: string;
}

export function checkHandlerFile(handler: string, packaged: ReadonlySet<string>): HandlerCheck {
  const candidates = handlerCandidates(handler);
  const found = candidates.find((c) => packaged.has(c));
  let warning: string | undefined;
  if (!found) {
    warning = `The handler "${handler}" points at ${candidates[0] ?? 'no file'}${candidates.length > 1 ? ` (or .mjs/.cjs)` : ''}, which is not in the package, so invocations will fail with Runtime.ImportModuleError. Check Handler, CodeRoot and .lambdaignore.`;
  } else if (found.endsWith('.ts')) {
    warning = `The handler "${handler}" resolves to ${found}, a TypeScript source: Lambda's Node.js runtime loads only .js, .mjs and .cjs. Build first, or point CodeRoot at the build output.`;
  }
  return { handler, found, candidates, warning };
}
