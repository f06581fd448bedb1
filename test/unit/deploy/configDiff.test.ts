import * as assert from 'node:assert/strict';
import { diffConfiguration } from '../../../src/core/deploy/configDiff';

const deployed = {
  FunctionName: 'f',
  Role: 'arn:aws:iam::123456789012:role/r',
  Handler: 'index.handler',
  Runtime: 'nodejs22.x' as const,
  MemorySize: 128,
  Timeout: 3,
  Description: '',
  Environment: { Variables: { A: '1', B: '2' } },
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:l:1', CodeSize: 10 }],
  VpcConfig: { SubnetIds: ['s-1', 's-2'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' },
  TracingConfig: { Mode: 'PassThrough' as const },
  EphemeralStorage: { Size: 512 },
  LoggingConfig: { LogFormat: 'Text' as const, LogGroup: '/aws/lambda/f' },
};

describe('configuration diff', () => {
  it('manages only the settings the binding names', () => {
    assert.deepEqual(diffConfiguration({}, deployed).changed, []);
    assert.deepEqual(diffConfiguration({ MemorySize: 128, Timeout: 3, Handler: 'index.handler' }, deployed).changed, []);
  });

  it('treats an unset description as empty and compares env vars as a map', () => {
    assert.deepEqual(diffConfiguration({ Description: '' }, { ...deployed, Description: undefined }).changed, []);
    assert.deepEqual(diffConfiguration({ Environment: { Variables: { B: '2', A: '1' } } }, deployed).changed, []);
    const d = diffConfiguration({ Environment: { Variables: { A: '1' } } }, deployed);
    assert.deepEqual(d.changes, { Environment: { Variables: { A: '1' } } });
    assert.deepEqual(diffConfiguration({ Environment: {} }, deployed).changes, { Environment: { Variables: {} } });
  });

  it('compares layers in order, subnets as sets, and defaults for tracing and /tmp', () => {
    assert.deepEqual(diffConfiguration({ VpcConfig: { SubnetIds: ['s-2', 's-1'] } }, deployed).changed, []);
    assert.deepEqual(diffConfiguration({ Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:l:2'] }, deployed).changed, ['Layers']);
    assert.deepEqual(diffConfiguration({ TracingConfig: { Mode: 'PassThrough' }, EphemeralStorage: { Size: 512 } }, { ...deployed, TracingConfig: undefined, EphemeralStorage: undefined }).changed, []);
    assert.deepEqual(diffConfiguration({ LoggingConfig: { LogFormat: 'JSON' } }, deployed).changed, ['LoggingConfig']);
    assert.deepEqual(diffConfiguration({ MemorySize: 256, Timeout: 10, Runtime: 'nodejs20.x' }, deployed).changed, ['Runtime', 'Timeout', 'MemorySize']);
  });

  it('warns about create-only settings it cannot change on an existing function', () => {
    const d = diffConfiguration({ Tags: { team: 'b' } }, deployed, { team: 'a' });
    assert.deepEqual(d.changed, []);
    assert.match(d.warnings[0], /tags are applied only when the function is created/);
    assert.deepEqual(diffConfiguration({ Tags: { team: 'a' } }, deployed, { team: 'a' }).warnings, []);
  });
});
