/**
 * Checks a handler before anything runs (used by the CLI and the UI for "bad input"): the handler
 * string's form, that its file exists, that the file parses (esbuild, loaded lazily), and that the
 * export is there when that can be told without running the code (ES module exports are static;
 * for CommonJS only a name that appears nowhere in the file is certainly missing).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { WorkbenchError } from '../errors';
import { isLayersHandler, LAYERS_ROOT, mapHandlerPath } from './handlerPath';

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
const EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
/** CommonJS that hands its exports over from elsewhere: the names cannot be seen in this file. */
const REEXPORT = /module\.exports\s*=\s*(require\(|\{\s*\.\.\.)|Object\.assign\(\s*(module\.)?exports|__exportStar|\[[^\]]+\]\s*=/;

/** Preflight findings the runtime reports itself at init (Runtime.ImportModuleError / Runtime.UserCodeSyntaxError). */
export const HANDLER_MODULE_NOT_FOUND = 'HandlerModuleNotFound';
export const HANDLER_SYNTAX_ERROR = 'HandlerSyntaxError';

export interface HandlerLocation {
  /** The file the runtime would load. */
  file: string;
  moduleRoot: string;
  moduleName: string;
  /** The export path, e.g. "handler" or "nested.fn". */
  exportPath: string;
}

interface EsbuildLike {
  transformSync(code: string, options: Record<string, unknown>): unknown;
  buildSync(options: Record<string, unknown>): { metafile?: { outputs: Record<string, { exports: string[] }>; inputs: Record<string, { format?: string }> } };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Splits FILE.EXPORT the way the runtime does and finds the file. Throws WorkbenchError('validation'). */
export function locateHandler(codeDir: string, handler: string, layersDir?: string): HandlerLocation {
  if (handler.includes('..')) throw new WorkbenchError('validation', `The handler "${handler}" may not contain "..".`, { hint: 'Give the path from the code folder, e.g. src/app.handler.' });
  // /var/task/… is the code folder, /opt/… the fetched layers; any other absolute path is refused (see handlerPath).
  const mapped = mapHandlerPath(handler, { codeDir, layersDir });
  const base = path.basename(mapped);
  const moduleRoot = mapped.substring(0, mapped.indexOf(base));
  const match = FUNCTION_EXPR.exec(base);
  if (!match || !match[1] || !match[2]) {
    throw new WorkbenchError('validation', `The handler "${handler}" is not of the form FILE.EXPORT.`, { hint: 'For example index.handler, or src/handlers/app.handler for a nested file.' });
  }
  const stem = path.resolve(codeDir, moduleRoot, match[1]);
  const file = EXTENSIONS.map((e) => stem + e).find(isFile);
  if (!file) {
    const tried = EXTENSIONS.filter(Boolean).map((e) => shown(codeDir, stem + e, layersDir));
    throw new WorkbenchError('validation', `The handler file for "${handler}" was not found in ${isLayersHandler(handler) ? LAYERS_ROOT : codeDir} (looked for ${tried.join(', ')}).`, {
      hint: 'Check the handler setting and the code folder.',
      path: stem,
      code: HANDLER_MODULE_NOT_FOUND,
    });
  }
  return { file, moduleRoot, moduleName: match[1], exportPath: match[2] };
}

/** A file as the user knows it: relative to the code folder, or as /opt/… inside the layers. */
function shown(codeDir: string, file: string, layersDir?: string): string {
  if (layersDir) {
    const inLayers = path.relative(layersDir, file);
    if (!inLayers.startsWith('..') && !path.isAbsolute(inLayers)) return `${LAYERS_ROOT}/${inLayers.split(path.sep).join('/')}`;
  }
  return path.relative(codeDir, file);
}

function nearestTypeModule(dir: string): boolean {
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        return (JSON.parse(readFileSync(pj, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/**
 * Locates the handler, checks its syntax and, where it can be known statically, its export.
 * Nothing of the user's code runs.
 */
export function checkHandler(codeDir: string, handler: string, layersDir?: string): HandlerLocation {
  const loc = locateHandler(codeDir, handler, layersDir);
  const source = readFileSync(loc.file, 'utf8');
  const ext = path.extname(loc.file);
  const ts = ['.ts', '.mts', '.cts'].includes(ext);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as EsbuildLike;
  try {
    esbuild.transformSync(source, { loader: ts ? 'ts' : 'js', sourcefile: loc.file, logLevel: 'silent' });
  } catch (e) {
    const first = (e as { errors?: Array<{ text: string; location?: { line: number; column: number } }> }).errors?.[0];
    const where = first?.location ? ` at line ${first.location.line}, column ${first.location.column + 1}` : '';
    throw new WorkbenchError('validation', `${shown(codeDir, loc.file, layersDir)} has a syntax error${where}: ${first?.text ?? (e as Error).message}.`, {
      hint: 'Fix the file and try again.',
      path: loc.file,
      code: HANDLER_SYNTAX_ERROR,
      details: first?.location ? { line: first.location.line, column: first.location.column + 1 } : undefined,
    });
  }
  const name = loc.exportPath.split('.')[0];
  const esm = ext === '.mjs' || ext === '.mts' || (['.js', '.ts', ''].includes(ext) && nearestTypeModule(path.dirname(loc.file))) || /^\s*export\s/m.test(source);
  let missing = false;
  if (esm && !/^\s*export\s*\*/m.test(source)) {
    const out = esbuild.buildSync({ entryPoints: [loc.file], bundle: false, write: false, metafile: true, format: 'esm', platform: 'node', logLevel: 'silent', outdir: 'out', loader: { '': 'js' } });
    const exports = Object.values(out.metafile?.outputs ?? {})[0]?.exports;
    if (exports && !exports.includes(name) && !exports.includes('default')) missing = true;
  } else if (!esm && !new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`).test(source) && !REEXPORT.test(source)) {
    missing = true;
  }
  if (missing) {
    throw new WorkbenchError('validation', `${shown(codeDir, loc.file, layersDir)} does not export "${name}" (handler "${handler}").`, {
      hint: 'Export the handler function under that name, or fix the handler setting.',
      path: loc.file,
    });
  }
  return loc;
}

/**
 * checkHandler for callers that run the handler anyway: a missing handler module and a syntax error
 * are what the runtime itself reports at init (Runtime.ImportModuleError, Runtime.UserCodeSyntaxError
 * with V8's own message), so they come back as the friendly hint to show beside the runtime's error
 * object, not instead of it. Everything else (a malformed handler string, "..", a missing export) still throws.
 */
export function precheckHandler(codeDir: string, handler: string, layersDir?: string): { location?: HandlerLocation; initProblem?: WorkbenchError } {
  try {
    return { location: checkHandler(codeDir, handler, layersDir) };
  } catch (e) {
    if (e instanceof WorkbenchError && (e.code === HANDLER_MODULE_NOT_FOUND || e.code === HANDLER_SYNTAX_ERROR)) return { initProblem: e };
    throw e;
  }
}
