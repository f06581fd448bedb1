/**
 * Opt-in credential forwarding: resolves the selected profile's credentials (or the default chain)
 * so they can be passed to the environment as AWS_ACCESS_KEY_ID etc. Only called when the user asks
 * for it; the values are never logged or put in messages.
 */
import { credentialProvidersModule } from '../aws/sdk';
import { WorkbenchError } from '../errors';
import type { AwsCredentials } from './config';

export async function resolveInvokeCredentials(profile?: string): Promise<AwsCredentials> {
  const { fromNodeProviderChain } = credentialProvidersModule();
  try {
    const c = await fromNodeProviderChain(profile ? { profile } : {})();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  } catch (e) {
    throw new WorkbenchError('credentials', `No AWS credentials could be loaded${profile ? ` for profile "${profile}"` : ''}.`, {
      hint: 'Check the profile name, or sign in again (aws sso login) and retry.',
      cause: e,
    });
  }
}
