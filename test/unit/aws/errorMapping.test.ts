import * as assert from 'node:assert/strict';
import { toWorkbenchError } from '../../../src/core/aws/errorMapping';

const ctx = { operation: 'GetFunction', region: 'us-east-1', functionName: 'orders' };

function sdkError(name: string, message: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('SDK error mapping', () => {
  it('maps service exceptions to kinds with a next step', () => {
    const nf = toWorkbenchError(sdkError('ResourceNotFoundException', 'Function not found: arn'), ctx);
    assert.equal(nf.kind, 'notFound');
    assert.match(nf.message, /"orders" was not found in us-east-1/);
    assert.ok(nf.hint);
    assert.equal(toWorkbenchError(sdkError('PreconditionFailedException', 'x'), ctx).kind, 'conflict');
    assert.equal(toWorkbenchError(sdkError('TooManyRequestsException', 'Rate exceeded'), ctx).kind, 'throttled');
    assert.equal(toWorkbenchError(sdkError('RequestTooLargeException', 'too big'), ctx).kind, 'limits');
    const inv = toWorkbenchError(sdkError('InvalidParameterValueException', 'MemorySize must be at least 128'), ctx);
    assert.equal(inv.kind, 'validation');
    assert.equal(inv.message, 'MemorySize must be at least 128');
  });

  it('explains missing credentials, unknown profiles and expired SSO sessions', () => {
    const missing = toWorkbenchError(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), { ...ctx, profile: 'dev' });
    assert.equal(missing.kind, 'credentials');
    assert.match(missing.describe(), /aws sso login/);
    const unknown = toWorkbenchError(sdkError('CredentialsProviderError', 'Profile nope could not be found in shared credentials file.'), { ...ctx, profile: 'nope' });
    assert.match(unknown.message, /profile "nope" was not found/);
    const sso = toWorkbenchError(sdkError('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid.'), { ...ctx, profile: 'dev' });
    assert.equal(sso.code, 'SSOSessionExpired');
    assert.match(sso.hint ?? '', /aws sso login --profile dev/);
  });

  it('names an unreachable endpoint', () => {
    const e = toWorkbenchError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { ...ctx, endpoint: 'http://127.0.0.1:9' });
    assert.equal(e.kind, 'network');
    assert.match(e.message, /Could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it('treats aborts as cancellations and passes WorkbenchErrors through', () => {
    const aborted = toWorkbenchError(sdkError('AbortError', 'Request aborted'), ctx);
    assert.equal(aborted.kind, 'aborted');
    assert.equal(toWorkbenchError(aborted, ctx), aborted);
  });

  it('falls back to a service error that names the operation', () => {
    const e = toWorkbenchError(sdkError('ServiceException', 'boom', { $fault: 'server', $metadata: { httpStatusCode: 500 } }), ctx);
    assert.equal(e.kind, 'service');
    assert.match(e.message, /GetFunction failed in us-east-1: boom/);
    assert.ok(e.hint);
  });
});
