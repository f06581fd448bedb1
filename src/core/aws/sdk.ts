/**
 * The only places the AWS SDK is loaded. `require` inside a function keeps the SDK out of the
 * start-up path: esbuild wraps the bundled SDK in a lazy initialiser that runs on this first call.
 */
import type * as LambdaNs from '@aws-sdk/client-lambda';
import type * as CredentialProvidersNs from '@aws-sdk/credential-providers';
import type * as LogsNs from '@aws-sdk/client-cloudwatch-logs';
import type * as IamNs from '@aws-sdk/client-iam';

export type LambdaSdk = typeof LambdaNs;
export type CredentialProvidersSdk = typeof CredentialProvidersNs;
export type LogsSdk = typeof LogsNs;
export type IamSdk = typeof IamNs;

let lambdaSdk: LambdaSdk | undefined;
let credentialSdk: CredentialProvidersSdk | undefined;
let logsSdk: LogsSdk | undefined;
let iamSdk: IamSdk | undefined;

export function lambdaModule(): LambdaSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lambdaSdk ??= require('@aws-sdk/client-lambda') as LambdaSdk;
  return lambdaSdk;
}

export function credentialProvidersModule(): CredentialProvidersSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  credentialSdk ??= require('@aws-sdk/credential-providers') as CredentialProvidersSdk;
  return credentialSdk;
}

/** CloudWatch Logs, for Tail Logs and `lambda-workbench logs`: loaded only when logs are first read. */
export function logsModule(): LogsSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  logsSdk ??= require('@aws-sdk/client-cloudwatch-logs') as LogsSdk;
  return logsSdk;
}

/** IAM is needed only to pick or create an execution role: loaded on that first use. */
export function iamModule(): IamSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  iamSdk ??= require('@aws-sdk/client-iam') as IamSdk;
  return iamSdk;
}
