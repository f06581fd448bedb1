/** Event JSON, sample events, saved workspace events and env files. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  findJsonError,
  listSampleEvents,
  listSavedEvents,
  parseEnvFile,
  parseEventJson,
  readEventFile,
  readSavedEvent,
  saveEvent,
  deleteSavedEvent,
  savedEventsDir,
} from '../../../src/core/invoke';

describe('event JSON', () => {
  it('parses valid JSON, including a BOM', () => {
    assert.deepEqual(parseEventJson('\uFEFF{"a":[1,2]}'), { a: [1, 2] });
  });

  it('reports the line and column of the first error', () => {
    const cases: Array<[string, number, number]> = [
      ['{\n  "a": 1,\n  "b": }', 3, 8],
      ['{"a": 1,}', 1, 9],
      ['[1, 2', 1, 6],
      ['{"a": tru}', 1, 10],
      ['{"s": "bad \\q"}', 1, 13],
      ['', 1, 1],
      ['{} x', 1, 4],
    ];
    for (const [text, line, column] of cases) {
      assert.throws(
        () => parseEventJson(text, 'e.json'),
        (e: Error & { kind?: string; options?: { details?: { line: number; column: number } } }) => {
          assert.equal(e.kind, 'validation');
          assert.deepEqual(e.options?.details, { line, column }, text);
          assert.match(e.message, new RegExp(`^e\\.json is not valid JSON: .+ at line ${line}, column ${column}\\.$`));
          return true;
        },
      );
    }
  });

  it('finds nothing wrong in what JSON.parse accepts', () => {
    for (const t of ['0', '-1.5e3', '"x\\u00e9"', '{"a":{"b":[true,false,null]}}', ' [ ] ']) assert.equal(findJsonError(t), undefined, t);
  });
});

describe('sample events', () => {
  it('ships the common triggers as data, each a fresh copy', () => {
    const ids = listSampleEvents().map((s) => s.id);
    for (const id of ['apigateway-rest', 'apigateway-http', 's3-put', 'sqs', 'sns', 'eventbridge', 'dynamodb-stream', 'scheduled']) assert.ok(ids.includes(id), id);
    const a = listSampleEvents()[0].event as Record<string, unknown>;
    a.mutated = true;
    assert.equal((listSampleEvents()[0].event as Record<string, unknown>).mutated, undefined);
    const http = listSampleEvents().find((s) => s.id === 'apigateway-http')!.event as { version: string; requestContext: { http: { method: string } } };
    assert.equal(http.version, '2.0');
    assert.equal(http.requestContext.http.method, 'POST');
  });
});

describe('saved events', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(path.join(tmpdir(), 'lw-events-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('saves, lists, reads and deletes per function under .lambda/events/<function>/', async () => {
    assert.deepEqual(await listSavedEvents(ws, 'orders'), []);
    const file = await saveEvent(ws, 'orders', 'created', { id: 1 });
    assert.equal(file, path.join(ws, '.lambda', 'events', 'orders', 'created.json'));
    await saveEvent(ws, 'orders', 'as-text', '{ "kept": "as written" }', { json: true });
    assert.deepEqual((await listSavedEvents(ws, 'orders')).map((e) => e.name), ['as-text', 'created']);
    assert.deepEqual((await readSavedEvent(ws, 'orders', 'created')).event, { id: 1 });
    assert.equal((await readSavedEvent(ws, 'orders', 'as-text')).text, '{ "kept": "as written" }\n');
    await deleteSavedEvent(ws, 'orders', 'created');
    assert.deepEqual((await listSavedEvents(ws, 'orders')).map((e) => e.name), ['as-text']);
  });

  it('refuses invalid JSON text and unsafe names', async () => {
    await assert.rejects(saveEvent(ws, 'orders', 'bad', '{"a":', { json: true }), /line 1, column 6/);
    await assert.rejects(saveEvent(ws, 'orders', '../escape', {}), /not a usable event name/);
    assert.throws(() => savedEventsDir(ws, 'a/b'), /not a usable function name/);
  });

  it('names the file when it cannot be read or is not JSON', async () => {
    await assert.rejects(readEventFile(path.join(ws, 'missing.json')), /Cannot read the event file .*missing\.json \(it does not exist\)/);
    writeFileSync(path.join(ws, 'bad.json'), '{\n "a" 1\n}');
    await assert.rejects(readEventFile(path.join(ws, 'bad.json')), /bad\.json is not valid JSON: Expected ':' after property name at line 2, column 6/);
  });
});

describe('env files', () => {
  it('reads KEY=VALUE lines, comments, export, quotes and escapes', () => {
    const text = ['# comment', '', 'AA=1', 'export BB = two words ', 'CC="line\\nnext" # note', "DD='$literal \\n'", 'EE=', 'FF="multi', 'line"', 'GG=x#not-a-comment'].join('\n');
    assert.deepEqual(parseEnvFile(text), { AA: '1', BB: 'two words', CC: 'line\nnext', DD: '$literal \\n', EE: '', FF: 'multi\nline', GG: 'x#not-a-comment' });
  });

  it('names the bad line by number, never its value', () => {
    assert.throws(() => parseEnvFile('AA=1\nSECRET value\n', '.env'), (e: Error) => e.message === '.env line 2: expected KEY=VALUE.');
    assert.throws(() => parseEnvFile('AA=1\n\n1BAD=x\n', '.env'), /\.env line 3: "1BAD" is not a valid variable name/);
    assert.throws(() => parseEnvFile('X=1', '.env'), /\.env line 1: "X" is not a valid variable name/, 'Lambda needs at least 2 characters');
    assert.throws(() => parseEnvFile('AA="open\n', '.env'), /\.env line 1: the quoted value is not closed/);
  });
});
