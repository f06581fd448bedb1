/**
 * "As deployed" in the editor (the invoke.asDeployed setting): the package a deploy would upload,
 * built and unzipped by core's prepareAsDeployed, behind a cancellable progress, its build errors
 * in the Problems panel. Invoke Locally and Debug Locally both start here.
 */
import type { AsDeployed, LocalConfig } from '../../core/invoke';
import type { EngineModule } from '../engine';
import { withWorkProgress } from '../progress';

export interface AsDeployedOptions {
  /** Cancels the packaging (the run's own controller). */
  abort?: AbortController;
  /** Source maps for a debugger (Debug Locally). */
  sourceMaps?: boolean;
  /** Runs the build with its errors shown in the Problems panel. */
  trackBuild?<T>(folder: string, work: () => Promise<T>): Promise<T>;
}

export function packageAsDeployed(engine: EngineModule, folder: string, config: LocalConfig['config'], options: AsDeployedOptions = {}): Promise<AsDeployed> {
  return withWorkProgress({ title: `Packaging ${config.functionName} as deployed`, cancellable: true, abort: options.abort }, (progress) => {
    const work = () => engine.prepareAsDeployed(folder, config, { signal: progress.signal, sourceMaps: options.sourceMaps });
    return options.trackBuild ? options.trackBuild(folder, work) : work();
  });
}
