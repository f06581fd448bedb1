/**
 * The context object, built as each profile's runtime builds it (same fields, same order): 3.x
 * starts from the callback context (callbackWaitsForEmptyEventLoop, succeed, fail, done), 4.x has
 * none of those and adds xRayTraceId.
 */
import type { InvokeMessage, RuntimeProfile } from '../protocol';
import { pausedMs } from './debugClock';

function parseJson(text: string | undefined, name: string, profile: RuntimeProfile): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(profile === 'ric3' ? `Cannot parse ${name} as json: ${String(err)}` : `Failed to parse ${name} as JSON: ${(err as Error).message}`);
  }
}

function environmentalData(profile: RuntimeProfile): Record<string, string | undefined> {
  const env = process.env;
  return profile === 'ric3'
    ? {
        functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'],
        functionName: env['AWS_LAMBDA_FUNCTION_NAME'],
        memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'],
        logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'],
        logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'],
      }
    : {
        functionName: env['AWS_LAMBDA_FUNCTION_NAME'],
        functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'],
        memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'],
        logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'],
        logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'],
      };
}

/** The runtime copies the trace header into _X_AMZN_TRACE_ID for each invocation. */
function forwardXRay(traceId: string | undefined): void {
  if (traceId) process.env['_X_AMZN_TRACE_ID'] = traceId;
  else delete process.env['_X_AMZN_TRACE_ID'];
}

export function buildContext(inv: InvokeMessage, profile: RuntimeProfile, callbackContext?: object): Record<string, unknown> {
  const deadline = inv.deadlineMs;
  // With a debugger attached the deadline moves on by the time it held this thread paused.
  const pausedAtStart = pausedMs(Date.now());
  const getRemainingTimeInMillis =
    pausedAtStart === undefined
      ? function getRemainingTimeInMillis(): number {
          return deadline - Date.now();
        }
      : function getRemainingTimeInMillis(): number {
          const now = Date.now();
          return deadline + ((pausedMs(now) ?? 0) - pausedAtStart) - now;
        };
  if (profile === 'ric3') {
    forwardXRay(inv.traceId);
    return Object.assign(callbackContext ?? {}, environmentalData(profile), {
      clientContext: parseJson(inv.clientContext, 'ClientContext', profile),
      identity: parseJson(inv.identity, 'CognitoIdentity', profile),
      invokedFunctionArn: inv.invokedFunctionArn,
      awsRequestId: inv.requestId,
      tenantId: inv.tenantId,
      getRemainingTimeInMillis,
    });
  }
  const headerData = {
    clientContext: parseJson(inv.clientContext, 'lambda-runtime-client-context', profile),
    identity: parseJson(inv.identity, 'lambda-runtime-cognito-identity', profile),
    invokedFunctionArn: inv.invokedFunctionArn,
    awsRequestId: inv.requestId,
    tenantId: inv.tenantId,
    xRayTraceId: inv.traceId,
    getRemainingTimeInMillis,
  };
  forwardXRay(inv.traceId);
  return Object.assign(headerData, environmentalData(profile));
}
