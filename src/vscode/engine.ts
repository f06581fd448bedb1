/**
 * Loads the engine (dist/engine.js: packager, local runtime, jszip; it requires the AWS SDK,
 * dist/awsSdk.js, on its own first AWS call) on first use, so activation stays tiny. The require
 * path is computed at run time, which keeps esbuild from inlining the engine into dist/extension.js.
 */
import * as path from 'node:path';
import type * as Engine from '../core/index';

export type EngineModule = typeof Engine;

let loading: Promise<EngineModule> | undefined;

export function loadEngine(): Promise<EngineModule> {
  loading ??= Promise.resolve().then(() => {
    const file = path.join(__dirname, 'engine.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as EngineModule;
  });
  return loading;
}

/** Releases what the engine keeps between uses (the local runtime's spare worker), if it was loaded. */
export async function disposeEngine(): Promise<void> {
  if (!loading) return;
  const engine = await loading;
  await engine.disposeSpareWorkers();
}
