/**
 * The only places the AWS SDK is loaded. `require` inside a function keeps the SDK out of the
 * start-up path. In the bundles (LW_BUNDLED) the SDK is not even in dist/engine.js or dist/cli.js:
 * it is dist/awsSdk.js (src/core/aws/sdkBundle.ts), required from beside this bundle on first use,
 * so a process that never calls AWS (e.g. `lambda-workbench package`) never parses it.
 */
import { join } from 'node:path';
import type * as SdkBundle from './sdkBundle';
import type * as LambdaNs from '@aws-sdk/client-lambda';
import type * as CredentialProvidersNs from '@aws-sdk/credential-providers';
import type * as LogsNs from '@aws-sdk/client-cloudwatch-logs';
import type * as IamNs from '@aws-sdk/client-iam';

export type LambdaSdk = typeof LambdaNs;
export type CredentialProvidersSdk = typeof CredentialProvidersNs;
export type LogsSdk = typeof LogsNs;
export type IamSdk = typeof IamNs;

let bundle: typeof SdkBundle | undefined;

/**
 * `process.env.LW_BUNDLED` is replaced by the bundler with "1", so esbuild drops the direct
 * `require('@aws-sdk/...')` branches below from the bundles; compiled tests keep using them.
 */
function sdkBundle(): typeof SdkBundle {
  // A path computed at run time, so esbuild leaves this require alone (as src/vscode/engine.ts does).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bundle ??= require(join(__dirname, 'awsSdk.js')) as typeof SdkBundle;
  return bundle;
}

let lambdaSdk: LambdaSdk | undefined;
let credentialSdk: CredentialProvidersSdk | undefined;
let logsSdk: LogsSdk | undefined;
let iamSdk: IamSdk | undefined;

export function lambdaModule(): LambdaSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lambdaSdk ??= process.env.LW_BUNDLED === '1' ? sdkBundle().lambda() : require('@aws-sdk/client-lambda') as LambdaSdk;
  return lambdaSdk;
}

export function credentialProvidersModule(): CredentialProvidersSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  credentialSdk ??= process.env.LW_BUNDLED === '1' ? sdkBundle().credentialProviders() : require('@aws-sdk/credential-providers') as CredentialProvidersSdk;
  return credentialSdk;
}

/** CloudWatch Logs, for Tail Logs and `lambda-workbench logs`: loaded only when logs are first read. */
export function logsModule(): LogsSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  logsSdk ??= process.env.LW_BUNDLED === '1' ? sdkBundle().logs() : require('@aws-sdk/client-cloudwatch-logs') as LogsSdk;
  return logsSdk;
}

/** IAM is needed only to pick or create an execution role: loaded on that first use. */
export function iamModule(): IamSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  iamSdk ??= process.env.LW_BUNDLED === '1' ? sdkBundle().iam() : require('@aws-sdk/client-iam') as IamSdk;
  return iamSdk;
}
