/**
 * `invoke`'s layers: when the function (its binding file) lists Layers, they are fetched through
 * core (once per ARN, then from the per-user cache) with --profile/--endpoint, before anything runs.
 */
import type { LocalConfig } from '../core/invoke/localConfig';
import { withLayers } from '../core/layers';
import type { CliIO } from './command';
import { connectFromFlags } from './connection';

export async function resolveLayersForCli(local: LocalConfig, flags: { profile?: string; endpoint?: string }, io: CliIO): Promise<LocalConfig> {
  if (local.layers.length === 0) return local;
  const { service, factory } = await connectFromFlags({ profile: flags.profile ?? local.profile, endpoint: flags.endpoint }, io.env);
  try {
    const { local: withOpt, prepared } = await withLayers(local, {
      connection: service.connection,
      factory,
      signal: io.signal,
      onFetch: (arn) => io.stderr.write(`fetching layer ${arn}\n`),
    });
    if (prepared) io.stderr.write(`layers: ${prepared.layers.map((l) => l.arn).join(', ')} in ${prepared.optDir} (stands for /opt)\n`);
    return withOpt;
  } finally {
    factory.dispose();
  }
}
