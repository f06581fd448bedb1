import * as assert from 'node:assert/strict';
import { isLocalEndpoint, normalizeEndpoint, resolveEndpoint } from '../../../src/core/aws/endpoint';

describe('endpoint resolution', () => {
  it('prefers the explicit value, then LAMBDA_WORKBENCH_ENDPOINT, then the SDK variables', () => {
    const env = { LAMBDA_WORKBENCH_ENDPOINT: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' };
    assert.equal(resolveEndpoint({ explicit: 'http://localhost:9/', env }), 'http://localhost:9');
    assert.equal(resolveEndpoint({ env }), 'http://127.0.0.1:1');
    assert.equal(resolveEndpoint({ env: { AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' } }), 'http://127.0.0.1:2');
    assert.equal(resolveEndpoint({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:3' } }), 'http://127.0.0.1:3');
    assert.equal(resolveEndpoint({ env: {} }), undefined);
    assert.equal(resolveEndpoint({ explicit: '  ', env: {} }), undefined);
  });

  it('rejects malformed and non-http endpoints with a message naming the value', () => {
    assert.throws(() => normalizeEndpoint('not a url'), /"not a url" is not a valid endpoint URL/);
    assert.throws(() => normalizeEndpoint('ftp://x'), /must use http or https/);
  });

  it('recognises loopback endpoints only', () => {
    assert.ok(isLocalEndpoint('http://127.0.0.1:4566'));
    assert.ok(isLocalEndpoint('http://localhost:1'));
    assert.ok(isLocalEndpoint('http://[::1]:3000'));
    assert.ok(!isLocalEndpoint('https://lambda.us-east-1.amazonaws.com'));
    assert.ok(!isLocalEndpoint('http://10.0.0.1'));
    assert.ok(!isLocalEndpoint(undefined));
  });
});
