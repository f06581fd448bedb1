/** The FunctionInvoker the local Lambda API server calls. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { createLocalInvoker } from '../../../src/core/invoke';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/invoke');

function configuration(over: Partial<FunctionConfiguration> = {}): FunctionConfiguration {
  return {
    FunctionName: 'orders',
    FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    MemorySize: 256,
    Timeout: 5,
    CodeSha256: 'sha-1',
    Environment: { Variables: { STAGE: 'test' } },
    ...over,
  };
}

describe('createLocalInvoker', () => {
  it('keeps a warm environment per function and code, and starts over when the code changes', async () => {
    const invoker = createLocalInvoker();
    try {
      const req = { region: 'eu-west-1', configuration: configuration(), codeDir: path.join(fixtures, 'cjs'), payload: '{"n":1}', logType: 'Tail' as const };
      const a = await invoker.invoke(req);
      const b = await invoker.invoke({ ...req, payload: '' });
      assert.equal(JSON.parse(a.payload).count, 1);
      assert.equal(JSON.parse(b.payload).count, 2, 'warm: module state kept');
      assert.deepEqual(JSON.parse(b.payload).got, {}, 'an empty payload is {}');
      assert.match(a.logs, /^.*\tundefined\tINFO\tloading cjs\nSTART RequestId: \S+ Version: \$LATEST\n/);
      assert.match(a.logs, /REPORT RequestId: \S+\tDuration: .*\tMemory Size: 256 MB\t.*Init Duration: [\d.]+ ms\t\n$/);
      assert.doesNotMatch(b.logs, /Init Duration/);
      const c = await invoker.invoke({ ...req, configuration: configuration({ CodeSha256: 'sha-2' }) });
      assert.equal(JSON.parse(c.payload).count, 1, 'new code, new environment');
      assert.equal(invoker.environmentCount(), 1, 'the old environment was retired');
    } finally {
      await invoker.dispose?.();
    }
  });

  it('reports function errors as Unhandled with the runtime error body', async () => {
    const invoker = createLocalInvoker();
    try {
      const r = await invoker.invoke({ region: 'us-east-1', configuration: configuration({ Handler: 'errors.typeError' }), codeDir: path.join(fixtures, 'cjs'), payload: '{}', logType: 'None' });
      assert.equal(r.functionError, 'Unhandled');
      assert.deepEqual(Object.keys(JSON.parse(r.payload)), ['errorType', 'errorMessage', 'trace']);
      assert.match(r.logs, /\tERROR\tInvoke Error \t\{"errorType":"TypeError"/);
    } finally {
      await invoker.dispose?.();
    }
  });

  it('runs concurrent invokes in separate environments', async () => {
    const invoker = createLocalInvoker();
    try {
      const req = { region: 'us-east-1', configuration: configuration({ Handler: 'index.sleep' }), codeDir: path.join(fixtures, 'hostile'), payload: '{"ms":200}', logType: 'None' as const };
      const rs = await Promise.all([invoker.invoke(req), invoker.invoke(req)]);
      assert.deepEqual(rs.map((r) => r.payload), ['"slept"', '"slept"']);
      assert.equal(invoker.environmentCount(), 2);
    } finally {
      await invoker.dispose?.();
    }
  });
});
