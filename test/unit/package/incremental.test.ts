/**
 * The incremental packaging cache: a re-package reuses the compressed entries of the folder's last
 * package and must give exactly the bytes a full package of the same tree gives, whatever happened
 * in between (edits, deletions, renames, mode changes, private keys, a broken cache).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { packageCacheRoot } from '../../../src/core/package/entryCache';
import { CACHE_BUDGET_BYTES } from '../../../src/core/package/entryCacheStore';
import { packageFolder } from '../../../src/core/package/packageFolder';
import type { PackageOptions } from '../../../src/core/package/types';
import { cleanupTrees, makeTree, type TreeSpec } from './helpers';

const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n';

function tree(): TreeSpec {
  const text = 'module.exports = function add(a, b) { return a + b; };\n';
  return {
    'index.js': 'exports.handler = async () => require("./lib/add")(1, 2);\n',
    'lib/add.js': text.repeat(300),
    'lib/util.js': text.repeat(3),
    'lib/same.js': text.repeat(3), // same content as util.js: one cached blob serves both
    'assets/blob.bin': randomBytes(200 * 1024), // stored, > 128 KB: the thread-pool path
    'assets/large.txt': text.repeat(4000), // deflated, > 128 KB
    'bin/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    'keys/id_rsa_copy': KEY, // content sniffing drops it
    'empty.txt': '',
  };
}

/** Files written now carry mtimes older than the cache's racy window, as after a real save a while ago. */
function age(root: string): void {
  const old = new Date(Date.now() - 60_000);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else utimesSync(p, old, old);
    }
  };
  walk(root);
}

