/**
 * Which log group to read for a function: asks Lambda for its configuration (a LoggingConfig may
 * name a custom group; the ARN gives the account Live Tail needs). When the function cannot be
 * read but its logs may still be (deleted function, no lambda:GetFunction permission) the default
 * group is used and `note` says why.
 */
import type { LambdaService } from '../aws/types';
import { WorkbenchError } from '../errors';
import { accountFromArn, defaultLogGroup, functionLogGroup, logGroupArn } from './logGroup';

export interface LogTarget {
  region: string;
  functionName: string;
  logGroupName: string;
  /** Set when the account is known: Live Tail addresses groups by ARN. */
  logGroupArn?: string;
  note?: string;
}

/** Accepts a function name or a function ARN (whose region then wins). */
export function parseFunctionId(value: string, region: string | undefined): { functionName: string; region?: string } {
  const arn = /^arn:[^:]+:lambda:([a-z0-9-]+):\d{12}:function:([A-Za-z0-9_-]{1,64})(:[^:]+)?$/.exec(value);
  if (arn) return { functionName: arn[2], region: arn[1] };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new WorkbenchError('usage', `"${value}" is not a function name or ARN.`, { hint: 'Function names have 1-64 letters, digits, hyphens or underscores.' });
  }
  return { functionName: value, region };
}

export async function resolveLogTarget(service: LambdaService, region: string, functionName: string, signal?: AbortSignal): Promise<LogTarget> {
  try {
    const fn = await service.getFunction(region, functionName, { signal });
    const config = fn.Configuration ?? {};
    const logGroupName = functionLogGroup(config, functionName);
    const account = accountFromArn(config.FunctionArn);
    return { region, functionName, logGroupName, logGroupArn: account ? logGroupArn(logGroupName, region, account) : undefined };
  } catch (e) {
    if (e instanceof WorkbenchError && e.kind === 'notFound') {
      return { region, functionName, logGroupName: defaultLogGroup(functionName), note: `Function ${functionName} was not found in ${region}; reading ${defaultLogGroup(functionName)}, which may hold the logs of a deleted function.` };
    }
    if (e instanceof WorkbenchError && e.kind === 'credentials' && /AccessDenied/.test(e.code ?? '')) {
      return { region, functionName, logGroupName: defaultLogGroup(functionName), note: `Cannot read the function's configuration (lambda:GetFunction is denied); assuming its logs are in ${defaultLogGroup(functionName)}.` };
    }
    throw e;
  }
}
