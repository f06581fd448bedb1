import * as assert from 'node:assert/strict';
import { majorSatisfies, rememberRecent, runtimeForEngines, suggestFunctionName, validateFunctionName, validateMemory, validateRoleArn, validateTimeout } from '../../../src/vscode/deploy/wizardRules';
import { parsePayload } from '../../../src/vscode/invoke/jsonPayload';

describe('deploy wizard rules', () => {
  it('matches the runtime to package.json engines', () => {
    assert.equal(runtimeForEngines('>=18'), 'nodejs24.x');
    assert.equal(runtimeForEngines('^20.11.0'), 'nodejs20.x');
    assert.equal(runtimeForEngines('20.x'), 'nodejs20.x');
    assert.equal(runtimeForEngines('>=20.19 <23'), 'nodejs22.x');
    assert.equal(runtimeForEngines('18 || 22'), 'nodejs22.x');
    assert.equal(runtimeForEngines('~22.3'), 'nodejs22.x');
    assert.equal(runtimeForEngines('16.x'), undefined);
    assert.equal(runtimeForEngines(undefined), undefined);
    assert.ok(majorSatisfies(20, '<20.5') && !majorSatisfies(21, '<21') && majorSatisfies(20, '18 - 20') && majorSatisfies(22, '*'));
  });

  it('validates role ARNs, names, memory and timeout with messages that say what is expected', () => {
    assert.equal(validateRoleArn('arn:aws:iam::123456789012:role/service-role/lambda-exec'), undefined);
    assert.equal(validateRoleArn('arn:aws-cn:iam::123456789012:role/x'), undefined);
    assert.match(validateRoleArn('arn:aws:iam::123:role/x') ?? '', /not an IAM role ARN/);
    assert.match(validateRoleArn('') ?? '', /Enter the ARN/);
    assert.equal(validateFunctionName('orders_api-1'), undefined);
    assert.match(validateFunctionName('a'.repeat(65)) ?? '', /64/);
    assert.match(validateFunctionName('bad name') ?? '', /letters, digits/);
    assert.equal(validateMemory('128'), undefined);
    assert.ok(validateMemory('127') && validateMemory('10241') && validateMemory('1.5'));
    assert.equal(validateTimeout('900'), undefined);
    assert.ok(validateTimeout('0') && validateTimeout('901'));
  });

  it('suggests names and remembers recent roles', () => {
    assert.equal(suggestFunctionName('my app (v2)'), 'my-app-v2');
    assert.equal(suggestFunctionName('***'), 'my-function');
    assert.deepEqual(rememberRecent(['a', 'b', 'c'], 'b'), ['b', 'a', 'c']);
    assert.deepEqual(rememberRecent(['a', 'b'], 'z', 2), ['z', 'a']);
  });
});

describe('event payload parsing', () => {
  it('accepts JSON and treats an empty document as {}', () => {
    assert.deepEqual(parsePayload(' {"a":1} '), { ok: true, value: { a: 1 }, text: '{"a":1}' });
    assert.deepEqual(parsePayload(''), { ok: true, value: {}, text: '{}' });
  });
  it('names the line and column of invalid JSON', () => {
    const result = parsePayload('{\n  "a": 1,\n  "b": oops\n}', 'event.json');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.line, 3);
    assert.equal(result.column, 8);
    assert.match(result.message, /^event\.json is not valid JSON \(line 3, column 8\)/);
    const truncated = parsePayload('{"a": ');
    assert.equal(truncated.ok, false);
  });
});
