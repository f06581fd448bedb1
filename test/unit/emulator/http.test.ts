import * as assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { readBody, signingRegion } from '../../../src/core/emulator/http';

function fakeRequest(headers: Record<string, string>, url = '/'): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers, url }) as unknown as PassThrough & IncomingMessage;
}

describe('emulator HTTP plumbing', () => {
  it('reads the region from the SigV4 credential scope, else the fallback', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/ap-southeast-2/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    assert.equal(signingRegion(fakeRequest({ authorization: auth }), 'us-east-1'), 'ap-southeast-2');
    assert.equal(signingRegion(fakeRequest({}), 'us-east-1'), 'us-east-1');
    assert.equal(signingRegion(fakeRequest({}, '/x?X-Amz-Credential=AKID%2F20240101%2Feu-central-1%2Flambda%2Faws4_request'), 'us-east-1'), 'eu-central-1');
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const req = fakeRequest({ 'content-length': '1001' });
    await assert.rejects(readBody(req, 1000, 'CreateFunction'), { errorType: 'RequestTooLargeException', message: 'Request must be smaller than 1000 bytes for the CreateFunction operation' });
  });

  it('refuses a streamed body as soon as it passes the limit, while the sender is still sending', async () => {
    const req = fakeRequest({});
    const body = readBody(req, 1000, 'UpdateFunctionCode');
    req.write(Buffer.alloc(600));
    req.write(Buffer.alloc(600));
    // Not ended: the rejection must not wait for the rest of the upload.
    await assert.rejects(body, { errorType: 'RequestTooLargeException' });
    req.end(Buffer.alloc(10));
  });

  it('returns a body within the limit', async () => {
    const req = fakeRequest({ 'content-length': '5' });
    const body = readBody(req, 5, 'X');
    req.end('hello');
    assert.equal((await body).toString(), 'hello');
  });
});
