/**
 * Endpoint override resolution, kept free of the SDK so the UI can show "local endpoint" without
 * loading it.
 */
export interface EndpointSources {
  /** From a flag (`--endpoint`) or the `lambdaWorkbench.endpoint` setting; wins over everything. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
}

export type EndpointSource = 'explicit' | 'LAMBDA_WORKBENCH_ENDPOINT' | 'AWS_ENDPOINT_URL_LAMBDA' | 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS' | 'AWS_ENDPOINT_URL';

/** The AWS services the product calls; each has its own SDK-standard endpoint variable. */
export type EndpointService = 'lambda' | 'logs';

/**
 * Environment variables per service, in precedence order (after the explicit flag or setting).
 * LAMBDA_WORKBENCH_ENDPOINT is the product's own "--endpoint": like the flag it serves Lambda and
 * CloudWatch Logs alike (as LocalStack does on one port). Then the SDK convention: the
 * service-specific AWS_ENDPOINT_URL_<SERVICE>, then the global AWS_ENDPOINT_URL.
 */
const ENV_ENDPOINTS: Record<EndpointService, readonly Exclude<EndpointSource, 'explicit'>[]> = {
  lambda: ['LAMBDA_WORKBENCH_ENDPOINT', 'AWS_ENDPOINT_URL_LAMBDA', 'AWS_ENDPOINT_URL'],
  logs: ['LAMBDA_WORKBENCH_ENDPOINT', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_ENDPOINT_URL'],
};

/**
 * The raw endpoint to use and where it came from, or undefined for the real AWS endpoint. Order
 * for Lambda: explicit, then our own LAMBDA_WORKBENCH_ENDPOINT, then the SDK-standard
 * AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL. For CloudWatch Logs (`service: 'logs'`): explicit,
 * LAMBDA_WORKBENCH_ENDPOINT, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, AWS_ENDPOINT_URL.
 */
export function findEndpoint({ explicit, env = process.env, service = 'lambda' }: EndpointSources & { service?: EndpointService }): { endpoint: string; source: EndpointSource } | undefined {
  const fromExplicit = explicit?.trim();
  if (fromExplicit) return { endpoint: fromExplicit, source: 'explicit' };
  for (const name of ENV_ENDPOINTS[service]) {
    const value = env[name]?.trim();
    if (value) return { endpoint: value, source: name };
  }
  return undefined;
}

/** The normalised endpoint to use (see findEndpoint), or undefined for the real AWS endpoint. */
export function resolveEndpoint(sources: EndpointSources & { service?: EndpointService }): string | undefined {
  const found = findEndpoint(sources);
  return found ? normalizeEndpoint(found.endpoint) : undefined;
}

/** Validates and normalises an endpoint URL; throws a plain Error naming the problem. */
export function normalizeEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${raw}" is not a valid endpoint URL. Use a full URL such as http://127.0.0.1:4566.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Endpoint "${raw}" must use http or https.`);
  }
  return url.href.replace(/\/$/, '');
}

/** Loopback endpoints (the local Lambda API server, LocalStack) accept placeholder credentials. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}
