import * as assert from 'node:assert/strict';
import { MESSAGE_LIMITS, parseChanges, parsePageMessage, toJsonSafe } from '../../../src/vscode/configPanel/protocol';

describe('config panel protocol', () => {
  describe('parsePageMessage', () => {
    it('accepts every message the page sends', () => {
      const ok = [
        { type: 'ready' },
        { type: 'reload' },
        { type: 'draft', changes: null },
        { type: 'draft', changes: { memorySize: 256 } },
        { type: 'save', revisionId: 'r1', changes: { memorySize: 256, timeout: 3, description: '', environment: { set: [['A1', 'v']], remove: ['B1'] } } },
        { type: 'copy', text: 'arn:aws:lambda:x', label: 'ARN' },
        { type: 'openLink', target: 'console' },
      ];
      for (const m of ok) {
        const r = parsePageMessage(m);
        assert.ok(r.ok, `${JSON.stringify(m)}: ${r.ok ? '' : r.reason}`);
        assert.deepEqual(r.value, m);
      }
    });

    it('drops fields the protocol does not define', () => {
      const r = parsePageMessage({ type: 'ready', html: '<b>x</b>' });
      assert.deepEqual(r, { ok: true, value: { type: 'ready' } });
    });

    it('refuses anything else, with a reason for the log', () => {
      const bad: unknown[] = [
        null,
        'ready',
        { type: 'eval', code: '1' },
        { type: 'save', changes: {} },
        { type: 'save', revisionId: 'r', changes: { memorySize: '256' } },
        { type: 'save', revisionId: 'r', changes: { memorySize: Number.NaN } },
        { type: 'save', revisionId: 'r', changes: { role: 'arn:aws:iam::1:role/admin' } },
        { type: 'save', revisionId: 'r', changes: { environment: { set: { A: 'b' }, remove: [] } } },
        { type: 'save', revisionId: 'r', changes: { environment: { set: [['A', 1]], remove: [] } } },
        { type: 'save', revisionId: 'r', changes: { environment: { set: [['A', 'b', 'c']], remove: [] } } },
        { type: 'save', revisionId: 'r', changes: { description: 'x'.repeat(MESSAGE_LIMITS.stringChars + 1) } },
        { type: 'copy', text: 'x' },
        { type: 'copy', text: 'x'.repeat(MESSAGE_LIMITS.copyChars + 1), label: 'l' },
        { type: 'openLink', target: 'https://evil.example' },
        { type: 'draft', changes: [] },
      ];
      for (const m of bad) {
        const r = parsePageMessage(m);
        assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80));
        assert.ok(!r.ok && r.reason.length > 0);
      }
    });

    it('caps the number of environment changes', () => {
      const set = Array.from({ length: MESSAGE_LIMITS.envEntries + 1 }, (_, i) => [`K${i}`, 'v']);
      assert.equal(parseChanges({ environment: { set, remove: [] } }).ok, false);
    });

    it('keeps a __proto__ key as data', () => {
      const r = parseChanges(JSON.parse('{"environment":{"set":[["__proto__","x"]],"remove":[]}}'));
      assert.ok(r.ok);
      assert.deepEqual(r.value.environment?.set, [['__proto__', 'x']]);
      assert.equal(({} as Record<string, unknown>).x, undefined);
    });
  });

  describe('toJsonSafe', () => {
    it('removes $metadata, undefined and functions; converts dates and bytes', () => {
      const input = {
        $metadata: { httpStatusCode: 200, requestId: 'abc' },
        Configuration: { FunctionName: 'f', Missing: undefined, When: new Date('2024-01-02T03:04:05Z'), Fn: () => 1 },
        Blob: new Uint8Array(3),
        List: [1, undefined, 'a'],
        Big: BigInt(5),
        Inf: Number.POSITIVE_INFINITY,
      };
      assert.deepEqual(toJsonSafe(input), {
        Configuration: { FunctionName: 'f', When: '2024-01-02T03:04:05.000Z' },
        Blob: '[3 bytes]',
        List: [1, null, 'a'],
        Big: '5',
        Inf: 'Infinity',
      });
    });

    it('copies odd keys as own data properties', () => {
      const out = toJsonSafe(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(out), Object.prototype);
      assert.deepEqual(Object.keys(out), ['__proto__', 'a']);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });
});
