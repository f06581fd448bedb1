/**
 * Local invoke "as deployed": packages the function's folder exactly as a deploy would (the same
 * target resolution, so the same Handler, Build section, Runtime, architecture and ignore files),
 * unzips that package into a temporary task root and returns the local configuration that runs
 * it: the built Handler, the variables deploy would set (NODE_OPTIONS for source maps), and no
 * TypeScript transpiling, since Lambda has none. The default local invoke stays on the sources.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
export async function prepareAsDeployed(folder: string, config: LocalConfig['config'], options: { signal?: AbortSignal } = {}): Promise<AsDeployed> {
  const target = await resolveDeployTarget({
    folder,
    // The local run's function, handler and runtime (flags included) are what gets packaged.
    overrides: { FunctionName: config.functionName, Handler: config.handler, Runtime: config.runtime as Binding['Runtime'] },
    defaultRegion: config.region,
  });
  const { zip, manifest } = await packageFolder(config.codeDir, { ...target.packageOptions, handler: config.handler, runtime: config.runtime, signal: options.signal });
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
  const nodeOptions = settings.Environment.Variables.NODE_OPTIONS;
  if (nodeOptions !== undefined && nodeOptions !== config.environment.NODE_OPTIONS) notes.push(`as deployed: NODE_OPTIONS=${nodeOptions}, as deploy sets it for source maps`);
  const dir = await mkdtemp(join(tmpdir(), 'lw-as-deployed-'));
  try {
    await extractZip(zip, dir);
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
