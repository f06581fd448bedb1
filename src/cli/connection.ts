import { ClientFactory, createLambdaService, isLocalEndpoint, normalizeEndpoint, requireKnownProfile, resolveDefaultRegion, resolveEndpoint, type LambdaService } from '../core/aws';
import { WorkbenchError } from '../core/errors';

/**
 * Shared by every command that talks to Lambda: --profile and --endpoint, with env fallbacks. A
 * named profile that does not exist is bad input (exit 2, with the known profiles), caught before any request.
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
  // A profile named on the command line (or in the binding file) must exist, whatever the endpoint:
  // against a loopback endpoint a typo would otherwise fall back to placeholder credentials. One
  // only inherited from AWS_PROFILE is checked for real endpoints, where the SDK would fail on it.
  if (flags.profile || !isLocalEndpoint(endpoint)) await requireKnownProfile(profile, env);
  const factory = new ClientFactory();
  return { service: createLambdaService({ profile, endpoint }, factory), factory };
}

/**
 * The flags every command that talks to Lambda takes: --region, --profile, --endpoint and --json.
 * Spread into a command's parseFlags options (`list` overrides region to take it repeatedly).
 */
export const CONNECTION_FLAGS = {
  region: { type: 'string' },
  profile: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The region given, else AWS_REGION or the profile's region; none at all is bad usage (exit 2). */
export async function regionOrDefault(given: string | undefined, service: LambdaService, env: NodeJS.ProcessEnv): Promise<string> {
  const region = given ?? (await resolveDefaultRegion(service.connection, env));
  if (!region) throw new WorkbenchError('usage', 'No region was given and none is configured.', { hint: 'Pass --region us-east-1 (or set AWS_REGION).' });
  return region;
}
