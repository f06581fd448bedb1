/**
 * readableApiResult: which invoke results the editor shows a readable body for (a statusCode and a
 * JSON body, read as a Function URL client would), and which it leaves as they are.
 */
import * as assert from 'node:assert/strict';
import { readableApiResult } from '../../../src/core/serve/response';

describe('readableApiResult (the editor\'s readable view of an API-shaped result)', () => {
  it('parses the body of a result with statusCode and a JSON body string, with status and headers', () => {
    const payload = JSON.stringify({ statusCode: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 7, tags: ['a'] }) });
    assert.deepEqual(readableApiResult(payload), { status: 201, headers: [['content-type', 'application/json']], body: { id: 7, tags: ['a'] } });
  });

  it('decodes a base64 body first, as the service does', () => {
    const payload = JSON.stringify({ statusCode: 200, isBase64Encoded: true, body: Buffer.from('{"ok":true}').toString('base64') });
    assert.deepEqual(readableApiResult(payload)?.body, { ok: true });
  });

  it('leaves alone results that are not API-shaped or whose body is not JSON', () => {
    for (const payload of [
      '{"message":"no statusCode"}',
      '"a string"',
      'null',
      'not json',
      JSON.stringify({ statusCode: 200, body: '<html></html>' }),
      JSON.stringify({ statusCode: 200, body: '' }),
      JSON.stringify({ statusCode: 200, body: { already: 'an object' } }),
      JSON.stringify({ statusCode: 'two hundred', body: '{}' }),
    ]) {
      assert.equal(readableApiResult(payload), undefined, payload);
    }
  });
});
