import { ClientFactory, createLambdaService, isLocalEndpoint, listProfiles, normalizeEndpoint, resolveEndpoint, type LambdaService } from '../core/aws';
import { WorkbenchError } from '../core/errors';

/**
 * Shared by every command that talks to Lambda: --profile and --endpoint, with env fallbacks. A
 * named profile that does not exist is bad input (exit 2), caught before any request.
 */
export async function connectFromFlags(
  flags: { profile?: string; endpoint?: string },
  env: NodeJS.ProcessEnv,
): Promise<{ service: LambdaService; factory: ClientFactory }> {
  let endpoint: string | undefined;
  try {
    endpoint = flags.endpoint ? normalizeEndpoint(flags.endpoint) : resolveEndpoint({ env });
  } catch (e) {
    throw new WorkbenchError('usage', (e as Error).message);
  }
  const profile = flags.profile ?? (env.AWS_PROFILE || undefined);
  if (profile && !isLocalEndpoint(endpoint) && !(await listProfiles(env)).some((p) => p.name === profile)) {
    throw new WorkbenchError('usage', `The AWS profile "${profile}" was not found in ~/.aws/config or ~/.aws/credentials.`, {
      hint: `Pass an existing --profile, or create it with "aws configure --profile ${profile}" (or "aws configure sso").`,
    });
  }
  const factory = new ClientFactory();
  return { service: createLambdaService({ profile, endpoint }, factory), factory };
}
