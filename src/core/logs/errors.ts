/**
 * CloudWatch Logs failures as WorkbenchErrors: a missing log group is its own kind of answer (the
 * function never ran yet), access denied names the IAM action that is missing.
 */
import { toWorkbenchError } from '../aws/errorMapping';
import { WorkbenchError } from '../errors';

export interface LogsCallContext {
  /** The Logs API action, e.g. FilterLogEvents (the IAM action is logs:<operation>). */
  operation: string;
  region: string;
  logGroupName: string;
  endpoint?: string;
  profile?: string;
}

export function toLogsError(e: unknown, ctx: LogsCallContext): WorkbenchError {
  if (e instanceof WorkbenchError) return e;
  const name = (e as { name?: string } | null)?.name ?? '';
  const message = (e as { message?: string } | null)?.message ?? String(e);
  if (name === 'ResourceNotFoundException') {
    return new WorkbenchError('notFound', `The log group ${ctx.logGroupName} does not exist yet${ctx.endpoint ? ` at ${ctx.endpoint}` : ` in ${ctx.region}`}.`, {
      hint: 'Lambda creates it the first time the function runs: invoke the function and its logs appear.',
      code: name,
      cause: e,
      details: { logGroupName: ctx.logGroupName },
    });
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized to perform/i.test(message)) {
    const who = ctx.profile ? `profile "${ctx.profile}"` : 'the current credentials';
    return new WorkbenchError('credentials', `Access denied: ${who} may not call logs:${ctx.operation} on ${ctx.logGroupName}.`, {
      hint: `Grant the IAM permission logs:${ctx.operation} on arn:aws:logs:${ctx.region}:*:log-group:${ctx.logGroupName}:* (the AWS managed policy CloudWatchLogsReadOnlyAccess includes it).`,
      code: name || 'AccessDeniedException',
      cause: e,
      details: { missingPermission: `logs:${ctx.operation}` },
    });
  }
  if (name === 'InvalidParameterException') {
    return new WorkbenchError('validation', message, { code: name, cause: e });
  }
  const mapped = toWorkbenchError(e, { operation: ctx.operation, region: ctx.region, endpoint: ctx.endpoint, profile: ctx.profile });
  if (mapped.kind === 'network' && !ctx.endpoint) {
    return new WorkbenchError('network', `Could not reach the CloudWatch Logs endpoint for ${ctx.region} (${mapped.code ?? 'network error'}).`, {
      hint: 'Check your network connection and proxy settings.',
      code: mapped.code,
      cause: e,
    });
  }
  return mapped;
}
