/**
 * Local invoke "as deployed": packages the function's folder exactly as a deploy would (the same
 * target resolution, so the same Handler, Build section, Runtime, architecture and ignore files),
 * unzips that package into a temporary task root and returns the local configuration that runs
 * it: the built Handler, the variables deploy would set (NODE_OPTIONS for source maps), and no
 * TypeScript transpiling, since Lambda has none. The default local invoke stays on the sources.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Binding } from '../config/binding';
import { applyBuildSettings } from '../deploy/buildSettings';
import { resolveDeployTarget } from '../deploy/target';
import { extractZip } from '../emulator/unzip';
import { packageFolder } from '../package/packageFolder';
import type { PackageManifest } from '../package/types';
import type { LocalConfig } from './localConfig';

export interface AsDeployed {
  /** The configuration to pass to createEnvironment: codeDir is the unzipped package. */
  config: LocalConfig['config'];
  manifest: PackageManifest;
  /** What changed from the sources' run, worth saying beside the output (the built Handler, NODE_OPTIONS). */
  notes: string[];
  /** Removes the unzipped package. */
  dispose(): Promise<void>;
}

/** `folder` is the workspace folder (its binding file applies, as in a deploy); `config` the resolved local configuration. */
export async function prepareAsDeployed(
  folder: string,
  config: LocalConfig['config'],
  options: { signal?: AbortSignal; /** A build writes source maps for a debugger (Debug Locally as deployed). */ sourceMaps?: boolean } = {},
): Promise<AsDeployed> {
  const target = await resolveDeployTarget({
    folder,
    // The local run's function, handler and runtime (flags included) are what gets packaged.
    overrides: { FunctionName: config.functionName, Handler: config.handler, Runtime: config.runtime as Binding['Runtime'] },
    defaultRegion: config.region,
  });
  const { zip, manifest } = await packageFolder(config.codeDir, { ...target.packageOptions, handler: config.handler, runtime: config.runtime, signal: options.signal, sourceMapsForDebugger: options.sourceMaps });
  // The settings deploy would send with this package: the built Handler, NODE_OPTIONS for source maps.
  const settings = { Handler: config.handler, Environment: { Variables: { ...config.environment } } };
  // applyBuildSettings' own notes speak of the function; the local run says it in its own words.
  applyBuildSettings(settings, manifest, undefined);
  const b = manifest.build;
  const notes = [
    b
      ? `as deployed: built with esbuild (${b.target}, ${b.format}), ${manifest.fileCount} file(s) in the package; Handler ${b.handler}${b.handler !== b.sourceHandler ? ` (built from ${b.sourceHandler})` : ''}`
      : `as deployed: the package holds the sources as they are (no build), ${manifest.fileCount} file(s); Handler ${settings.Handler}`,
  ];
  if (options.sourceMaps && b) notes.push('as deployed: with source maps naming your source files, for the debugger');
  const nodeOptions = settings.Environment.Variables.NODE_OPTIONS;
  if (nodeOptions !== undefined && nodeOptions !== config.environment.NODE_OPTIONS) notes.push(`as deployed: NODE_OPTIONS=${nodeOptions}, as deploy sets it for source maps`);
  const dir = await mkdtemp(join(tmpdir(), 'lw-as-deployed-'));
  try {
    await extractZip(zip, dir);
    if (options.sourceMaps && b) await pointMapsAtSources(dir, config.codeDir, b.outputs.map((o) => o.path).filter((p) => p.endsWith('.map')));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    config: { ...config, codeDir: dir, handler: settings.Handler, environment: settings.Environment.Variables, typescript: false },
    manifest,
    notes,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A build's source maps name their sources relative to the map, so in the unzipped package they
 * point inside the temporary folder, where no source is. For a debugger they are rewritten to the
 * sources' own files (absolute file URLs), so breakpoints set in the editor bind to the bundle.
 */
async function pointMapsAtSources(dir: string, codeDir: string, maps: string[]): Promise<void> {
  for (const rel of maps) {
    const file = join(dir, rel);
    const map = JSON.parse(await readFile(file, 'utf8')) as { sources?: unknown; sourceRoot?: unknown };
    if (!Array.isArray(map.sources)) continue;
    const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
    map.sources = map.sources.map((s: unknown) => {
      if (typeof s !== 'string') return s;
      const inPackage = relative(dir, resolve(dirname(file), root, s));
      return inPackage.startsWith(`..${sep}`) || inPackage === '..' ? s : pathToFileURL(join(codeDir, inPackage)).href;
    });
    delete map.sourceRoot;
    await writeFile(file, JSON.stringify(map));
  }
}
