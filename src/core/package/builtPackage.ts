/**
 * What a built package holds: esbuild's outputs (and source maps), plus the packages kept external
 * that must ship (native addons, the user's `External`), each with its production dependencies,
 * in node_modules. Sources and the rest of node_modules stay out; a `!pattern` in .lambdaignore
 * can still bring a file in (templates read at run time, for instance).
 *
 * The shipped node_modules go through the same scan as any package (default, secret and
 * .lambdaignore rules, symbolic links), restricted to the packages that ship.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkbenchError } from '../errors';
import { runBuild } from './build';
import type { BuildPlan } from './buildPlan';
import { dependencyClosure, resolveFrom } from './dependencies';
import { findNativePackages, platformWarning } from './nativePackages';
import { buildRules } from './rules';
import { compare, scanTree, type ScanEntry } from './scan';
import type { BuildManifest, ExcludedEntry, PackageProgress } from './types';
import type { Yielder } from './yielder';

/** Patterns that narrow a built package's scan to node_modules (user patterns still apply after). */
const ONLY_NODE_MODULES = ['/*', '!/node_modules/'];

export interface BuiltFiles {
  files: ScanEntry[];
  excluded: ExcludedEntry[];
  warnings: string[];
  build: BuildManifest;
}

export interface BuiltPackageSettings {
  includeSecrets?: boolean;
  excludes?: string[];
  ignoreFiles: string[];
  outFile?: string;
  architecture?: 'x86_64' | 'arm64';
}

export async function buildFiles(
  rootReal: string,
  plan: BuildPlan,
  settings: BuiltPackageSettings,
  yielder: Yielder,
  onProgress?: (p: PackageProgress) => void,
): Promise<BuiltFiles> {
  const started = performance.now();
  const outcome = await runBuild(rootReal, plan);
  const durationMs = Math.round(performance.now() - started);
  await yielder.maybeYield();
  const warnings = [...outcome.warnings];

  // Externals that ship: each must be installed, and brings its production dependencies.
  const shippedKeys = new Set<string>();
  for (const ext of outcome.externals) {
    if (!ext.shipped) continue;
    const key = resolveFrom(rootReal, '', ext.name);
    if (!key) {
      throw new WorkbenchError(
        'validation',
        `${ext.name} is imported and kept out of the bundle (${ext.reason === 'native' ? 'it has native addons' : 'Build.External lists it'}), but it is not installed in ${join(rootReal, 'node_modules')}; nothing was uploaded.`,
        { hint: `Run npm install ${ext.name}, or remove it from Build.External so it is bundled.`, path: '$.Build.External' },
      );
    }
    ext.key = key;
    shippedKeys.add(key);
  }
  const closure = dependencyClosure(rootReal, [...shippedKeys].map((key) => ({ from: key, names: dependencyNamesOf(rootReal, key) })));
  for (const key of shippedKeys) closure.add(key);

  const outputPaths = new Set(outcome.outputs.map((o) => o.path));
  // mtimeMs NaN: an output has no file to stat, so the incremental cache can only match it by content.
  const files: ScanEntry[] = outcome.outputs.map((o) => ({ path: o.path, abs: join(rootReal, o.path), size: o.data.length, mtimeMs: Number.NaN, executable: false, forcedIn: true, data: o.data }));
  const excluded: ExcludedEntry[] = [];
  const rules = buildRules(settings.ignoreFiles, settings.includeSecrets === true, [...(settings.excludes ?? []), ...ONLY_NODE_MODULES]);
  const scan = await scanTree(rootReal, rules, { source: 'lockfile', isProduction: (key) => closure.has(key) }, yielder, { outFile: settings.outFile, onProgress });
  for (const f of scan.files) if (!outputPaths.has(f.path)) files.push(f);
  for (const e of scan.excluded) {
    // Sources and unshipped packages are left out by design (they are in the bundle, or not needed).
    if (e.pattern === '/*' || e.rule === 'devDependency') continue;
    excluded.push(e);
  }
  warnings.push(...scan.warnings);
  files.sort((a, b) => compare(a.path, b.path));

  const arch = settings.architecture ?? 'x86_64';
  for (const native of findNativePackages(rootReal)) {
    if (!closure.has(native.key)) continue;
    const problem = native.addons.map((a) => platformWarning(rootReal, a, arch)).find(Boolean);
    if (problem) warnings.push(problem);
  }

  const jsOutputs = outcome.outputs.filter((o) => /\.(m|c)?js$/.test(o.path));
  return {
    files,
    excluded,
    warnings,
    build: {
      reason: plan.reason,
      sourceHandler: plan.handler,
      handler: outcome.handler,
      entryPoints: plan.entryPoints,
      target: plan.target,
      format: plan.format,
      minify: plan.minify,
      sourcemap: plan.sourcemap,
      outputs: outcome.outputs.map((o) => ({ path: o.path, size: o.data.length })),
      bundleBytes: jsOutputs.reduce((n, o) => n + o.data.length, 0),
      externals: outcome.externals,
      diagnostics: outcome.diagnostics,
      durationMs,
    },
  };
}

/** The names an installed package depends on (a broken manifest is not ours to report). */
function dependencyNamesOf(root: string, key: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(join(root, key, 'package.json'), 'utf8')) as Record<string, unknown>;
    const maps = [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies];
    return [...new Set(maps.flatMap((m) => (m && typeof m === 'object' ? Object.keys(m) : [])))];
  } catch {
    return [];
  }
}
