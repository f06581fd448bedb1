import * as assert from 'node:assert/strict';
import { isAbort, isWorkbenchError, throwIfAborted, WorkbenchError } from '../../../src/core/errors';

describe('WorkbenchError', () => {
  it('is recognised across bundles, which each carry their own copy of the class', () => {
    // Simulate the engine bundle's copy: a different class whose instances carry the same brand.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('lambdaWorkbench.WorkbenchError')]: true, kind: 'notFound' });
    assert.ok(foreign instanceof WorkbenchError);
    assert.ok(isWorkbenchError(foreign));
    assert.ok(!(new Error('plain') instanceof WorkbenchError));
    assert.ok(!isWorkbenchError({ kind: 'notFound' }));
  });

  it('describes itself as message plus hint and serialises without the cause', () => {
    const e = new WorkbenchError('validation', 'MemorySize must be between 128 and 10240 MB.', { hint: 'Pick 128 or more.', path: '$.MemorySize', cause: new Error('inner') });
    assert.equal(e.describe(), 'MemorySize must be between 128 and 10240 MB. Pick 128 or more.');
    assert.deepEqual(JSON.parse(JSON.stringify(e)), { error: 'validation', message: 'MemorySize must be between 128 and 10240 MB.', hint: 'Pick 128 or more.', path: '$.MemorySize' });
  });

  it('recognises cancellations from every layer', () => {
    assert.ok(isAbort(new WorkbenchError('aborted', 'x')));
    assert.ok(isAbort(Object.assign(new Error('x'), { name: 'AbortError' })));
    assert.ok(!isAbort(new WorkbenchError('service', 'x')));
    const c = new AbortController();
    throwIfAborted(c.signal);
    c.abort();
    assert.throws(() => throwIfAborted(c.signal, 'Deploy'), /Deploy was cancelled/);
  });
});
