/**
 * Editing single settings of a binding file in place (the configuration panel's "also write it
 * into lambda-workbench.json"): only the named keys change, the user's formatting stays, a broken
 * file or an edit that would make it invalid writes nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editBindingFile, editBindingText } from '../../../src/core/config';

const FOUR_SPACES = `{
    "FunctionName": "orders",
    "MemorySize": 128,
    "Custom": { "keep": [1, 2] },
    "Environment": {
        "Variables": {
            "STAGE": "dev",
            "OLD": "x"
        }
    }
}
`;

describe('binding file: edit settings in place', () => {
  it('changes only the named keys and keeps indentation, key order and unknown keys', () => {
    const out = editBindingText(FOUR_SPACES, [
      { path: ['MemorySize'], value: 256 },
      { path: ['Environment', 'Variables', 'STAGE'], value: 'prod' },
      { path: ['Environment', 'Variables', 'OLD'], value: undefined },
      { path: ['Environment', 'Variables', 'NEW'], value: 'n' },
      { path: ['Timeout'], value: 30 },
    ]);
    assert.deepEqual(JSON.parse(out), { FunctionName: 'orders', MemorySize: 256, Custom: { keep: [1, 2] }, Environment: { Variables: { STAGE: 'prod', NEW: 'n' } }, Timeout: 30 });
    assert.match(out, /^ {4}"MemorySize": 256,$/m, 'four spaces kept');
    assert.match(out, /^ {4}"Custom": \{ "keep": \[1, 2\] \},$/m, 'an untouched line is byte for byte the same');
    assert.ok(out.indexOf('"MemorySize"') < out.indexOf('"Custom"') && out.indexOf('"Custom"') < out.indexOf('"Environment"'), 'key order kept');
  });

  it('keeps CRLF line endings and tabs', () => {
    const text = '{\r\n\t"FunctionName": "a",\r\n\t"Timeout": 3\r\n}\r\n';
    const out = editBindingText(text, [{ path: ['Timeout'], value: 9 }, { path: ['Description'], value: 'd' }]);
    assert.ok(!/[^\r]\n/.test(out), `only CRLF: ${JSON.stringify(out)}`);
    assert.match(out, /\r\n\t"Timeout": 9/);
    assert.match(out, /\r\n\t"Description": "d"/);
  });

  it('refuses a file that does not parse, and an edit that would make the binding invalid, writing nothing', async () => {
    assert.throws(() => editBindingText('{ "FunctionName": "a", }', [{ path: ['Timeout'], value: 9 }]), /not valid JSON.*line 1/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-bind-edit-'));
    try {
      const file = path.join(dir, 'lambda-workbench.json');
      fs.writeFileSync(file, FOUR_SPACES);
      await assert.rejects(editBindingFile(dir, [{ path: ['MemorySize'], value: 'lots' }]), /MemorySize/);
      assert.equal(fs.readFileSync(file, 'utf8'), FOUR_SPACES, 'untouched');
      await editBindingFile(dir, [{ path: ['MemorySize'], value: 512 }]);
      assert.equal(fs.readFileSync(file, 'utf8'), FOUR_SPACES.replace('128', '512'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
