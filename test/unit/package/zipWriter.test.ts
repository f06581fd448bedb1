/**
 * The zip writer lays out pre-compressed entries itself; it must give exactly the bytes the
 * jszip-based writer it replaced gave (so CodeSha256 values did not change), and archives that an
 * independent reader (yauzl) and Info-ZIP accept.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressEntries } from '../../../src/core/package/compress';
import { scanTree } from '../../../src/core/package/scan';
import { buildRules } from '../../../src/core/package/rules';
import { loadDependencyPolicy } from '../../../src/core/package/dependencies';
import { createYielder } from '../../../src/core/package/yielder';
import { writeZip } from '../../../src/core/package/zipWriter';
import { cleanupTrees, makeTree, readZip, tempDir, type TreeSpec } from './helpers';
import { jszipWriteZip } from './jszipWriterOracle';

async function entriesOf(spec: TreeSpec) {
  const root = makeTree(spec);
  const yielder = createYielder(50, undefined);
  const scan = await scanTree(root, buildRules([join(root, '.lambdaignore')], false, []), loadDependencyPolicy(root), yielder, {});
  return (await compressEntries(scan.files, { level: 6, yielder, maxZippedBytes: 50 * 1024 * 1024 })).entries;
}

const TREES: Record<string, TreeSpec> = {
  'one file': { 'index.js': 'exports.handler = async () => 1;\n' },
  'nested folders, modes, empty and stored files': {
    'index.js': 'exports.handler = async () => require("./lib/a/b/c")();\n',
    'lib/a/b/c.js': 'module.exports = () => 42;\n'.repeat(100),
    'lib/a/z.js': 'z',
    'lib/A.js': 'A',
    'bin/tool': { content: '#!/bin/sh\n', mode: 0o755 },
    'empty.txt': '',
    'assets/noise.bin': randomBytes(150 * 1024),
    'assets/text.txt': 'hello world\n'.repeat(20000),
  },
  'names that are not ASCII': { 'héllo/wörld.js': 'x', '日本/語.txt': 'y'.repeat(100), 'emoji-😀.json': '{}' },
  // Siblings that sort around "/" ('-' and '.' before it, '0' after): a folder's entries are not
  // all together in plain path order, and folder entries must land exactly where sorting puts them.
  'folders and files whose names sort around the slash': {
    'a/b/c.js': '1',
    'a-b.js': '2',
    'a.b/x.js': '3',
    'a0.js': '4',
    'a/b-c/d.js': '5',
    'a/b.js': '6',
    'a/bc/e/f/g.js': '7',
    'ab/h.js': '8',
    'z.js': '9',
  },
};

describe('package: zip writer', () => {
  afterEach(cleanupTrees);

  for (const [name, spec] of Object.entries(TREES)) {
    it(`writes the same bytes as the jszip writer it replaced: ${name}`, async () => {
      const entries = await entriesOf(spec);
      const ours = await writeZip(entries, createYielder(50, undefined));
      const theirs = await jszipWriteZip(entries, createYielder(50, undefined));
      assert.equal(ours.length, theirs.length);
      assert.ok(ours.equals(theirs), 'byte-identical');
      const read = await readZip(ours);
      for (const e of entries) assert.ok(read.some((r) => r.name === e.path && r.uncompressedSize === e.size), e.path);
    });
  }

  it('writes the same bytes whatever order the entries come in', async () => {
    const entries = await entriesOf(TREES['folders and files whose names sort around the slash']!);
    const sorted = await writeZip(entries, createYielder(50, undefined));
    const shuffled = [...entries].reverse();
    [shuffled[1], shuffled[4]] = [shuffled[4]!, shuffled[1]!];
    assert.ok((await writeZip(shuffled, createYielder(50, undefined))).equals(sorted));
  });

  it('gets files from the walk already in the zip order (so nothing has to sort them again)', async () => {
    const root = makeTree({ ...TREES['folders and files whose names sort around the slash']!, 'l/target/t.js': 't', 'a-link': { link: 'l/target' } });
    const seen: string[] = [];
    await scanTree(root, buildRules([join(root, '.lambdaignore')], false, []), loadDependencyPolicy(root), createYielder(50, undefined), { onFile: (f) => seen.push(f.path) });
    assert.deepEqual(seen, [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.ok(seen.includes('a-link/t.js') && seen.includes('a/b/c.js'));
  });

  it('is accepted by Info-ZIP (unzip -t) when it is installed', async function () {
    if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0) this.skip(); // unzip is optional on dev machines; CI installs it
    const zip = await writeZip(await entriesOf(TREES['nested folders, modes, empty and stored files']!), createYielder(50, undefined));
    const file = join(tempDir(), 'a.zip');
    writeFileSync(file, zip);
    assert.match(execFileSync('unzip', ['-t', file]).toString(), /No errors detected/);
  });
});
