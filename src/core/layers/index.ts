/**
 * Layers in local invoke: the function's layers fetched once into the per-user cache and merged
 * into the folder that stands for /opt, so the CLI, the editor and the local server resolve modules
 * from layers the way the Node.js runtime does (NODE_PATH, see docs/invoke.md).
 */
import type { LocalConfig } from '../invoke/localConfig';
import { prepareLayers, type PrepareLayersOptions, type PreparedLayers } from './layerCache';

export { prepareLayers, layerCacheDir, CACHE_CAPS, type PreparedLayers, type PrepareLayersOptions, type CachedLayer } from './layerCache';
export { readLayerVersion, type LayerReadContext, type LayerVersionInfo } from './layerSource';
export { parseLayerVersionArn, layerArn, type LayerVersionRef } from './layerArn';

/**
 * A resolved local configuration with its layers in place: fetched (or found in the cache) and
 * merged, the config's layersDir set. Unchanged when the function has no layers. Throws
 * WorkbenchError naming a layer that cannot be read, before anything runs.
 */
export async function withLayers(local: LocalConfig, options: Omit<PrepareLayersOptions, 'arns'>): Promise<{ local: LocalConfig; prepared?: PreparedLayers }> {
  if (local.layers.length === 0) return { local };
  // The account is known for a deployed function (its ARN): a layer of another account is then named as such.
  const prepared = await prepareLayers({ functionRegion: local.config.region, functionAccount: local.config.accountId, ...options, arns: local.layers });
  if (!prepared) return { local };
  const config = { ...local.config, layersDir: prepared.optDir };
  return { local: { ...local, config, resolved: { ...local.resolved, layersDir: prepared.optDir } }, prepared };
}
