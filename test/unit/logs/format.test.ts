import * as assert from 'node:assert/strict';
import { formatLogMessage } from '../../../src/core/logs/format';

describe('log message formatting', () => {
  it('recognises the service lines', () => {
    assert.equal(formatLogMessage('START RequestId: 1a Version: $LATEST\n').kind, 'start');
    assert.equal(formatLogMessage('END RequestId: 1a\n').kind, 'end');
    const report = formatLogMessage('REPORT RequestId: 1a\tDuration: 2.00 ms\tBilled Duration: 3 ms\n');
    assert.deepEqual([report.kind, report.level, report.text.endsWith('\n')], ['report', 'info', false]);
    assert.equal(formatLogMessage('REPORT RequestId: 1a\tDuration: 3000.00 ms\tStatus: timeout\n').level, 'warn');
    assert.equal(formatLogMessage('INIT_START Runtime Version: nodejs:22.v1\n').kind, 'platform');
    assert.equal(formatLogMessage('{"time":"x","type":"platform.report","record":{}}').kind, 'report');
  });
  it('takes the level of Text and JSON records', () => {
    const text = formatLogMessage('2026-01-01T00:00:00.000Z\t0f8c2f34-1111-2222-3333-444455556666\tERROR\tboom\n');
    assert.deepEqual([text.kind, text.level], ['app', 'error']);
    assert.equal(formatLogMessage('2026-01-01T00:00:00.000Z\tabc\tWARN\tcareful').level, 'warn');
    assert.equal(formatLogMessage('{"timestamp":"x","level":"DEBUG","message":"m"}').level, 'debug');
    assert.equal(formatLogMessage('plain stdout').level, 'info');
  });
  it('pretty-prints JSON records, also inside a Text record, and can leave them as they are', () => {
    assert.equal(formatLogMessage('{"a":1,"b":{"c":2}}').text, '{\n  "a": 1,\n  "b": {\n    "c": 2\n  }\n}');
    assert.equal(formatLogMessage('{"a":1}', { prettyJson: false }).text, '{"a":1}');
    const inner = formatLogMessage('2026-01-01T00:00:00.000Z\tabc\tINFO\t{"order":7}\n');
    assert.equal(inner.text, '2026-01-01T00:00:00.000Z\tabc\tINFO\t{\n  "order": 7\n}');
    assert.equal(formatLogMessage('{not json}').text, '{not json}');
  });
});
