/** Finds handler candidates (FILE.EXPORT) in a folder for the deploy wizard: a bounded, cheap scan. */
import * as path from 'node:path';
import vscode = require('vscode');
import { findExportedFunctions, rankHandlers } from '../invoke/handlerExports';

export interface HandlerCandidate {
  /** The Lambda Handler string, e.g. `src/orders.handler`. */
  handler: string;
  file: string;
}

const MAX_FILES = 60;
const MAX_BYTES = 256 * 1024;
const PREFERRED = /^(index|handler|app|main|lambda|function)$/;

export async function discoverHandlers(folder: vscode.Uri): Promise<HandlerCandidate[]> {
  const pattern = new vscode.RelativePattern(folder, '{*,src/*,src/*/*,lib/*,handlers/*,functions/*}.{js,mjs,cjs,ts}');
  const files = await vscode.workspace.findFiles(pattern, '{**/node_modules/**,**/*.d.ts,**/*.test.*,**/*.spec.*,**/test/**,**/dist/**}', MAX_FILES);
  const main = await packageMain(folder);
  const candidates: (HandlerCandidate & { score: number })[] = [];
  for (const file of files) {
    const stat = await vscode.workspace.fs.stat(file);
    if (stat.size > MAX_BYTES) continue;
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const rel = path.posix.normalize(path.relative(folder.fsPath, file.fsPath).split(path.sep).join('/'));
    const base = rel.replace(/\.(m|c)?[jt]s$/, '');
    for (const [rank, exp] of rankHandlers(findExportedFunctions(source)).entries()) {
      // The Lambda runtime looks handlers up by export name; a bare default export has none to give.
      if (exp.name === 'default') continue;
      const stem = path.posix.basename(base);
      const score = rank * 10 + (rel === main ? 0 : PREFERRED.test(stem) ? 1 : 3) + base.split('/').length;
      candidates.push({ handler: `${base}.${exp.name}`, file: rel, score });
    }
  }
  return candidates.sort((a, b) => a.score - b.score || a.handler.localeCompare(b.handler)).map(({ handler, file }) => ({ handler, file }));
}

async function packageMain(folder: vscode.Uri): Promise<string | undefined> {
  const pkg = await readPackageJson(folder);
  const main = typeof pkg?.main === 'string' ? pkg.main : undefined;
  return main ? path.posix.normalize(main.replace(/^\.\//, '')) : undefined;
}

export async function readPackageJson(folder: vscode.Uri): Promise<Record<string, unknown> | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'package.json'));
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
