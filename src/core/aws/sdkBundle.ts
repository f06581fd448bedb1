/**
 * The entry of dist/awsSdk.js: the AWS SDK in a bundle of its own. Kept out of dist/engine.js and
 * dist/cli.js so that work which never talks to AWS (packaging, local invoke) does not pay to parse
 * ~2.5 MB of SDK code at start-up; src/core/aws/sdk.ts requires this file on the SDK's first use.
 * Each client is still a separate lazy `require` inside this bundle, so loading one loads only it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { CredentialProvidersSdk, IamSdk, LambdaSdk, LogsSdk } from './sdk';

export const lambda = (): LambdaSdk => require('@aws-sdk/client-lambda') as LambdaSdk;
export const credentialProviders = (): CredentialProvidersSdk => require('@aws-sdk/credential-providers') as CredentialProvidersSdk;
export const logs = (): LogsSdk => require('@aws-sdk/client-cloudwatch-logs') as LogsSdk;
export const iam = (): IamSdk => require('@aws-sdk/client-iam') as IamSdk;
