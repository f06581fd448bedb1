/**
 * What a built package changes in the function's settings: the Handler points at the built file,
 * and source maps switch on `--enable-source-maps` through NODE_OPTIONS unless the user set
 * NODE_OPTIONS (in the binding, or on the deployed function when the binding leaves Environment
 * alone). Each change is said in a notice, so nothing happens silently.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { PackageManifest } from '../package/types';
import type { FunctionSettings } from './configDiff';

export const SOURCE_MAPS_OPTION = '--enable-source-maps';

/** Mutates `settings` for a built package; returns the notices to show. */
export function applyBuildSettings(settings: FunctionSettings, manifest: PackageManifest, deployed: FunctionConfiguration | undefined): string[] {
  const build = manifest.build;
  if (!build) return [];
  const notes: string[] = [];
  if (settings.Handler !== build.handler) {
    if (deployed?.Handler !== build.handler) notes.push(`The package was built with esbuild: the function's Handler is set to ${build.handler} (built from ${build.sourceHandler}).`);
    settings.Handler = build.handler;
  }
  if (build.sourcemap) {
    const own = settings.Environment?.Variables;
    const base = own ?? deployed?.Environment?.Variables ?? {};
    if (base.NODE_OPTIONS !== undefined) {
      if (!base.NODE_OPTIONS.includes(SOURCE_MAPS_OPTION)) notes.push(`Build.Sourcemap is on, but NODE_OPTIONS is already set (${own ? 'in lambda-workbench.json' : 'on the function'}), so ${SOURCE_MAPS_OPTION} was not added: add it to NODE_OPTIONS for stack traces that point at your sources.`);
    } else {
      settings.Environment = { ...settings.Environment, Variables: { ...base, NODE_OPTIONS: SOURCE_MAPS_OPTION } };
      if (deployed?.Environment?.Variables?.NODE_OPTIONS !== SOURCE_MAPS_OPTION) notes.push(`Build.Sourcemap is on, so NODE_OPTIONS=${SOURCE_MAPS_OPTION} is set on the function (stack traces point at your sources).`);
    }
  }
  return notes;
}
