import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { planExtraction, safeEntryPath, writeExtraction } from '../../../src/core/download/safeExtract';

async function zipOf(files: Record<string, { data: string; mode?: number }>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, f] of Object.entries(files)) zip.file(name, f.data, { unixPermissions: f.mode ?? 0o644, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

/** Rewrites the central directory's uncompressed size of the first entry (to fake a bomb or a huge archive). */
function setDeclaredSize(zip: Buffer, size: number): Buffer {
  const copy = Buffer.from(zip);
  const at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  copy.writeUInt32LE(size, at + 24);
  return copy;
}

describe('safe extraction of downloaded code', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lw-extract-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const expectRefusal = async (zip: Buffer, kind: string, pattern: RegExp) => {
    await assert.rejects(planExtraction(zip, join(root, 'out')), (e: Error & { kind?: string }) => e.kind === kind && pattern.test(e.message));
    assert.ok(!existsSync(join(root, 'out')), 'nothing written');
  };

  it('keeps entry paths inside the folder', () => {
    assert.equal(safeEntryPath('a/b.js'), 'a/b.js');
    assert.equal(safeEntryPath('./a//b.js'), 'a/b.js');
    assert.equal(safeEntryPath('a\\b.js'), 'a/b.js');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'c:x', '..', 'a/\0b']) assert.equal(safeEntryPath(bad), undefined, bad);
  });

  it('refuses an archive with an entry escaping the folder (zip slip)', async () => {
    await expectRefusal(await zipOf({ 'ok.js': { data: '1' }, '../evil.js': { data: '2' } }), 'validation', /outside the folder/);
  });

  it('refuses links that point outside, makes links that stay inside', async () => {
    await expectRefusal(await zipOf({ 'index.js': { data: '1' }, 'up': { data: '../../etc/passwd', mode: 0o120777 } }), 'validation', /symbolic link that points outside/);
    await expectRefusal(await zipOf({ 'abs': { data: '/etc/passwd', mode: 0o120777 } }), 'validation', /points outside/);
    const plan = await planExtraction(await zipOf({ 'lib/real.js': { data: 'x' }, 'bin/tool': { data: '../lib/real.js', mode: 0o120755 } }), join(root, 'out'));
    await writeExtraction(plan);
    assert.ok(lstatSync(join(root, 'out', 'bin', 'tool')).isSymbolicLink());
    assert.equal(readlinkSync(join(root, 'out', 'bin', 'tool')), '../lib/real.js');
  });

  it('refuses archives over 250 MB unzipped and entries that inflate past what they declare', async () => {
    const small = await zipOf({ 'a.txt': { data: 'x'.repeat(5000) } });
    await expectRefusal(setDeclaredSize(small, 300 * 1024 * 1024), 'limits', /over the 262144000-byte limit/);
    await expectRefusal(setDeclaredSize(small, 10), 'validation', /inflates past the 10 bytes/);
  });

  it('does not write through a link already in the folder that leads out', async () => {
    mkdirSync(join(root, 'out'));
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(root, 'out', 'lib'));
    const plan = await planExtraction(await zipOf({ 'lib/x.js': { data: 'x' } }), join(root, 'out'));
    await assert.rejects(writeExtraction(plan, { overwrite: true }), /outside|symbolic link/);
    assert.ok(!existsSync(join(root, 'elsewhere', 'x.js')));
  });

  it('keeps executable bits', async () => {
    const plan = await planExtraction(await zipOf({ bootstrap: { data: '#!/bin/sh\n', mode: 0o755 }, 'a.js': { data: '1' } }), join(root, 'out'));
    await writeExtraction(plan);
    assert.equal(lstatSync(join(root, 'out', 'bootstrap')).mode & 0o111, 0o111);
    assert.equal(readFileSync(join(root, 'out', 'a.js'), 'utf8'), '1');
  });
});
