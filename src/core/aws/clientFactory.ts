import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { isLocalEndpoint } from './endpoint';
import { credentialProvidersModule, lambdaModule } from './sdk';
import type { Connection } from './types';

export interface ClientFactoryOptions {
  /** Attempts per call, including the first (standard retry mode with backoff). */
  maxAttempts?: number;
  /** Socket inactivity limit for one request. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Replaces the credential chain (tests). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** Placeholder keys for loopback endpoints when no real credentials exist: requests still need a SigV4 scope. */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * One LambdaClient per (profile, region, endpoint), and one credential provider per (profile,
 * endpoint) shared by all regions so a profile's credentials (SSO, credential_process) resolve once.
 */
export class ClientFactory {
  private readonly clients = new Map<string, LambdaClient>();
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();

  constructor(private readonly options: ClientFactoryOptions = {}) {}

  lambda(connection: Connection, region: string): LambdaClient {
    const key = `${connection.profile ?? ''}\u0000${region}\u0000${connection.endpoint ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      const { LambdaClient } = lambdaModule();
      client = new LambdaClient({
        region,
        endpoint: connection.endpoint,
        credentials: this.credentials(connection),
        maxAttempts: this.options.maxAttempts ?? 3,
        retryMode: 'standard',
        requestHandler: {
          requestTimeout: this.options.requestTimeoutMs ?? 60_000,
          connectionTimeout: this.options.connectionTimeoutMs ?? 5_000,
        },
      });
      this.clients.set(key, client);
    }
    return client;
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
      provider = isLocalEndpoint(connection.endpoint) ? () => chain().catch(() => LOCAL_CREDENTIALS) : chain;
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
