/**
 * TypeScript handlers (.ts, .mts, .cts), transpiled on the fly with esbuild when the first one is
 * loaded (esbuild is never loaded for plain JavaScript):
 * - CommonJS (.cts, and .ts outside a "type":"module" package) through a require extension, so
 *   `require('./util')` finds util.ts and __dirname stays the source's folder;
 * - ES modules (.mts, .ts under "type":"module") through module.register() loader hooks that run
 *   the same transform and resolve `./util.js` to util.ts the way tsc's node16 resolution does.
 * Every transform carries an inline source map and source maps are switched on in the worker, so
 * stack traces (and the error `trace`) point at the .ts lines.
 */
import { readFileSync } from 'node:fs';
import Module, { register } from 'node:module';

interface EsbuildLike {
  transformSync(code: string, options: Record<string, unknown>): { code: string };
}

let enabled = false;

function transformOptions(filename: string, format: 'cjs' | 'esm'): Record<string, unknown> {
  return { loader: 'ts', format, sourcemap: 'inline', sourcefile: filename, target: `node${process.versions.node.split('.')[0]}`, logLevel: 'silent' };
}

/** Source of the ESM hooks, registered as a data: URL so nothing has to sit next to the bundle. */
const HOOKS = `
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
let esbuildPath;
let esbuild;
export async function initialize(data) { esbuildPath = data.esbuildPath; }
const TS = /\\.(ts|mts|cts)$/;
function typeModule(dir) {
  for (;;) {
    if (dir.endsWith('/node_modules') || dir.endsWith('\\\\node_modules')) return false;
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) { try { return JSON.parse(readFileSync(pj, 'utf8')).type === 'module'; } catch { return false; } }
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}
function isFile(p) { try { return statSync(p).isFile(); } catch { return false; } }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (!context.parentURL || !context.parentURL.startsWith('file:') || !(specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:'))) throw err;
    const base = fileURLToPath(new URL(specifier, context.parentURL));
    const candidates = /\\.(m|c)?js$/.test(base)
      ? [base.replace(/\\.js$/, '.ts').replace(/\\.mjs$/, '.mts').replace(/\\.cjs$/, '.cts')]
      : [base + '.ts', base + '.mts', base + '.cts', join(base, 'index.ts')];
    for (const c of candidates) if (isFile(c)) return { url: pathToFileURL(c).href, shortCircuit: true };
    throw err;
  }
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !TS.test(new URL(url).pathname)) return next(url, context);
  const filename = fileURLToPath(url);
  const esm = filename.endsWith('.mts') || (filename.endsWith('.ts') && typeModule(dirname(filename)));
  if (!esm) return { format: 'commonjs', shortCircuit: true };
  esbuild ??= (await import(pathToFileURL(esbuildPath).href)).default;
  const out = esbuild.transformSync(readFileSync(filename, 'utf8'), { loader: 'ts', format: 'esm', sourcemap: 'inline', logLevel: 'silent', sourcefile: filename, target: 'node' + process.versions.node.split('.')[0] });
  return { format: 'module', source: out.code, shortCircuit: true };
}
`;

let hooksRegistered = false;

/** Files transpiled by running esbuild's binary once each, before its service is worth starting. */
const EXEC_TRANSFORMS = 8;

/**
 * esbuild's synchronous API starts a service in a worker thread of its own on the first call
 * (230-300 ms from a worker thread on a loaded 2-core machine); with ESBUILD_WORKER_THREADS=0 it
 * runs its binary once per call instead (30-50 ms). A handler of a few files is transpiled that way;
 * past EXEC_TRANSFORMS files a second instance of the module, with the service, takes over.
 */
function syncTransformer(esbuildPath: string): () => EsbuildLike {
  let calls = 0;
  let current: EsbuildLike | undefined;
  const load = (exec: boolean): EsbuildLike => {
    // The variable is read when the module loads; the function's environment gets it back as it was.
    const saved = process.env['ESBUILD_WORKER_THREADS'];
    if (exec) process.env['ESBUILD_WORKER_THREADS'] = '0';
    else delete process.env['ESBUILD_WORKER_THREADS'];
    delete require.cache[esbuildPath];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a TypeScript handler is seen
      return require(esbuildPath) as EsbuildLike;
    } finally {
      if (saved === undefined) delete process.env['ESBUILD_WORKER_THREADS'];
      else process.env['ESBUILD_WORKER_THREADS'] = saved;
    }
  };
  return () => {
    calls++;
    if (!current) current = load(true);
    else if (calls === EXEC_TRANSFORMS + 1) current = load(false);
    return current;
  };
}

/**
 * The ES module hooks run in a loader thread of their own, whose start costs 100-250 ms on a
 * loaded 2-core machine (a third of a debugged TypeScript handler's start): registered only when
 * ES modules are imported (an ESM handler, the 4.x runtime, which imports every handler, or a
 * CommonJS .ts whose code calls import()). esbuild loads in that thread only for ESM TypeScript.
 */
function registerEsmHooks(esbuildPath: string): void {
  if (hooksRegistered) return;
  hooksRegistered = true;
  register('data:text/javascript,' + encodeURIComponent(HOOKS), { data: { esbuildPath } });
}

/**
 * Turns TypeScript support on for this worker. Idempotent; loads esbuild on first call. `esm`:
 * the handler is imported (ES module TypeScript, or any handler under the 4.x runtime).
 */
export function enableTypeScript(esbuildPath: string | undefined, esm: boolean): void {
  const resolved = esbuildPath ?? require.resolve('esbuild');
  if (esm) registerEsmHooks(resolved);
  if (enabled) return;
  enabled = true;
  const transformer = syncTransformer(resolved);
  process.setSourceMapsEnabled(true);
  const extensions = (Module as unknown as { _extensions: Record<string, (m: { _compile(code: string, file: string): void }, filename: string) => void> })._extensions;
  const compile = (m: { _compile(code: string, file: string): void }, filename: string): void => {
    const out = transformer().transformSync(readFileSync(filename, 'utf8'), transformOptions(filename, 'cjs'));
    // A dynamic import() may reach an ES module .ts/.mts: the hooks must be in place before it runs.
    if (/\bimport\s*\(/.test(out.code)) registerEsmHooks(resolved);
    m._compile(out.code, filename);
  };
  extensions['.ts'] = compile;
  extensions['.cts'] = compile;
  // A plain .js file of the function's own (not a package's) may import() a .ts/.mts too: it is
  // compiled by Node, so its source is looked at here, before it runs.
  const proto = (Module as unknown as { prototype: { _compile(code: string, file: string): unknown } }).prototype;
  const nodeCompile = proto._compile;
  proto._compile = function (this: unknown, code: string, filename: string): unknown {
    if (!hooksRegistered && !/[\\/]node_modules[\\/]/.test(filename) && /\bimport\s*\(/.test(code)) registerEsmHooks(resolved);
    return nodeCompile.call(this, code, filename);
  };
}

export function isTypeScript(file: string): boolean {
  return /\.(ts|mts|cts)$/.test(file);
}

