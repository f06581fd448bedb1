/**
 * Where the UI's requests go, worked out from settings and the environment. Pure, so the
 * precedence rules are unit-tested: setting > LAMBDA_WORKBENCH_ENDPOINT > AWS_ENDPOINT_URL_LAMBDA >
 * AWS_ENDPOINT_URL.
 */
import { findEndpoint, isLocalEndpoint, type EndpointSource } from '../core/aws/endpoint';
import type { Connection } from '../core/aws/types';

export interface ConnectionSettings {
  profile?: string;
  endpoint?: string;
  regions?: readonly string[];
}

export interface ResolvedConnection extends Connection {
  /** Where the endpoint came from, for the connection line's tooltip. */
  endpointSource?: 'setting' | Exclude<EndpointSource, 'explicit'>;
}

type Env = Record<string, string | undefined>;

export function resolveConnection(settings: ConnectionSettings, env: Env): ResolvedConnection {
  const profile = settings.profile?.trim() || undefined;
  const found = findEndpoint({ explicit: settings.endpoint, env });
  if (!found) return { profile };
  return { profile, endpoint: found.endpoint, endpointSource: found.source === 'explicit' ? 'setting' : found.source };
}

/** A key that changes whenever the service must be rebuilt. */
export function connectionKey(c: Connection): string {
  return `${c.profile ?? ''}|${c.endpoint ?? ''}`;
}

/** The connection line's label and description. */
export function connectionLabel(c: ResolvedConnection): { label: string; description: string } {
  if (c.endpoint) {
    return { label: isLocalEndpoint(c.endpoint) ? 'Local endpoint' : 'Custom endpoint', description: c.endpoint };
  }
  return { label: `Profile: ${c.profile ?? 'default'}`, description: c.profile ? '' : 'default credential chain' };
}

/**
 * The regions to show: the chosen set, else the profile's region, else us-east-1. Duplicates and
 * blanks are dropped and the user's order is kept.
 */
export function effectiveRegions(chosen: readonly string[] | undefined, profileRegion: string | undefined): string[] {
  const list = (chosen ?? []).map((r) => r.trim()).filter((r) => r.length > 0);
  const unique = [...new Set(list)];
  if (unique.length > 0) return unique;
  return [profileRegion?.trim() || 'us-east-1'];
}

/** Valid region id shape (e.g. us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1); core owns the rule. */
export { isValidRegion as isRegionId } from '../core/aws/regionId';
