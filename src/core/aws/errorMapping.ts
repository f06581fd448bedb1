import { WorkbenchError } from '../errors';

export interface CallContext {
  operation: string;
  region?: string;
  functionName?: string;
  endpoint?: string;
  profile?: string;
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function target(ctx: CallContext): string {
  return ctx.endpoint ? ` at ${ctx.endpoint}` : ctx.region ? ` in ${ctx.region}` : '';
}

function fn(ctx: CallContext): string {
  return ctx.functionName ? `"${ctx.functionName}"` : 'the function';
}

/**
 * Turns whatever the SDK threw into a WorkbenchError that says what was wrong and what to do.
 * SDK messages never contain secrets, but we still never pass request parameters through.
 */
export function toWorkbenchError(e: unknown, ctx: CallContext): WorkbenchError {
  if (e instanceof WorkbenchError) return e;
  const err = (e ?? {}) as SdkErrorLike;
  const name = err.name ?? '';
  const message = err.message ?? String(e);
  const code = err.code ?? name;
  const profile = ctx.profile ? `profile "${ctx.profile}"` : 'the default credential chain';

  if (name === 'AbortError' || name === 'AbortedError') {
    return new WorkbenchError('aborted', `${ctx.operation} was cancelled.`, { code: name, cause: e });
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(name)) {
    if (/profile .* could not be found|Profile .* not found/i.test(message)) {
      return new WorkbenchError('credentials', `The AWS profile "${ctx.profile ?? ''}" was not found in ~/.aws/config or ~/.aws/credentials.`, {
        hint: 'Pick an existing profile in the lambdaWorkbench.profile setting, or add it with "aws configure --profile NAME".',
        code: name,
        cause: e,
      });
    }
    if (/sso/i.test(message) && /expired|refresh|token/i.test(message)) {
      return ssoExpired(ctx, e);
    }
    return new WorkbenchError('credentials', `No AWS credentials were found for ${profile}.`, {
      hint: (ctx.profile ? 'Check that the profile exists in ~/.aws/config. ' : '') + 'Sign in with "aws sso login", set AWS_PROFILE or the lambdaWorkbench.profile setting, or use a local endpoint.',
      code: name,
      cause: e,
    });
  }
  if (/SSOTokenProviderFailure|TokenProviderError/.test(name) || (/sso/i.test(message) && /expired/i.test(message))) {
    return ssoExpired(ctx, e);
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || name === 'TimeoutError' || name === 'RequestTimeout') {
    const where = ctx.endpoint ?? (ctx.region ? `the Lambda endpoint for ${ctx.region}` : 'the Lambda endpoint');
    const attempts = err.$metadata?.attempts;
    const tries = attempts && attempts > 1 ? `, ${attempts} attempts` : '';
    const what = name === 'TimeoutError' ? `${where} did not answer ${ctx.operation} in time (${name}${tries})` : `Could not reach ${where} (${code || name}${tries})`;
    return new WorkbenchError('network', `${what}.`, {
      hint: ctx.endpoint ? 'Check that the endpoint is running and the lambdaWorkbench.endpoint setting is right.' : 'Check your network connection and proxy settings.',
      code: code || name,
      cause: e,
    });
  }
  switch (name) {
    case 'ResourceNotFoundException':
      return new WorkbenchError('notFound', `Function ${fn(ctx)} was not found${target(ctx)}.`, {
        hint: 'It may have been deleted or live in another region or account; refresh the list.',
        code: name,
        cause: e,
      });
    case 'ResourceConflictException':
      return new WorkbenchError('conflict', `${fn(ctx)} is busy: ${message}`, { hint: 'Wait for the current update to finish and try again.', code: name, cause: e });
    case 'PreconditionFailedException':
      return new WorkbenchError('conflict', `${fn(ctx)} was changed by someone else since it was loaded.`, {
        hint: 'Reload the function to see the latest values, then apply your change again.',
        code: name,
        cause: e,
      });
    case 'InvalidParameterValueException':
    case 'ValidationException':
    case 'InvalidRequestContentException':
      return new WorkbenchError('validation', message, { code: name, cause: e });
    case 'RequestTooLargeException':
    case 'RequestEntityTooLargeException':
    case 'CodeStorageExceededException':
      return new WorkbenchError('limits', message, {
        hint: name === 'CodeStorageExceededException' ? 'Delete old versions or layers to free code storage.' : 'Make the package smaller: exclude files with .lambdaignore.',
        code: name,
        cause: e,
      });
    case 'TooManyRequestsException':
    case 'ThrottlingException':
      return new WorkbenchError('throttled', `Lambda is throttling requests${target(ctx)}.`, { hint: 'Wait a moment and retry.', code: name, cause: e });
    // IAM (AWS Query protocol) names its errors without the "Exception" suffix on the wire.
    case 'NoSuchEntityException':
      return new WorkbenchError('notFound', message, { code: name, cause: e });
    case 'EntityAlreadyExistsException':
      return new WorkbenchError('conflict', message, { hint: 'Choose another role name, or pick the existing role.', code: name, cause: e });
    case 'MalformedPolicyDocumentException':
    case 'InvalidInputException':
    case 'ValidationError':
      return new WorkbenchError('validation', message, { code: name, cause: e });
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return new WorkbenchError('credentials', `AWS rejected the credentials of ${profile}: ${message}`, {
        hint: name === 'ExpiredTokenException' ? 'Refresh your session (for SSO: "aws sso login").' : 'Check the profile\'s permissions and that its keys are current.',
        code: name,
        cause: e,
      });
  }
  const status = err.$metadata?.httpStatusCode;
  return new WorkbenchError('service', `${ctx.operation} failed${target(ctx)}: ${message}`, {
    hint: err.$fault === 'server' || (status !== undefined && status >= 500) ? 'The service had a problem; try again shortly.' : undefined,
    code: name || undefined,
    cause: e,
  });
}

function ssoExpired(ctx: CallContext, e: unknown): WorkbenchError {
  const login = ctx.profile ? `aws sso login --profile ${ctx.profile}` : 'aws sso login';
  return new WorkbenchError('credentials', 'Your AWS SSO session has expired.', { hint: `Run "${login}" and try again.`, code: 'SSOSessionExpired', cause: e });
}
