import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { isLocalEndpoint } from './endpoint';
import { requireKnownProfile } from './profiles';
import { credentialProvidersModule, iamModule, lambdaModule, logsModule } from './sdk';
import type { Connection } from './types';

/**
 * Every SDK call has an end (an endpoint that accepts and never answers once hung a deploy for
 * more than 400 s): the TCP connection must be up within CONNECTION_TIMEOUT_MS, and a socket on
 * which nothing moves for SOCKET_IDLE_TIMEOUT_MS is given up (the NodeHttpHandler's
 * `socketTimeout`; its `requestTimeout` is a whole-request timer that only warns unless told to
 * throw, and would also cut off a long upload whose bytes are still flowing). A timed-out attempt
 * is retried with backoff, MAX_ATTEMPTS in all, so a dead endpoint is reported, by name, after at
 * most about 3 x 15 s plus backoff.
 */
export const CLIENT_TIMEOUTS = { connectionTimeoutMs: 5_000, socketIdleTimeoutMs: 15_000, maxAttempts: 3 } as const;

export interface ClientFactoryOptions {
  /** Attempts per call, including the first (standard retry mode with backoff). */
  maxAttempts?: number;
  /** A socket with no bytes moving either way for this long fails the attempt (uploads may take longer while bytes flow). */
  socketIdleTimeoutMs?: number;
  /** The TCP connection must be established within this. */
  connectionTimeoutMs?: number;
  /** Replaces the credential chain (tests). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** Placeholder keys for loopback endpoints when no real credentials exist: requests still need a SigV4 scope. */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * One client per (service, profile, region, endpoint), and one credential provider per (profile,
 * endpoint) shared by all regions so a profile's credentials (SSO, credential_process) resolve once.
 */
export class ClientFactory {
  /** One client per (service, profile, region, endpoint); destroyed together by dispose(). */
  private readonly clients = new Map<string, { destroy(): void }>();
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();

  constructor(private readonly options: ClientFactoryOptions = {}) {}

  /** What every client shares: region, endpoint, credentials, bounded retries and socket timeouts. */
  private config(connection: Connection, region: string) {
    return {
      region,
      endpoint: connection.endpoint,
      credentials: this.credentials(connection),
      maxAttempts: this.options.maxAttempts ?? CLIENT_TIMEOUTS.maxAttempts,
      retryMode: 'standard',
      requestHandler: {
        connectionTimeout: this.options.connectionTimeoutMs ?? CLIENT_TIMEOUTS.connectionTimeoutMs,
        socketTimeout: this.options.socketIdleTimeoutMs ?? CLIENT_TIMEOUTS.socketIdleTimeoutMs,
      },
    };
  }

  private cached<T extends { destroy(): void }>(service: string, connection: Connection, region: string, make: () => T): T {
    const key = `${service}\u0000${connection.profile ?? ''}\u0000${region}\u0000${connection.endpoint ?? ''}`;
    let client = this.clients.get(key) as T | undefined;
    if (!client) {
      client = make();
      this.clients.set(key, client);
    }
    return client;
  }

  lambda(connection: Connection, region: string): LambdaClient {
    return this.cached('lambda', connection, region, () => new (lambdaModule().LambdaClient)(this.config(connection, region)));
  }

  /**
   * `connection.endpoint` is the Logs endpoint (see findEndpoint with service 'logs'). A custom
   * endpoint gets no host prefix: StartLiveTail would otherwise go to "streaming-<host>", which a
   * local endpoint is not. A Live Tail session is never idle long: the service sends an update every second.
   */
  logs(connection: Connection, region: string): CloudWatchLogsClient {
    return this.cached('logs', connection, region, () => new (logsModule().CloudWatchLogsClient)({ ...this.config(connection, region), disableHostPrefix: connection.endpoint !== undefined }));
  }

  /**
   * IAM is a global service signed in `region` (us-east-1 for the aws partition); a local endpoint
   * answers IAM at the same URL as Lambda.
   */
  iam(connection: Connection, region = 'us-east-1'): IAMClient {
    return this.cached('iam', connection, region, () => new (iamModule().IAMClient)(this.config(connection, region)));
  }

  /** The credential provider for a connection (also used to check for credentials up front). */
  credentials(connection: Connection): AwsCredentialIdentityProvider {
    if (this.options.credentials) {
      const c = this.options.credentials;
      return typeof c === 'function' ? c : () => Promise.resolve(c);
    }
    const key = `${connection.profile ?? ''}\u0000${connection.endpoint ?? ''}`;
    let provider = this.providers.get(key);
    if (!provider) {
      const { fromNodeProviderChain } = credentialProvidersModule();
      // IMDS is the chain's last resort; off EC2 it would stall each lookup, so keep it short.
      const chain = fromNodeProviderChain({ profile: connection.profile, timeout: 1000, maxRetries: 0 });
      const profile = connection.profile;
      provider = isLocalEndpoint(connection.endpoint)
        ? // A named profile must exist even here: a typo must not fall back to the placeholder keys.
          async () => {
            await requireKnownProfile(profile);
            return chain().catch(() => LOCAL_CREDENTIALS);
          }
        : chain;
      this.providers.set(key, provider);
    }
    return provider;
  }

  dispose(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.providers.clear();
  }
}
