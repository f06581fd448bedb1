/**
 * writeProductFile / checkProductFile / readRegularFile: nothing the user owns is replaced, links
 * are never followed, non-files are refused (never waited on). FIFOs, device nodes and links are
 * made in temp folders only.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkbenchError } from '../../../src/core/errors';
import { checkProductFile, isZipArchive, writeProductFile } from '../../../src/core/files/productFile';
import { readRegularFile } from '../../../src/core/files/regularFile';

const ZIP = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function refused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof WorkbenchError, String(e));
    assert.equal(e.kind, 'validation');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('product files (core/files)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'lw-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file (creating folders) atomically, leaving no temp file behind', async () => {
    const file = path.join(dir, 'a', 'b', 'out.zip');
    assert.equal(await writeProductFile(file, ZIP, { kind: 'zip' }), file);
    assert.deepEqual(readFileSync(file), ZIP);
    assert.deepEqual(readdirSync(path.dirname(file)), ['out.zip']);
  });

  it('refuses a FIFO, and leaves it a FIFO', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await refused(writeProductFile(fifo, ZIP, { kind: 'zip' }), /named pipe \(FIFO\)/);
    await refused(writeProductFile(fifo, 'x'), /named pipe/);
    assert.ok(lstatSync(fifo).isFIFO());
  });

  it('refuses a character device node (made with mknod in a temp folder), and leaves it', async function () {
    if (!isRoot()) this.skip(); // mknod needs root; the FIFO and link cases cover non-root runs.
    const dev = path.join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    await refused(writeProductFile(dev, ZIP, { kind: 'zip' }), /character device/);
    assert.ok(lstatSync(dev).isCharacterDevice());
  });

  it('refuses a symbolic link, even to a zip, and never touches its target', async () => {
    const target = path.join(dir, 'real.zip');
    writeFileSync(target, ZIP);
    const link = path.join(dir, 'link.zip');
    symlinkSync(target, link);
    await refused(writeProductFile(link, Buffer.from('PK\x03\x04new'), { kind: 'zip' }), /symbolic link/);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(readFileSync(target), ZIP);
    const dangling = path.join(dir, 'dangling.json');
    symlinkSync(path.join(dir, 'nowhere.json'), dangling);
    await refused(writeProductFile(dangling, '{}'), /symbolic link/);
    assert.throws(() => statSync(path.join(dir, 'nowhere.json')));
  });

  it('refuses a folder', async () => {
    mkdirSync(path.join(dir, 'folder.zip'));
    await refused(writeProductFile(path.join(dir, 'folder.zip'), ZIP, { kind: 'zip' }), /is a folder/);
  });

  it('zip: replaces an existing zip archive (keeping its mode), but not a non-zip file', async () => {
    const old = path.join(dir, 'old.zip');
    writeFileSync(old, ZIP);
    chmodSync(old, 0o600);
    const next = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('new')]);
    await writeProductFile(old, next, { kind: 'zip' });
    assert.deepEqual(readFileSync(old), next);
    assert.equal(statSync(old).mode & 0o777, 0o600);
    const notes = path.join(dir, 'notes.txt');
    writeFileSync(notes, 'precious');
    await refused(writeProductFile(notes, ZIP, { kind: 'zip' }), /not a zip archive/);
    assert.equal(readFileSync(notes, 'utf8'), 'precious');
  });

  it('zip: inside the packaged folder only an existing .zip that is a zip archive is replaced', async () => {
    const src = path.join(dir, 'src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'index.js'), 'exports.handler = 1;');
    writeFileSync(path.join(src, 'fake.js'), ZIP); // zip bytes, but a source file's name
    writeFileSync(path.join(src, 'old.zip'), ZIP);
    await refused(writeProductFile(path.join(src, 'index.js'), ZIP, { kind: 'zip', sourceRoot: src }), /inside the folder being packaged/);
    await refused(writeProductFile(path.join(src, 'fake.js'), ZIP, { kind: 'zip', sourceRoot: src }), /inside the folder being packaged/);
    assert.equal(readFileSync(path.join(src, 'index.js'), 'utf8'), 'exports.handler = 1;');
    await writeProductFile(path.join(src, 'old.zip'), ZIP, { kind: 'zip', sourceRoot: src });
    await writeProductFile(path.join(src, 'new.bin'), ZIP, { kind: 'zip', sourceRoot: src }); // new files are fine
  });

  it('within: a symlinked parent cannot lead the file out of the folder', async () => {
    const ws = path.join(dir, 'ws');
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(ws);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(ws, '.lambda'));
    await refused(writeProductFile(path.join(ws, '.lambda', 'events', 'f', 'e.json'), '{}', { within: ws }), /outside/);
    assert.deepEqual(readdirSync(elsewhere), []);
    await writeProductFile(path.join(ws, 'x', 'e.json'), '{}', { within: ws });
  });

  it('text: replaces an existing regular file', async () => {
    const f = path.join(dir, 'e.json');
    writeFileSync(f, '{"a":1}');
    await writeProductFile(f, '{"a":2}\n');
    assert.equal(readFileSync(f, 'utf8'), '{"a":2}\n');
    checkProductFile(f);
  });

  it('isZipArchive reads the magic bytes', () => {
    writeFileSync(path.join(dir, 'z'), ZIP);
    writeFileSync(path.join(dir, 't'), 'PK');
    assert.equal(isZipArchive(path.join(dir, 'z')), true);
    assert.equal(isZipArchive(path.join(dir, 't')), false);
    assert.equal(isZipArchive(path.join(dir, 'missing')), false);
  });

  it('readRegularFile refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = path.join(dir, 'event.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await refused(readRegularFile(fifo, 'The event file'), /The event file .* is a named pipe \(FIFO\), not a regular file/);
    assert.ok(Date.now() - started < 2000);
    await refused(readRegularFile(dir), /is a folder/);
    writeFileSync(path.join(dir, 'ok'), 'hi');
    assert.equal((await readRegularFile(path.join(dir, 'ok'))).toString(), 'hi');
    await assert.rejects(readRegularFile(path.join(dir, 'missing')), { code: 'ENOENT' });
  });
});
