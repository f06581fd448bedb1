import * as assert from 'node:assert/strict';
import type { ConfigValues } from '../../../src/vscode/configPanel/changes';
import {
  envSizeBytes,
  validateDescription,
  validateEdit,
  validateEnvironment,
  validateMemory,
  validateTimeout,
} from '../../../src/vscode/configPanel/validation';

const paths = (issues: Array<{ path: string }>) => issues.map((i) => i.path);

describe('config panel validation', () => {
  it('memory: whole MB from 128 to 10240', () => {
    for (const ok of [128, 129, 1769, 10240]) assert.deepEqual(validateMemory(ok), [], String(ok));
    for (const bad of [127, 10241, 0, -128, 256.5, Number.NaN, undefined]) assert.deepEqual(paths(validateMemory(bad)), ['$.MemorySize'], String(bad));
  });

  it('timeout: whole seconds from 1 to 900', () => {
    for (const ok of [1, 3, 900]) assert.deepEqual(validateTimeout(ok), []);
    for (const bad of [0, 901, 1.5, Number.NaN]) assert.deepEqual(paths(validateTimeout(bad)), ['$.Timeout']);
  });

  it('description: at most 256 characters', () => {
    assert.deepEqual(validateDescription('x'.repeat(256)), []);
    assert.match(validateDescription('x'.repeat(257))[0].message, /257 characters long; the limit is 256/);
  });

  it('environment names follow [a-zA-Z]([a-zA-Z0-9_])+', () => {
    for (const ok of ['AB', 'a1', 'Z_', 'DB_HOST', 'x'.repeat(100)]) assert.deepEqual(validateEnvironment([[ok, 'v']]), [], ok);
    for (const bad of ['A', '1A', '_A', 'A-B', 'A B', 'É1', 'A.B']) {
      const issues = validateEnvironment([[bad, 'v']]);
      assert.deepEqual(paths(issues), [`$.Environment.Variables.${bad}`], bad);
      assert.match(issues[0].message, /not a valid name/);
    }
  });

  it('refuses the runtime’s reserved names', () => {
    for (const key of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_FUNCTION_NAME', 'LAMBDA_TASK_ROOT', '_HANDLER']) {
      assert.match(validateEnvironment([[key, 'v']])[0].message, /is reserved/, key);
    }
    assert.deepEqual(validateEnvironment([['NODE_OPTIONS', 'v'], ['PATH', 'v'], ['AWS_XRAY_CONTEXT_MISSING', 'v']]), [], 'unreserved runtime variables may be set');
  });

  it('flags empty and repeated names by row', () => {
    const issues = validateEnvironment([['A1', 'v'], ['', 'x'], ['A1', 'w']]);
    assert.deepEqual(paths(issues), ['$.Environment.Variables[1]', '$.Environment.Variables[2]']);
    assert.match(issues[1].message, /already defined above/);
  });

  it('measures the 4 KB total as the stored JSON, in UTF-8 bytes', () => {
    assert.equal(envSizeBytes([]), 2);
    assert.equal(envSizeBytes([['AB', 'é']]), 11, 'é is 2 bytes');
    assert.equal(envSizeBytes([['AB', '😀']]), 13, 'an astral character is 4 bytes');
    assert.equal(envSizeBytes([['AB', 'a"\\\n']]), Buffer.byteLength(JSON.stringify({ AB: 'a"\\\n' })), 'JSON escapes count');
    // {"AB":"...."} = 9 bytes of framing
    assert.deepEqual(validateEnvironment([['AB', 'x'.repeat(4096 - 9)]]), []);
    const over = validateEnvironment([['AB', 'x'.repeat(4096 - 8)]]);
    assert.deepEqual(paths(over), ['$.Environment.Variables']);
    assert.match(over[0].message, /4097 bytes; the limit is 4096 bytes/);
  });

  it('never puts a value in a message', () => {
    const secret = 's3cr3t-value-xyz';
    const issues = validateEnvironment([['1BAD', secret], ['AWS_REGION', secret], ['', secret], ['OK', secret.repeat(400)]]);
    assert.ok(issues.length >= 4);
    for (const i of issues) assert.ok(!i.message.includes(secret), i.message);
  });

  it('checks only what the edit touches', () => {
    const edited: ConfigValues = { memorySize: 64, timeout: 0, description: 'x'.repeat(300), env: [['1BAD', 'v']] };
    assert.deepEqual(validateEdit(edited, undefined), []);
    assert.deepEqual(paths(validateEdit(edited, { description: 'x' })), ['$.Description']);
    assert.deepEqual(paths(validateEdit(edited, { memorySize: 64, timeout: 0, environment: { set: [], remove: [] } })), [
      '$.MemorySize',
      '$.Timeout',
      '$.Environment.Variables.1BAD',
    ]);
  });
});
