/**
 * Whether a package is built before it is zipped, and how: the one place that turns the binding
 * file's `Build` section (SAM's esbuild property names), the Handler and the Runtime into esbuild
 * settings. Pure decisions and file lookups; nothing is built here (see build.ts).
 *
 * - A handler that resolves to TypeScript is built by default (the runtime loads only .js, .mjs
 *   and .cjs); JavaScript is built when `Build` is true or an object; `"Build": false` never builds.
 * - The default target is the Runtime's Node version (nodejs22.x -> node22).
 * - `@aws-sdk/*` stays external (the runtime provides SDK v3); `External` adds to it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import type { BuildSettings } from '../config/binding';
import { DEFAULT_RUNTIME } from '../invoke/config';
import { WorkbenchError } from '../errors';

/** The SDK the Node.js runtimes ship (v3 since nodejs18.x): never bundled, never shipped. */
export const RUNTIME_PROVIDED_EXTERNALS: readonly string[] = ['@aws-sdk/*'];

export type BuildFormat = 'cjs' | 'esm';

export interface BuildPlan {
  /** Why the package is built: the handler is TypeScript, or the binding asked for it. */
  reason: 'typescript' | 'setting';
  /** Entry points relative to the code root (POSIX). The handler's file is one of them. */
  entryPoints: string[];
  /** The entry the Handler points at. */
  handlerEntry: string;
  /** The handler's export path (`handler`, `nested.fn`). */
  exportPath: string;
  /** The Handler as written (its file is the source). */
  handler: string;
  target: string;
  format: BuildFormat;
  /** The output files' extension: .js, .mjs or .cjs. */
  outExtension: '.js' | '.mjs' | '.cjs';
  /** ES module output in .js files needs a package.json saying so next to it. */
  typeModule: boolean;
  minify: boolean;
  sourcemap: boolean;
  /** The maps carry the sources' text: a debugger's build (Chrome DevTools cannot read the files). */
  sourcesContent: boolean;
  /** The user's `External` (the runtime-provided ones are added when building). */
  external: string[];
  mainFields?: string[];
  loader: Record<string, string>;
  banner?: string;
  /** The Runtime the target came from (for messages). */
  runtime: string;
}

export interface BuildPlanInput {
  /** The binding's `Build` value. */
  build?: boolean | BuildSettings;
  /** The function's Handler (`src/app.handler`). */
  handler?: string;
  runtime?: string;
  /** Source maps whatever Build says (a debugger's build). */
  sourcemap?: boolean;
}

const JS_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];
const LOADERS = ['base64', 'binary', 'copy', 'dataurl', 'default', 'empty', 'file', 'js', 'json', 'jsx', 'text', 'ts', 'tsx'];

