import * as assert from 'node:assert/strict';
import { compileFilterPattern, FilterPatternError } from '../../../src/core/logs/filterPattern';

describe('filter patterns (local server subset)', () => {
  const m = (p: string, msg: string) => compileFilterPattern(p)(msg);
  it('matches every term, case-sensitively, quoted phrases as one term', () => {
    assert.ok(m('', 'anything'));
    assert.ok(m('ERROR timeout', 'ERROR: a timeout happened'));
    assert.ok(!m('ERROR timeout', 'ERROR only'));
    assert.ok(!m('error', 'ERROR'));
    assert.ok(m('"hello world"', 'say hello world'));
    assert.ok(!m('"hello world"', 'world hello'));
  });
  it('?terms are alternatives, -terms exclusions', () => {
    assert.ok(m('?ERROR ?WARN', 'a WARN'));
    assert.ok(!m('?ERROR ?WARN', 'INFO'));
    assert.ok(m('START -Duration', 'START RequestId'));
    assert.ok(!m('REPORT -Duration', 'REPORT Duration: 1 ms'));
  });
  it('JSON patterns select fields and compare', () => {
    assert.ok(m('{ $.level = "ERROR" }', '{"level":"ERROR"}'));
    assert.ok(!m('{ $.level = "ERROR" }', '{"level":"INFO"}'));
    assert.ok(!m('{ $.level = "ERROR" }', 'not json'));
    assert.ok(m('{ $.user.id = 4* }', '{"user":{"id":"42"}}'));
    assert.ok(m('{ $.ms > 100 && $.ok = true }', '{"ms":150,"ok":true}'));
    assert.ok(!m('{ $.ms > 100 && $.ok = true }', '{"ms":50,"ok":true}'));
    assert.ok(m('{ $.a = 1 || $.b = 2 }', '{"b":2}'));
    assert.ok(m('{ $.items[1] = "y" }', '{"items":["x","y"]}'));
  });
  it('rejects what it does not support or cannot parse', () => {
    for (const bad of ['[ip, user]', '%ERR.*%', '{ level = 1 }', '{ $.a > "x" }', '"unbalanced', 'x'.repeat(1025)]) {
      assert.throws(() => compileFilterPattern(bad), FilterPatternError, bad);
    }
  });
});
