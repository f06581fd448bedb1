import * as assert from 'node:assert/strict';
import { findEndpoint, resolveEndpoint } from '../../../src/core/aws/endpoint';

describe('CloudWatch Logs endpoint precedence', () => {
  const all = {
    LAMBDA_WORKBENCH_ENDPOINT: 'http://127.0.0.1:1',
    AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:2',
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:3',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:4',
  };
  it('flag, then LAMBDA_WORKBENCH_ENDPOINT, then AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, then AWS_ENDPOINT_URL', () => {
    assert.equal(resolveEndpoint({ explicit: 'http://localhost:9', env: all, service: 'logs' }), 'http://localhost:9');
    assert.deepEqual(findEndpoint({ env: all, service: 'logs' }), { endpoint: 'http://127.0.0.1:1', source: 'LAMBDA_WORKBENCH_ENDPOINT' });
    const { LAMBDA_WORKBENCH_ENDPOINT: _a, ...noOwn } = all;
    assert.deepEqual(findEndpoint({ env: noOwn, service: 'logs' }), { endpoint: 'http://127.0.0.1:3', source: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS' });
    assert.equal(resolveEndpoint({ env: { AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:4' }, service: 'logs' }), 'http://127.0.0.1:4');
    assert.equal(resolveEndpoint({ env: {}, service: 'logs' }), undefined);
  });
  it('leaves Lambda on its own variables', () => {
    const { LAMBDA_WORKBENCH_ENDPOINT: _a, ...noOwn } = all;
    assert.equal(resolveEndpoint({ env: noOwn }), 'http://127.0.0.1:2');
    assert.equal(resolveEndpoint({ env: { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:3' } }), undefined);
  });
});
