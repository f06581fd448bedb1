/**
 * Runs the build a BuildPlan describes with esbuild (loaded on first use, in the packaging worker):
 * the handler's file is the entry point, platform node, the plan's target and format, outputs kept
 * in memory. Reports the outputs, the remapped Handler, and every package left external with the
 * reason, and which of those must ship in node_modules.
 *
 * Deterministic: esbuild's output depends only on the sources and options; paths are relative to
 * the code root (absWorkingDir), so the same sources give the same bytes on any machine.
 */
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import { WorkbenchError } from '../errors';
import type { BuildPlan } from './buildPlan';
import { RUNTIME_PROVIDED_EXTERNALS } from './buildPlan';
import { findNativePackages, type NativePackage } from './nativePackages';

export interface BuildDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** Absolute path of the file, when esbuild names one. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Characters the message covers on that line (0 when esbuild points at a position). */
  length?: number;
  lineText?: string;
}

export type ExternalReason = 'runtime-provided' | 'setting' | 'native';

export interface BuildExternal {
  /** Package name (`@aws-sdk/client-s3`, `sharp`). */
  name: string;
  reason: ExternalReason;
  /** Shipped in node_modules (with its production dependencies); false for what the runtime provides. */
  shipped: boolean;
  /** Where it is installed, relative to the code root (shipped ones). */
  key?: string;
}

export interface BuildOutput {
  /** POSIX path inside the zip. */
  path: string;
  data: Buffer;
}

export interface BuildOutcome {
  outputs: BuildOutput[];
  /** The Handler that points at the built file (`app.handler` for `src/app.ts`'s `handler`). */
  handler: string;
  /** Packages imported but left out of the bundle, sorted by name. */
  externals: BuildExternal[];
  warnings: string[];
  diagnostics: BuildDiagnostic[];
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; length?: number; lineText?: string } | null;
}
interface EsbuildMetafile {
  outputs: Record<string, { entryPoint?: string; imports: Array<{ path: string; kind: string; external?: boolean }>; bytes: number }>;
}
interface EsbuildResult {
  outputFiles?: Array<{ path: string; contents: Uint8Array }>;
  metafile?: EsbuildMetafile;
  warnings: EsbuildMessage[];
}
interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<EsbuildResult>;
}

const BUILTINS = new Set(builtinModules);

/** `@scope/pkg/sub/path` -> `@scope/pkg`; `pkg/sub` -> `pkg`. */
export function packageNameOfSpecifier(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]);
}

/** esbuild-style pattern (`@aws-sdk/*`, `sharp`) against a package name. */
function matches(pattern: string, name: string): boolean {
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
  if (pattern.includes('*')) {
    const [pre, post] = pattern.split('*', 2);
    return name.startsWith(pre) && name.endsWith(post);
  }
  return name === pattern || packageNameOfSpecifier(pattern) === name;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function diagnostic(severity: 'error' | 'warning', m: EsbuildMessage, root: string): BuildDiagnostic {
  const loc = m.location;
  return loc
    ? { severity, message: m.text, file: join(root, loc.file), line: loc.line, column: loc.column + 1, length: loc.length, lineText: loc.lineText }
    : { severity, message: m.text };
}

function describe(d: BuildDiagnostic, root: string): string {
  return d.file ? `${toPosix(relative(root, d.file))}:${d.line}:${d.column}: ${d.message}` : d.message;
}

let esbuildApi: EsbuildApi | undefined;
function loadEsbuild(): EsbuildApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a package is built
  return (esbuildApi ??= require('esbuild') as EsbuildApi);
}