function invalid(path: string, message: string, hint: string): WorkbenchError {
  return new WorkbenchError('validation', `lambda-workbench.json: ${path} ${message}; nothing was built or uploaded.`, { hint, path });
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `src/app.handler` -> folder `src/`, module `app`, export `handler`, as the runtime splits it. */
export function splitHandlerString(handler: string): { moduleRoot: string; moduleName: string; exportPath: string } | undefined {
  const slash = handler.lastIndexOf('/');
  const moduleRoot = handler.slice(0, slash + 1);
  const rest = handler.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  return { moduleRoot, moduleName: rest.slice(0, dot), exportPath: rest.slice(dot + 1) };
}

/**
 * The file a Handler names, looked up as the runtime does (.js, .mjs, .cjs) and then as TypeScript
 * sources (.ts, .mts, .cts, and an index file in a folder of that name). Paths are POSIX, relative
 * to the root.
 */
export function findHandlerSource(root: string, handler: string): { file: string; typescript: boolean; exportPath: string } | undefined {
  const parts = splitHandlerString(handler);
  if (!parts) return undefined;
  const stem = posix.normalize(parts.moduleRoot + parts.moduleName).replace(/^\.\//, '').replace(/^\/+/, '');
  if (stem.startsWith('..')) return undefined;
  for (const ext of JS_EXTENSIONS) if (isFile(join(root, stem + ext))) return { file: stem + ext, typescript: false, exportPath: parts.exportPath };
  for (const ext of TS_EXTENSIONS) if (isFile(join(root, stem + ext))) return { file: stem + ext, typescript: true, exportPath: parts.exportPath };
  for (const ext of TS_EXTENSIONS) if (isFile(join(root, stem, `index${ext}`))) return { file: `${stem}/index${ext}`, typescript: true, exportPath: parts.exportPath };
  if (isFile(join(root, stem, 'index.js'))) return { file: `${stem}/index.js`, typescript: false, exportPath: parts.exportPath };
  return undefined;
}

/** nodejs22.x -> node22; anything else (or nothing) -> the default runtime's. */
export function targetForRuntime(runtime: string | undefined): string {
  const m = /^nodejs(\d+)\.x$/.exec(runtime ?? DEFAULT_RUNTIME) ?? /^nodejs(\d+)\.x$/.exec(DEFAULT_RUNTIME)!;
  return `node${m[1]}`;
}

function packageTypeModule(root: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}

/** `[".png=file"]` -> `{".png": "file"}`, checking each pair. */
function pairs(list: readonly string[] | undefined, path: string, check: (key: string, value: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  (list ?? []).forEach((item, i) => {
    const eq = item.indexOf('=');
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    const problem = eq <= 0 ? 'must look like ".ext=value"' : check(key, value);
    if (problem) throw invalid(`${path}[${i}]`, `${problem}, not ${JSON.stringify(item)}`, 'Use SAM\'s form, e.g. ".js=.mjs" for OutExtension or ".png=file" for Loader.');
    out[key] = value;
  });
  return out;
}

/**
 * The build to run, or undefined when the package ships its sources as they are. Throws
 * WorkbenchError('validation') for settings that cannot work, before anything is built.
 */
export function planBuild(root: string, input: BuildPlanInput): BuildPlan | undefined {
  if (input.build === false) return undefined;
  const settings: BuildSettings = typeof input.build === 'object' && input.build !== null ? input.build : {};
  const asked = input.build === true || typeof input.build === 'object';
  const source = input.handler ? findHandlerSource(root, input.handler) : undefined;
  if (!asked && !source?.typescript) return undefined;

  const runtime = input.runtime ?? DEFAULT_RUNTIME;
  if (input.runtime && !/^nodejs\d+\.x$/.test(input.runtime)) {
    if (!asked) return undefined;
    throw invalid('$.Build', `builds Node.js code, but the Runtime is ${input.runtime}`, 'Remove Build, or set "Build": false.');
  }
  if (settings.Method !== undefined && settings.Method !== 'esbuild') {
    throw invalid('$.Build.Method', `must be "esbuild", not ${JSON.stringify(settings.Method)}`, 'esbuild is the only build method.');
  }
  if (!input.handler) throw invalid('$.Handler', 'is needed to build: the handler\'s file is the entry point', 'Set Handler (e.g. "src/app.handler").');
  if (!source) {
    throw new WorkbenchError('validation', `The handler "${input.handler}" has no source file in ${root} (looked for .js, .mjs, .cjs, .ts, .mts, .cts); nothing was built or uploaded.`, {
      hint: 'Check Handler and CodeRoot in lambda-workbench.json.',
      path: '$.Handler',
    });
  }

  const entryPoints = settings.EntryPoints?.length ? settings.EntryPoints.map((e, i) => checkEntry(root, e, i)) : [source.file];
  if (!entryPoints.includes(source.file)) {
    throw invalid('$.Build.EntryPoints', `does not include the handler's file ${source.file}`, `Add "${source.file}" to EntryPoints (the handler's file is the function's entry point).`);
  }

  const outExt = pairs(settings.OutExtension, '$.Build.OutExtension', (k, v) =>
    k !== '.js' ? 'can only rename ".js"' : !JS_EXTENSIONS.includes(v) ? 'must map .js to .js, .mjs or .cjs (the extensions the runtime loads)' : undefined,
  );
  const outExtension = (outExt['.js'] ?? '.js') as BuildPlan['outExtension'];
  const typeModulePackage = packageTypeModule(root);
  const format: BuildFormat = settings.Format ?? (outExtension === '.mjs' ? 'esm' : outExtension === '.cjs' ? 'cjs' : typeModulePackage ? 'esm' : 'cjs');
  checkFormatFits(format, outExtension, typeModulePackage);

  const loader = pairs(settings.Loader, '$.Build.Loader', (k, v) =>
    !/^\.[\w.-]+$/.test(k) ? 'must start with a file extension such as ".png"' : !LOADERS.includes(v) ? `must name one of esbuild's loaders (${LOADERS.join(', ')})` : undefined,
  );
  const mainFields = typeof settings.MainFields === 'string' ? settings.MainFields.split(',').map((s) => s.trim()).filter(Boolean) : settings.MainFields;
  (settings.External ?? []).forEach((name, i) => {
    if (!name.trim() || /\s/.test(name)) throw invalid(`$.Build.External[${i}]`, `must be a package name such as "sharp" or "@scope/*", not ${JSON.stringify(name)}`, 'List package names.');
  });
  const target = settings.Target ?? targetForRuntime(runtime);
  return {
    reason: asked ? 'setting' : 'typescript',
    entryPoints,
    handlerEntry: source.file,
    exportPath: source.exportPath,
    handler: input.handler,
    target,
    format,
    outExtension,
    typeModule: format === 'esm' && outExtension === '.js',
    minify: settings.Minify === true,
    sourcemap: settings.Sourcemap === true || input.sourcemap === true,
    sourcesContent: input.sourcemap === true,
    external: [...(settings.External ?? [])],
    mainFields,
    loader,
    banner: settings.Banner === undefined ? undefined : settings.Banner.replace(/^js=/, ''),
    runtime,
  };
}

function checkEntry(root: string, entry: string, i: number): string {
  const rel = posix.normalize(entry.replace(/\\/g, '/')).replace(/^\.\//, '');
  const abs = join(root, rel);
  const back = relative(root, abs);
  if (rel.startsWith('../') || rel === '..' || rel.startsWith('/') || back.startsWith(`..${sep}`)) {
    throw invalid(`$.Build.EntryPoints[${i}]`, `must be a file inside the code root, not ${JSON.stringify(entry)}`, 'Give paths relative to the code root, e.g. "src/app.ts".');
  }
  if (!existsSync(abs) || !isFile(abs)) {
    throw invalid(`$.Build.EntryPoints[${i}]`, `names ${rel}, which does not exist in ${root}`, 'Fix the path (relative to the code root).');
  }
  return rel;
}

function checkFormatFits(format: BuildFormat, ext: BuildPlan['outExtension'], typeModulePackage: boolean): void {
  if (format === 'esm' && ext === '.cjs') throw invalid('$.Build.Format', '"esm" does not fit OutExtension ".js=.cjs" (.cjs files are CommonJS)', 'Use ".js=.mjs", or Format "cjs".');
  if (format === 'cjs' && ext === '.mjs') throw invalid('$.Build.Format', '"cjs" does not fit OutExtension ".js=.mjs" (.mjs files are ES modules)', 'Use ".js=.cjs", or Format "esm".');
  if (format === 'cjs' && ext === '.js' && typeModulePackage) {
    throw invalid('$.Build.Format', '"cjs" does not fit this package: its package.json says "type": "module", so the runtime loads .js files as ES modules', 'Use Format "esm", or OutExtension [".js=.cjs"].');
  }
  if (format === 'esm' && ext === '.js' && !typeModulePackage) {
    throw invalid('$.Build.Format', '"esm" does not fit this package: without "type": "module" in package.json the runtime loads .js files as CommonJS', 'Set "type": "module" in package.json, or OutExtension [".js=.mjs"].');
  }
}
