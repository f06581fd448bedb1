import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree, readZip, type TreeSpec } from './helpers';

function sample(): TreeSpec {
  const text = 'module.exports = function add(a, b) { return a + b; };\n'.repeat(400);
  return {
    'index.js': 'exports.handler = async () => require("./lib/add")(1, 2);\n',
    'lib/add.js': text,
    'lib/z-last.js': 'z',
    'lib/A-upper.js': 'A',
    'assets/blob.bin': randomBytes(300 * 1024), // stored: does not compress
    'assets/large.txt': text.repeat(10), // > 128 KB: the thread-pool path
    'empty.txt': '',
  };
}

describe('package: deterministic output', () => {
  afterEach(cleanupTrees);

  it('gives byte-identical zips for two runs, and CodeSha256 is base64 sha256 of the bytes', async () => {
    const root = makeTree(sample());
    const a = await packageFolder(root, { thread: 'main' });
    const b = await packageFolder(root);
    assert.ok(a.zip.equals(b.zip));
    assert.equal(a.manifest.codeSha256, b.manifest.codeSha256);
    assert.equal(a.manifest.codeSha256, createHash('sha256').update(a.zip).digest('base64'));
    assert.equal(a.manifest.zipBytes, a.zip.length);
  });

  it('ignores modification times and where the tree lives', async () => {
    const spec = sample();
    const one = makeTree(spec);
    const two = makeTree(spec);
    utimesSync(join(two, 'lib', 'add.js'), new Date('2001-02-03'), new Date('2001-02-03'));
    const a = await packageFolder(one, { thread: 'main' });
    const b = await packageFolder(two, { thread: 'main' });
    assert.equal(a.manifest.codeSha256, b.manifest.codeSha256);
  });

  it('changes the sha when one byte changes', async () => {
    const root = makeTree(sample());
    const before = await packageFolder(root, { thread: 'main' });
    appendFileSync(join(root, 'lib', 'z-last.js'), '!');
    const after = await packageFolder(root, { thread: 'main' });
    assert.notEqual(before.manifest.codeSha256, after.manifest.codeSha256);
    writeFileSync(join(root, 'lib', 'z-last.js'), 'y'); // same length, different byte
    const same = await packageFolder(root, { thread: 'main' });
    assert.notEqual(before.manifest.codeSha256, same.manifest.codeSha256);
  });

  it('writes entries sorted, with a fixed 1980-01-01 timestamp and no extra fields', async () => {
    const root = makeTree(sample());
    const { zip } = await packageFolder(root, { thread: 'main' });
    const entries = await readZip(zip);
    const list = entries.map((e) => e.name);
    assert.deepEqual(list, [...list].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    assert.deepEqual(list, ['assets/', 'assets/blob.bin', 'assets/large.txt', 'empty.txt', 'index.js', 'lib/', 'lib/A-upper.js', 'lib/add.js', 'lib/z-last.js']);
    for (const e of entries) {
      assert.equal(e.dosDate, (0 << 9) | (1 << 5) | 1, e.name); // 1980-01-01
      assert.equal(e.dosTime, 0, e.name);
      assert.equal(e.extraFieldLength, 0, e.name);
    }
  });

  it('round-trips every byte, deflating what compresses and storing what does not', async () => {
    const spec = sample();
    const root = makeTree(spec);
    const { zip, manifest } = await packageFolder(root, { thread: 'main' });
    const entries = await readZip(zip);
    for (const [path, content] of Object.entries(spec)) {
      const e = entries.find((x) => x.name === path);
      assert.ok(e, path);
      assert.ok(e.content.equals(Buffer.from(content as string | Buffer)), path);
    }
    const method = (p: string) => entries.find((x) => x.name === p)?.compressionMethod;
    assert.equal(method('lib/add.js'), 8);
    assert.equal(method('assets/large.txt'), 8);
    assert.equal(method('assets/blob.bin'), 0);
    assert.equal(manifest.unzippedBytes, Object.values(spec).reduce<number>((n, c) => n + Buffer.from(c as string | Buffer).length, 0));
  });
});