export async function runBuild(root: string, plan: BuildPlan): Promise<BuildOutcome> {
  const natives: NativePackage[] = findNativePackages(root);
  const nativeNames = new Set(natives.map((n) => n.name));
  const external = [...new Set([...RUNTIME_PROVIDED_EXTERNALS, ...plan.external, ...[...nativeNames].flatMap((n) => [n, `${n}/*`])])];
  let result: EsbuildResult;
  try {
    result = await loadEsbuild().build({
      absWorkingDir: root,
      entryPoints: plan.entryPoints,
      bundle: true,
      platform: 'node',
      target: plan.target,
      format: plan.format,
      // Outputs stay in memory (write: false); pointing them at the code root gives source maps
      // sources relative to the zip root (src/app.ts), which is where stack traces should point.
      outdir: root,
      allowOverwrite: true,
      write: false,
      metafile: true,
      outExtension: plan.outExtension === '.js' ? undefined : { '.js': plan.outExtension },
      sourcemap: plan.sourcemap ? 'linked' : false,
      // The runtime maps stack traces with the mappings alone; sources would only grow the zip
      // (a debugger's build keeps them, for a debugger that cannot read the files).
      sourcesContent: plan.sourcesContent,
      minify: plan.minify,
      external,
      mainFields: plan.mainFields,
      loader: Object.keys(plan.loader).length ? plan.loader : undefined,
      banner: plan.banner ? { js: plan.banner } : undefined,
      legalComments: 'eof',
      logLevel: 'silent',
      color: false,
    });
  } catch (e) {
    const errors = (e as { errors?: EsbuildMessage[] }).errors;
    if (!Array.isArray(errors)) {
      throw new WorkbenchError('validation', `esbuild rejected the build settings: ${(e as Error).message}; nothing was uploaded.`, {
        hint: 'Check the Build section of lambda-workbench.json (Target, Loader, MainFields, Banner).',
        path: '$.Build',
        cause: e,
      });
    }
    const diagnostics = errors.map((m) => diagnostic('error', m, root));
    const warnings = ((e as { warnings?: EsbuildMessage[] }).warnings ?? []).map((m) => diagnostic('warning', m, root));
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more error${diagnostics.length > 2 ? 's' : ''})` : '';
    throw new WorkbenchError('validation', `The build failed: ${first ? describe(first, root) : (e as Error).message}${more}. Nothing was uploaded.`, {
      hint: 'Fix the code (the errors are listed with file, line and column), or set "Build": false in lambda-workbench.json to ship the sources as they are.',
      path: first?.file,
      code: 'BuildFailed',
      details: { diagnostics: [...diagnostics, ...warnings], messages: diagnostics.map((d) => describe(d, root)) },
    });
  }

  const outputs: BuildOutput[] = (result.outputFiles ?? [])
    .map((f) => ({ path: toPosix(relative(root, f.path)), data: Buffer.from(f.contents.buffer, f.contents.byteOffset, f.contents.byteLength) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const meta = result.metafile?.outputs ?? {};
  const handlerOutput = Object.entries(meta).find(([, o]) => o.entryPoint === plan.handlerEntry)?.[0];
  if (!handlerOutput) throw new WorkbenchError('service', `esbuild produced no output for the handler's file ${plan.handlerEntry}.`, { hint: 'Report this with the Build section you used.' });
  const outPath = posix.normalize(toPosix(handlerOutput));
  const stem = outPath.slice(0, outPath.length - posix.extname(outPath).length);
  const handler = `${stem}.${plan.exportPath}`;

  // Every package imported but left out, with why, and whether it must ship.
  const byName = new Map<string, BuildExternal>();
  const userPatterns = plan.external;
  for (const o of Object.values(meta)) {
    for (const imp of o.imports) {
      if (!imp.external || isBuiltin(imp.path) || imp.path.startsWith('.') || imp.path.startsWith('/')) continue;
      const name = packageNameOfSpecifier(imp.path);
      if (byName.has(name)) continue;
      // Only the runtime's, the user's and native packages are external, so anything else is the user's.
      const reason: ExternalReason = RUNTIME_PROVIDED_EXTERNALS.some((p) => matches(p, name)) && !userPatterns.some((p) => matches(p, name))
        ? 'runtime-provided'
        : nativeNames.has(name)
          ? 'native'
          : 'setting';
      byName.set(name, { name, reason, shipped: reason !== 'runtime-provided' });
    }
  }
  // Native packages are kept external and shipped only when the code imports them (found above).
  const externals = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const warnings = result.warnings.map((m) => `esbuild: ${describe(diagnostic('warning', m, root), root)}`);
  const diagnostics = result.warnings.map((m) => diagnostic('warning', m, root));
  if (plan.typeModule) outputs.push({ path: 'package.json', data: Buffer.from('{\n  "type": "module"\n}\n') });
  outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { outputs, handler, externals, warnings, diagnostics };
}
