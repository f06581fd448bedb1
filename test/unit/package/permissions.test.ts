import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree, readZip, tempDir } from './helpers';

const hasUnzip = spawnSync('zipinfo', ['-h'], { stdio: 'ignore' }).status === 0;

describe('package: normalized permissions', () => {
  afterEach(cleanupTrees);

  async function build() {
    const root = makeTree({
      'index.js': { content: 'exports.handler = 1;', mode: 0o600 },
      'bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o700 },
      'bin/run.sh': { content: '#!/bin/sh\n', mode: 0o775 },
      'lib/data.json': { content: '{}', mode: 0o666 },
    });
    return packageFolder(root, { thread: 'main' });
  }

  it('stores 0644 files, 0755 executables and 0755 folders with a Unix "made by" (read back with yauzl)', async () => {
    const { zip, manifest } = await build();
    const modes = Object.fromEntries((await readZip(zip)).map((e) => [e.name, [e.mode.toString(8), e.madeBy >> 8]]));
    assert.deepEqual(modes, {
      'bin/': ['40755', 3],
      'bin/run.sh': ['100755', 3],
      'bin/tool': ['100755', 3],
      'index.js': ['100644', 3],
      'lib/': ['40755', 3],
      'lib/data.json': ['100644', 3],
    });
    assert.deepEqual(
      manifest.files.map((f) => [f.path, f.mode]),
      [
        ['bin/run.sh', '0755'],
        ['bin/tool', '0755'],
        ['index.js', '0644'],
        ['lib/data.json', '0644'],
      ],
    );
  });

  (hasUnzip ? it : it.skip)('reads back the same with Info-ZIP (zipinfo, unzip -t)', async () => {
    const { zip } = await build();
    const file = join(tempDir(), 'p.zip');
    writeFileSync(file, zip);
    const listing = execFileSync('zipinfo', [file], { encoding: 'utf8' });
    const rows = listing
      .split('\n')
      .filter((l) => / unx /.test(l))
      .map((l) => {
        const cols = l.trim().split(/\s+/);
        return [cols[0], cols[cols.length - 1]];
      });
    assert.deepEqual(rows, [
      ['drwxr-xr-x', 'bin/'],
      ['-rwxr-xr-x', 'bin/run.sh'],
      ['-rwxr-xr-x', 'bin/tool'],
      ['-rw-r--r--', 'index.js'],
      ['drwxr-xr-x', 'lib/'],
      ['-rw-r--r--', 'lib/data.json'],
    ]);
    const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    assert.equal(test.status, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /No errors detected/);
  });
});
