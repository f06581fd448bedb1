import * as assert from 'node:assert/strict';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree, readZip } from './helpers';

describe('package: symbolic links', () => {
  afterEach(cleanupTrees);

  it('never follows links that leave the root: they are skipped with a warning', async () => {
    const outside = makeTree({ 'passwords.txt': 'hunter2', 'dir/inner.txt': 'x' });
    const root = makeTree({
      'index.js': '1',
      'escape.txt': { link: `${outside}/passwords.txt` },
      'escape-dir': { link: `${outside}/dir` },
      'relative-escape': { link: '../../../../../../../../etc/hostname' },
    });
    const { zip, manifest } = await packageFolder(root, { thread: 'main' });
    const entries = await readZip(zip);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['index.js'],
    );
    assert.ok(!entries.some((e) => e.content.includes('hunter2')));
    assert.deepEqual(
      manifest.excluded.map((e) => [e.path, e.rule]),
      [
        ['escape-dir', 'symlink-outside-root'],
        ['escape.txt', 'symlink-outside-root'],
        ['relative-escape', 'symlink-outside-root'],
      ],
    );
    assert.equal(manifest.warnings.filter((w) => w.includes('links outside the code root')).length, 3);
  });

  it('stores the target\'s content for links inside the root, files and folders alike', async () => {
    const root = makeTree({
      'index.js': 'exports.handler = 1;',
      'shared/util.js': 'module.exports = 42;',
      'lib': { link: 'shared' },
      'main.js': { link: 'index.js' },
    });
    const { zip } = await packageFolder(root, { thread: 'main' });
    const entries = await readZip(zip);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e.content.toString()]));
    assert.equal(byName['lib/util.js'], 'module.exports = 42;');
    assert.equal(byName['shared/util.js'], 'module.exports = 42;');
    assert.equal(byName['main.js'], 'exports.handler = 1;');
    assert.equal(entries.find((e) => e.name === 'main.js')?.mode.toString(8), '100644', 'a link is stored as a regular file');
  });

  it('skips broken links and links that loop back into their own folder', async () => {
    const root = makeTree({ 'index.js': '1', 'gone.js': { link: 'nowhere.js' }, 'a/loop': { link: '..' }, 'a/b.js': 'b' });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(
      manifest.files.map((f) => f.path),
      ['a/b.js', 'index.js'],
    );
    assert.deepEqual(
      manifest.excluded.map((e) => [e.path, e.rule]),
      [
        ['a/loop', 'symlink-cycle'],
        ['gone.js', 'symlink-broken'],
      ],
    );
  });
});
