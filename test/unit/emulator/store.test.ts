import * as assert from 'node:assert/strict';
import type { CreateFunctionRequest } from '@aws-sdk/client-lambda';
import { parseFunctionRef } from '../../../src/core/emulator/names';
import { FunctionStore } from '../../../src/core/emulator/store';
import { lastModified } from '../../../src/core/emulator/configuration';

function store(now: { t: number }) {
  return new FunctionStore({ accountId: '123456789012', stateDelayMs: 100, updateDelayMs: 50, codeStorageLimitBytes: 1e9, now: () => now.t });
}
const input = (name: string): CreateFunctionRequest => ({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: {} });
const zip = Buffer.from('zip-bytes');

describe('emulator store and state machine', () => {
  it('Pending → Active after the state delay; InProgress → Successful after the update delay', () => {
    const now = { t: 1_000 };
    const s = store(now);
    const rec = s.create('us-east-1', input('f'), zip);
    assert.equal(s.view(rec).State, 'Pending');
    assert.equal(s.view(rec).LastUpdateStatus, undefined);
    assert.throws(() => s.updateConfiguration('us-east-1', 'f', { FunctionName: 'f', MemorySize: 256 }), /following state: Pending/);
    now.t += 100;
    assert.equal(s.view(rec).State, 'Active');
    assert.equal(s.view(rec).LastUpdateStatus, 'Successful');
    const rev = rec.latest.config.RevisionId;
    s.updateConfiguration('us-east-1', 'f', { FunctionName: 'f', MemorySize: 256 });
    assert.notEqual(rec.latest.config.RevisionId, rev);
    assert.equal(s.view(rec).LastUpdateStatus, 'InProgress');
    assert.throws(() => s.updateCode('us-east-1', 'f', { zip }), /An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:f/);
    now.t += 50;
    assert.equal(s.view(rec).LastUpdateStatus, 'Successful');
    assert.equal(s.view(rec).MemorySize, 256);
  });

  it('checks RevisionId, publishes versions and deletes a version or the whole function', () => {
    const now = { t: 0 };
    const s = store(now);
    s.create('eu-west-1', input('g'), zip, { active: true });
    assert.throws(() => s.updateCode('eu-west-1', 'g', { zip, revisionId: 'stale' }), /Revision Id provided does not match/);
    s.updateCode('eu-west-1', 'g', { zip: Buffer.from('v2'), publish: true });
    const v1 = s.resolve('eu-west-1', { name: 'g', qualifier: '1' });
    assert.equal(v1.version.config.Version, '1');
    assert.equal(v1.version.config.FunctionArn, 'arn:aws:lambda:eu-west-1:123456789012:function:g:1');
    s.delete('eu-west-1', { name: 'g', qualifier: '1' });
    assert.throws(() => s.resolve('eu-west-1', { name: 'g', qualifier: '1' }), /Function not found/);
    s.delete('eu-west-1', { name: 'g' });
    assert.equal(s.find('eu-west-1', 'g'), undefined);
  });

  it('fail() turns the state Failed once Pending is over; settle() ends waiting at once', () => {
    const now = { t: 0 };
    const s = store(now);
    const rec = s.create('us-east-1', input('h'), zip);
    s.fail('us-east-1', 'h', { StateReason: 'bad', StateReasonCode: 'InvalidConfiguration' });
    assert.equal(s.view(rec).State, 'Pending');
    s.settle('us-east-1', 'h');
    assert.equal(s.view(rec).State, 'Failed');
    assert.equal(s.view(rec).StateReason, 'bad');
  });

  it('parses names, partial ARNs and full ARNs with qualifiers', () => {
    assert.deepEqual(parseFunctionRef('f', 'us-east-1', '123456789012'), { name: 'f' });
    assert.deepEqual(parseFunctionRef('f:3', 'us-east-1', '123456789012'), { name: 'f', qualifier: '3' });
    assert.deepEqual(parseFunctionRef('123456789012:function:f', 'us-east-1', '123456789012', '2'), { name: 'f', qualifier: '2' });
    assert.deepEqual(parseFunctionRef('arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST', 'us-east-1', '123456789012'), { name: 'f', qualifier: '$LATEST' });
    assert.throws(() => parseFunctionRef('f:1', 'us-east-1', '123456789012', '2'), /does not match the specified qualifier/);
    assert.throws(() => parseFunctionRef('arn:aws:lambda:us-east-1:999999999999:function:f', 'us-east-1', '123456789012'), /account 999999999999/);
  });

  it('formats LastModified as the service does', () => {
    assert.equal(lastModified(Date.UTC(2024, 0, 1)), '2024-01-01T00:00:00.000+0000');
  });
});