describe('package: incremental cache', () => {
  let cacheDir: string;
  const saved = process.env.LAMBDA_WORKBENCH_CACHE_DIR;
  const opts = (extra: PackageOptions = {}): PackageOptions => ({ thread: 'main', ...extra });
  const full = (root: string) => packageFolder(root, opts({ incremental: false }));

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'lw-cache-'));
    process.env.LAMBDA_WORKBENCH_CACHE_DIR = cacheDir;
  });
  afterEach(() => {
    cleanupTrees();
    rmSync(cacheDir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.LAMBDA_WORKBENCH_CACHE_DIR;
    else process.env.LAMBDA_WORKBENCH_CACHE_DIR = saved;
  });

  it('a second package of an unchanged tree reuses every entry and gives the same bytes', async () => {
    const root = makeTree(tree());
    age(root);
    const first = await packageFolder(root, opts());
    assert.equal(first.manifest.incremental?.reused, 0);
    const second = await packageFolder(root, opts());
    assert.equal(second.manifest.incremental?.compressed, 0);
    assert.equal(second.manifest.incremental?.reused, second.manifest.fileCount + 1 /* the private key's verdict */);
    assert.ok(second.zip.equals(first.zip));
    assert.ok(second.zip.equals((await full(root)).zip));
  });

  it('after an edit, a deletion, a rename and a chmod it compresses only the edited file and matches a full package', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    writeFileSync(join(root, 'lib', 'add.js'), 'module.exports = (a, b) => a - b;\n'.repeat(50));
    unlinkSync(join(root, 'empty.txt'));
    renameSync(join(root, 'assets', 'large.txt'), join(root, 'assets', 'renamed.txt'));
    chmodSync(join(root, 'index.js'), 0o755);
    const again = await packageFolder(root, opts());
    assert.equal(again.manifest.incremental?.compressed, 1, 'only the edited file');
    const reference = await full(root);
    assert.ok(again.zip.equals(reference.zip), 'byte-identical to a full package');
    assert.equal(again.manifest.files.find((f) => f.path === 'index.js')?.mode, '0755');
    assert.ok(again.manifest.files.some((f) => f.path === 'assets/renamed.txt'));
  });

  it('an edit that keeps the size inside the timestamp granularity is caught by content', async () => {
    const root = makeTree({ 'index.js': 'exports.handler = async () => 1;\n' });
    const file = join(root, 'index.js');
    await packageFolder(root, opts());
    const { mtime } = await import('node:fs').then((fs) => fs.statSync(file));
    writeFileSync(file, 'exports.handler = async () => 2;\n'); // same size
    utimesSync(file, mtime, mtime); // and the same mtime, as a second write within one tick leaves it
    const again = await packageFolder(root, opts());
    assert.ok(again.zip.equals((await full(root)).zip));
  });

  it('keeps leaving a private key out, and packages it once a !pattern asks for it', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    const again = await packageFolder(root, opts());
    assert.ok(again.manifest.excluded.some((e) => e.path === 'keys/id_rsa_copy' && e.rule === 'secret-content'));
    writeFileSync(join(root, '.lambdaignore'), '!keys/id_rsa_copy\n');
    const forced = await packageFolder(root, opts());
    assert.ok(forced.manifest.files.some((f) => f.path === 'keys/id_rsa_copy'));
    assert.ok(forced.zip.equals((await full(root)).zip));
  });

  it('a corrupt or foreign cache is ignored, never trusted', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    const reference = (await full(root)).zip;
    const [folder] = readdirSync(join(cacheDir, 'packages'));
    const dir = join(cacheDir, 'packages', folder!);
    const data = join(dir, 'data.bin');
    const good = readFileSync(data);
    writeFileSync(data, randomBytes(good.length)); // same length, other bytes: the index's CRC no longer matches
    const garbled = await packageFolder(root, opts());
    assert.equal(garbled.manifest.incremental?.reused, 0);
    assert.ok(garbled.zip.equals(reference));

    // An index another packager wrote (another version key), even with a valid checksum.
    const index = join(dir, 'index.bin');
    const bytes = readFileSync(index);
    const headEnd = 12 + bytes.readUInt32LE(4);
    const head = bytes.toString('utf8', 12, headEnd);
    const version = (JSON.parse(head) as { version: string }).version;
    bytes.write(head.replace(version, 'x'.repeat(version.length)), 12, 'utf8');
    bytes.writeUInt32LE(crc32(bytes.subarray(0, bytes.length - 4)), bytes.length - 4);
    writeFileSync(index, bytes);
    const foreign = await packageFolder(root, opts());
    assert.equal(foreign.manifest.incremental?.reused, 0);
    assert.ok(foreign.zip.equals(reference));

    writeFileSync(index, 'not an index');
    assert.ok((await packageFolder(root, opts())).zip.equals(reference));
    // A data file cut short (a crash while writing it): shorter than the index says.
    writeFileSync(data, readFileSync(data).subarray(0, 10));
    const cut = await packageFolder(root, opts());
    assert.equal(cut.manifest.incremental?.reused, 0);
    assert.ok(cut.zip.equals(reference));
  });

  it('appends what changed to its data file and compacts it once most of it is stale', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    const [folder] = readdirSync(join(cacheDir, 'packages'));
    const data = join(cacheDir, 'packages', folder!, 'data.bin');
    const live = () => statSync(data).size;
    const first = live();
    // Each round rewrites a text file with other content: ~150 KB of new compressed bytes each time.
    const sizes: number[] = [];
    for (let round = 0; round < 12; round++) {
      const text = `module.exports = ${round};\n`.repeat(6000) + randomBytes(150_000).toString('base64');
      writeFileSync(join(root, 'assets', 'large.txt'), text);
      const again = await packageFolder(root, opts());
      assert.equal(again.manifest.incremental?.compressed, 1, `round ${round}: only the edited file`);
      assert.ok(again.zip.equals((await full(root)).zip), `round ${round}: byte-identical to a full package`);
      sizes.push(live());
    }
    assert.ok(sizes[0]! > first, 'the first edit is appended');
    assert.ok(sizes.some((n, i) => i > 0 && n < sizes[i - 1]!), `compacted at some point: ${sizes.join(', ')}`);
    // Never more than twice the live bytes plus 1 MB (the compaction rule).
    for (const n of sizes) assert.ok(n <= 2 * first + 3 * 1024 * 1024, `${n} bytes`);
  });

  it('never uses bytes past what its index names (a torn append), and appends after them', async () => {
    // A big stored file too: read from the data file directly, past the window that serves the rest.
    const root = makeTree({ ...tree(), 'assets/big.bin': randomBytes(400 * 1024) });
    age(root);
    await packageFolder(root, opts());
    const [folder] = readdirSync(join(cacheDir, 'packages'));
    const data = join(cacheDir, 'packages', folder!, 'data.bin');
    appendFileSync(data, randomBytes(4096)); // a save that died mid-write
    writeFileSync(join(root, 'lib', 'util.js'), 'module.exports = 7;\n');
    const again = await packageFolder(root, opts());
    assert.equal(again.manifest.incremental?.compressed, 1);
    assert.ok(again.zip.equals((await full(root)).zip));
    const third = await packageFolder(root, opts());
    assert.equal(third.manifest.incremental?.compressed, 0, 'the appended entry is found again');
    assert.ok(third.manifest.files.some((f) => f.path === 'assets/big.bin'));
    assert.ok(third.zip.equals(again.zip));
  });

  it('an index from before a compaction is not used with the compacted data', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    const [folder] = readdirSync(join(cacheDir, 'packages'));
    const dir = join(cacheDir, 'packages', folder!);
    const header = () => readFileSync(join(dir, 'data.bin')).subarray(0, 16).toString('hex');
    const oldIndex = readFileSync(join(dir, 'index.bin'));
    const oldHeader = header();
    for (let round = 0; header() === oldHeader && round < 20; round++) {
      writeFileSync(join(root, 'assets', 'large.txt'), randomBytes(150_000).toString('base64'));
      await packageFolder(root, opts());
    }
    assert.notEqual(header(), oldHeader, 'compacted into a file with a new header');
    writeFileSync(join(dir, 'index.bin'), oldIndex); // as a process that read the index just before
    const stale = await packageFolder(root, opts());
    assert.equal(stale.manifest.incremental?.reused, 0);
    assert.ok(stale.zip.equals((await full(root)).zip));
  });

  it('skips its save while another process saves, and takes over a lock its owner left behind', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    const [folder] = readdirSync(join(cacheDir, 'packages'));
    const dir = join(cacheDir, 'packages', folder!);
    const lock = join(dir, 'save.lock');
    writeFileSync(lock, '');
    writeFileSync(join(root, 'lib', 'util.js'), 'module.exports = 8;\n');
    const during = await packageFolder(root, opts());
    assert.ok(during.zip.equals((await full(root)).zip));
    assert.equal((await packageFolder(root, opts())).manifest.incremental?.compressed, 1, 'not saved while locked');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old); // its owner died a while ago
    await packageFolder(root, opts());
    assert.equal((await packageFolder(root, opts())).manifest.incremental?.compressed, 0, 'saved once the lock was stale');
    assert.ok(!existsSync(lock), 'and released');
  });

  it('takes over at once a fresh lock whose owner process on this machine is gone, and not one whose owner runs', async () => {
    const root = makeTree(tree());
    age(root);
    await packageFolder(root, opts());
    const [folder] = readdirSync(join(cacheDir, 'packages'));
    const lock = join(cacheDir, 'packages', folder!, 'save.lock');
    // A process that ran and exited: its PID names no process now.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(lock, `${dead} ${hostname()}`);
    writeFileSync(join(root, 'lib', 'util.js'), 'module.exports = 9;\n');
    await packageFolder(root, opts());
    assert.equal((await packageFolder(root, opts())).manifest.incremental?.compressed, 0, 'saved at once: its owner is gone');
    assert.ok(!existsSync(lock), 'and released');

    writeFileSync(lock, `${process.pid} ${hostname()}`);
    writeFileSync(join(root, 'lib', 'util.js'), 'module.exports = 10;\n');
    await packageFolder(root, opts());
    assert.equal((await packageFolder(root, opts())).manifest.incremental?.compressed, 1, 'not saved: its owner runs');
    writeFileSync(lock, `${dead} another-machine`);
    await packageFolder(root, opts());
    assert.equal((await packageFolder(root, opts())).manifest.incremental?.compressed, 1, 'not saved: a process of another machine cannot be checked');
    rmSync(lock);
  });

  it('works the same in the packaging worker thread', async () => {
    const root = makeTree(tree());
    age(root);
    const a = await packageFolder(root, {});
    const b = await packageFolder(root, {});
    assert.equal(b.manifest.incremental?.compressed, 0);
    assert.ok(a.zip.equals(b.zip));
  });

  it('lives outside the workspace, in the per-user cache folder, and is bounded', () => {
    assert.equal(packageCacheRoot({}, 'linux', '/home/u'), '/home/u/.cache/lambda-workbench');
    assert.equal(packageCacheRoot({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/x/lambda-workbench');
    assert.equal(packageCacheRoot({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/lambda-workbench');
    assert.match(packageCacheRoot({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), /lambda-workbench/);
    assert.equal(packageCacheRoot({ LAMBDA_WORKBENCH_CACHE_DIR: '/tmp/c' }, 'linux', '/home/u'), '/tmp/c');
    assert.ok(CACHE_BUDGET_BYTES <= 512 * 1024 * 1024);
  });
});
