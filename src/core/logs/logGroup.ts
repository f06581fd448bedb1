/**
 * How Lambda names where a function's logs go: the log group (`/aws/lambda/<name>` unless the
 * function's LoggingConfig names another), its ARN, and the per-environment log stream
 * (`YYYY/MM/DD/[<version>]<32 hex>`). One owner: the tail, the CLI and the local server use these.
 */
export const LOG_GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** Stream names: 1-512 characters, no ':' or '*'. */
export const LOG_STREAM_NAME_PATTERN = /^[^:*]{1,512}$/;

export function defaultLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** The log group a function writes to, from its configuration (LoggingConfig.LogGroup wins). */
export function functionLogGroup(config: { FunctionName?: string; LoggingConfig?: { LogGroup?: string } }, fallbackName = ''): string {
  return config.LoggingConfig?.LogGroup || defaultLogGroup(config.FunctionName ?? fallbackName);
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The log group's ARN (StartLiveTail takes ARNs), without the trailing ":*". */
export function logGroupArn(logGroupName: string, region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** The account id in a Lambda or Logs ARN, if there is one. */
export function accountFromArn(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

/** `2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef`: the stream of one execution environment. */
export function lambdaLogStreamName(created: Date, version: string, instanceId: string): string {
  const y = created.getUTCFullYear();
  const m = String(created.getUTCMonth() + 1).padStart(2, '0');
  const d = String(created.getUTCDate()).padStart(2, '0');
  return `${y}/${m}/${d}/[${version}]${instanceId}`;
}
