import { WorkbenchError } from '../errors';
import type { ClientFactory } from './clientFactory';
import { toWorkbenchError } from './errorMapping';
import { isLocalEndpoint } from './endpoint';
import { listProfiles, unknownProfileError } from './profiles';
import { lambdaModule } from './sdk';
import type { Connection } from './types';

export type CredentialCheck =
  | { status: 'found'; local: boolean }
  | { status: 'missing' | 'expired' | 'error'; message: string; hint?: string };

/**
 * Resolves the connection's credentials once, without calling AWS, so the UI can show a welcome
 * view instead of a wall of errors. Never returns or logs the credentials themselves.
 */
export async function checkCredentials(connection: Connection, factory: ClientFactory, timeoutMs = 5000): Promise<CredentialCheck> {
  const local = isLocalEndpoint(connection.endpoint);
  // A chosen profile must exist, also for a loopback endpoint (where a typo would otherwise fall
  // back to placeholder credentials without a word).
  if (connection.profile) {
    const known = (await listProfiles()).map((p) => p.name);
    if (!known.includes(connection.profile)) {
      const e = unknownProfileError(connection.profile, known);
      return { status: 'missing', message: e.message, hint: 'Pick an existing profile with "Lambda: Select AWS Profile…" (the lambdaWorkbench.profile setting), or add it with "aws configure --profile NAME".' };
    }
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WorkbenchError('credentials', 'Looking up AWS credentials took too long.')), timeoutMs);
    });
    await Promise.race([factory.credentials(connection)(), timeout]);
    return { status: 'found', local };
  } catch (e) {
    const err = toWorkbenchError(e, { operation: 'Resolving credentials', profile: connection.profile, endpoint: connection.endpoint });
    if (err.code === 'SSOSessionExpired') return { status: 'expired', message: err.message, hint: err.hint };
    if (err.kind === 'credentials') return { status: 'missing', message: err.message, hint: err.hint };
    return { status: 'error', message: err.message, hint: err.hint };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The region a profile would use: AWS_REGION / AWS_DEFAULT_REGION, then the profile's `region` in
 * ~/.aws/config — resolved by the SDK itself so its rules (and future ones) apply.
 */
export async function resolveDefaultRegion(connection: Connection, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const { LambdaClient } = lambdaModule();
  const client = new LambdaClient({ profile: connection.profile });
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
