import { ClientFactory, createLambdaService, normalizeEndpoint, resolveEndpoint, type LambdaService } from '../core/aws';
import { WorkbenchError } from '../core/errors';

/** Shared by every command that talks to Lambda: --profile and --endpoint, with env fallbacks. */
export function connectFromFlags(flags: { profile?: string; endpoint?: string }, env: NodeJS.ProcessEnv): { service: LambdaService; factory: ClientFactory } {
  let endpoint: string | undefined;
  try {
    endpoint = flags.endpoint ? normalizeEndpoint(flags.endpoint) : resolveEndpoint({ env });
  } catch (e) {
    throw new WorkbenchError('usage', (e as Error).message);
  }
  const factory = new ClientFactory();
  const profile = flags.profile ?? (env.AWS_PROFILE || undefined);
  return { service: createLambdaService({ profile, endpoint }, factory), factory };
}
