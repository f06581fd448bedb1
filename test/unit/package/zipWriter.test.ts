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

  it('is accepted by Info-ZIP (unzip -t) when it is installed', async function () {
    if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0) this.skip(); // unzip is optional on dev machines; CI installs it
    const zip = await writeZip(await entriesOf(TREES['nested folders, modes, empty and stored files']!), createYielder(50, undefined));
    const file = join(tempDir(), 'a.zip');
    writeFileSync(file, zip);
    assert.match(execFileSync('unzip', ['-t', file]).toString(), /No errors detected/);
  });
});
