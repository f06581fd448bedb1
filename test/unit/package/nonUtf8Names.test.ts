/**
 * A file or folder name that is not valid UTF-8 (issue 15 item 14): named with \xNN escapes and
 * the reason, exit 2 from the CLI; ignore rules apply to it, so .lambdaignore can leave it out.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkbenchError } from '../../../src/core/errors';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { utf8Name } from '../../../src/core/package/scan';
import { cleanupTrees, makeTree } from './helpers';

const CLI = resolve(__dirname, '..', '..', '..', 'src', 'cli.js');

/** `<root>/<prefix><0xFF><suffix>`, made through a Buffer path. */
function badPath(root: string, prefix: string, suffix: string): Buffer {
  return Buffer.concat([Buffer.from(join(root, prefix)), Buffer.from([0xff]), Buffer.from(suffix)]);
}

describe('package: names that are not valid UTF-8', () => {
  afterEach(cleanupTrees);

  it('utf8Name escapes only the bytes that are not UTF-8', () => {
    assert.deepEqual(utf8Name(Buffer.from('héllo.js')), { text: 'héllo.js', valid: true });
    assert.deepEqual(utf8Name(Buffer.concat([Buffer.from('bad'), Buffer.from([0xff, 0xc3]), Buffer.from('é.txt')])), { text: 'bad\\xFF\\xC3é.txt', valid: false });
  });

  it('names the file escaped and says why (exit 2 from the CLI), instead of a misleading ENOENT', async () => {
    const root = makeTree({ 'index.js': '1' });
    writeFileSync(badPath(root, 'bad', '.txt'), 'x');
    await assert.rejects(packageFolder(root, { thread: 'main' }), (e: unknown) => {
      assert.ok(e instanceof WorkbenchError);
      assert.equal(e.kind, 'validation');
      assert.match(e.message, /^bad\\xFF\.txt has a file name that is not valid UTF-8/);
      assert.match(e.hint ?? '', /\.lambdaignore such as "bad\*"/);
      return true;
    });
    const r = spawnSync(process.execPath, [CLI, 'package', root], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /bad\\xFF\.txt has a file name that is not valid UTF-8/);
    assert.doesNotMatch(r.stderr, /ENOENT/);
  });

  it('.lambdaignore leaves such files and folders out, and the manifest lists them escaped', async () => {
    const root = makeTree({ 'index.js': '1', '.lambdaignore': 'bad*\ndata*/\n' });
    writeFileSync(badPath(root, 'bad', '.txt'), 'x');
    mkdirSync(badPath(root, 'data', ''));
    writeFileSync(Buffer.concat([badPath(root, 'data', ''), Buffer.from('/inner.js')]), 'x');
    const { manifest } = await packageFolder(root, { thread: 'worker' });
    assert.deepEqual(manifest.files.map((f) => f.path), ['index.js']);
    assert.deepEqual(
      manifest.excluded.filter((e) => e.rule.startsWith('.lambdaignore')).map((e) => [e.path, e.rule]),
      [
        ['bad\\xFF.txt', '.lambdaignore:1'],
        ['data\\xFF/', '.lambdaignore:2'],
      ],
    );
  });
});
