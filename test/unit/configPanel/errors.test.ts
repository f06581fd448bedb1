import * as assert from 'node:assert/strict';
import { classifyError, redact, stackFrames } from '../../../src/vscode/configPanel/errors';

describe('config panel error classification', () => {
  it('recognises engine errors by shape (the engine is a separate bundle)', () => {
    const e = Object.assign(new Error('Revision mismatch'), { name: 'WorkbenchError', kind: 'conflict', options: { hint: 'Reload.', code: 'PreconditionFailedException' } });
    assert.deepEqual(classifyError(e), { cls: 'conflict', message: 'Revision mismatch', hint: 'Reload.', code: 'PreconditionFailedException' });
    const byCode = Object.assign(new Error('x'), { name: 'WorkbenchError', kind: 'service', options: { code: 'ResourceConflictException' } });
    assert.equal(classifyError(byCode).cls, 'conflict');
    for (const [kind, cls] of [['notFound', 'notFound'], ['aborted', 'aborted'], ['validation', 'validation'], ['functionFailed', 'functionFailed'], ['network', 'other']]) {
      assert.equal(classifyError(Object.assign(new Error('m'), { name: 'WorkbenchError', kind, options: {} })).cls, cls, kind);
    }
  });

  it('recognises raw SDK exceptions by name', () => {
    const sdk = (name: string) => Object.assign(new Error('m'), { name });
    assert.equal(classifyError(sdk('PreconditionFailedException')).cls, 'conflict');
    assert.equal(classifyError(sdk('ResourceConflictException')).cls, 'conflict');
    assert.equal(classifyError(sdk('ResourceNotFoundException')).cls, 'notFound');
    assert.equal(classifyError(sdk('AbortError')).cls, 'aborted');
    assert.equal(classifyError(sdk('TooManyRequestsException')).cls, 'other');
    assert.equal(classifyError('plain string').message, 'plain string');
  });

  it('redacts the quoted variables of the 4 KB error and any known value', () => {
    assert.equal(redact('exceeded the 4KB limit. String measured: {"A":"secret"}'), 'exceeded the 4KB limit. String measured: [environment variables hidden]');
    assert.equal(redact('value hunter22 leaked twice: hunter22', ['hunter22', 'ab']), 'value [hidden] leaked twice: [hidden]');
    assert.equal(redact('a b', ['a']), 'a b', 'values under 4 characters are not blanked (they would blank ordinary words)');
    const e = Object.assign(new Error('contains hunter22'), { name: 'InvalidParameterValueException' });
    assert.equal(classifyError(e, ['hunter22']).message, 'contains [hidden]');
  });

  it('logs stack frames without the first line, which repeats the raw message', () => {
    const e = new Error('secret message');
    const frames = stackFrames(e);
    assert.ok(frames.length > 0 && !frames.includes('secret message'));
    assert.equal(stackFrames({}), '');
  });
});
