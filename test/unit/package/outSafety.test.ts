/**
 * `package --out` never replaces what is not a regular file, never a source file, never follows a
 * link; a CodeRoot outside the binding's folder is refused before anything is scanned (exit 2).
 * Devices, FIFOs and links are made in temp folders only.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanupTrees, makeTree, tempDir } from './helpers';

const CLI = resolve(__dirname, '..', '..', '..', 'src', 'cli.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('package --out safety and CodeRoot containment', () => {
  afterEach(cleanupTrees);

  it('refuses an --out that is a FIFO or a device node, exit 2, and leaves it as it was', () => {
    const root = makeTree({ 'index.js': '1' });
    const fifo = join(tempDir(), 'out.zip');
    execFileSync('mkfifo', [fifo]);
    const r = cli('package', root, '--out', fifo);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--out: refusing to write .*out\.zip: it exists and is a named pipe \(FIFO\)\. Nothing was written\./);
    assert.ok(lstatSync(fifo).isFIFO());
    if (process.getuid?.() === 0) {
      const dev = join(tempDir(), 'null');
      execFileSync('mknod', [dev, 'c', '1', '3']);
      const d = cli('package', root, '--out', dev);
      assert.equal(d.status, 2, d.stderr);
      assert.match(d.stderr, /character device/);
      assert.ok(lstatSync(dev).isCharacterDevice());
    }
  });

  it('refuses an --out that is a symbolic link (to a zip or dangling), exit 2', () => {
    const root = makeTree({ 'index.js': '1' });
    const out = tempDir();
    const real = join(out, 'real.zip');
    const zip = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);
    writeFileSync(real, zip);
    symlinkSync(real, join(out, 'link.zip'));
    symlinkSync(join(out, 'nowhere.zip'), join(out, 'dangling.zip'));
    for (const name of ['link.zip', 'dangling.zip']) {
      const r = cli('package', root, '--out', join(out, name));
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /symbolic link/);
      assert.ok(lstatSync(join(out, name)).isSymbolicLink());
    }
    assert.deepEqual(readFileSync(real), zip);
  });

  it('never overwrites a source file: --out DIR/index.js is refused; an earlier DIR/fn.zip is replaced', () => {
    const root = makeTree({ 'index.js': 'exports.handler = async () => 1;' });
    const r = cli('package', root, '--out', join(root, 'index.js'));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /inside the folder being packaged/);
    assert.equal(readFileSync(join(root, 'index.js'), 'utf8'), 'exports.handler = async () => 1;');
    assert.equal(cli('package', root, '--out', join(root, 'fn.zip')).status, 0);
    const again = cli('package', root, '--out', join(root, 'fn.zip'), '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path), ['index.js']);
  });

  it('outside the folder replaces only an existing zip archive', () => {
    const root = makeTree({ 'index.js': '1' });
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'precious');
    const r = cli('package', root, '--out', join(out, 'notes.txt'));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /not a zip archive/);
    assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'precious');
    assert.equal(cli('package', root, '--out', join(out, 'fn.zip')).status, 0);
    assert.equal(cli('package', root, '--out', join(out, 'fn.zip')).status, 0);
  });

  for (const codeRoot of ['..', '../app', 'inner/../..']) {
    it(`CodeRoot ${JSON.stringify(codeRoot)} is refused with exit 2 before scanning`, () => {
      const parent = tempDir();
      const root = makeTree({ 'index.js': '1', 'inner/x.js': '1', 'lambda-workbench.json': JSON.stringify({ FunctionName: 'f', CodeRoot: codeRoot }) }, join(parent, 'fn'));
      mkdirSync(join(parent, 'app'), { recursive: true });
      const r = cli('package', root, '--json');
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /\$\.CodeRoot must stay inside the workspace folder/);
      assert.equal(r.stdout, '');
    });
  }

  it('a CodeRoot that is a symbolic link out of the folder is refused by real path', () => {
    const other = makeTree({ 'secret.js': '1' });
    const root = makeTree({ 'index.js': '1', 'lambda-workbench.json': JSON.stringify({ FunctionName: 'f', CodeRoot: 'dist' }) });
    symlinkSync(other, join(root, 'dist'));
    const r = cli('package', root, '--json');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /\$\.CodeRoot "dist" resolves to .*, outside the folder/);
    const inv = spawnSync(process.execPath, [CLI, 'invoke', root, '--handler', 'secret.handler'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(inv.status, 2, inv.stderr);
    assert.match(inv.stderr, /outside the folder/);
  });
});
