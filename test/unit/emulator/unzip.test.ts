/** The emulator's bounded unzip: a zip bomb stops at its declared size, damage is an UnzipError. */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { extractZip, UnzipError, verifyZip } from '../../../src/core/emulator/unzip';
import { lyingZip, storedZip } from './zipBytes';

describe('emulator unzip (bounded against zip bombs)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-unzip-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('extracts an honest archive with its files and unix modes', async () => {
    const zip = new JSZip();
    zip.file('index.js', 'exports.handler = 1;');
    zip.file('bin/run', '#!/bin/sh\n', { unixPermissions: 0o755 });
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
    await verifyZip(bytes);
    await extractZip(bytes, dir);
    assert.equal(await readFile(join(dir, 'index.js'), 'utf8'), 'exports.handler = 1;');
    assert.equal((await stat(join(dir, 'bin/run'))).mode & 0o777, 0o755);
  });

  it('stops a 100-byte claim that inflates to 64 MB after the declared size, using little memory', async () => {
    const bomb = lyingZip(100, 64 * 1024 * 1024);
    assert.ok(bomb.length < 200_000, `the bomb is ${bomb.length} bytes`);
    const before = process.memoryUsage().arrayBuffers;
    await assert.rejects(verifyZip(bomb), (e: Error) => e instanceof UnzipError && /inflates past the 100 bytes it declares/.test(e.message));
    await assert.rejects(extractZip(bomb, dir), UnzipError);
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024, 'nothing near the inflated size was held');
    const written = await stat(join(dir, 'index.js'));
    assert.ok(written.size <= 100, `wrote ${written.size} bytes`);
  });

  it('refuses an entry that inflates to less than it declares, and unknown compression methods', async () => {
    await assert.rejects(verifyZip(lyingZip(5000, 10)), /inflates to 10 bytes, not the 5000/);
    const odd = storedZip({ 'a.txt': 'abc' });
    odd.writeUInt16LE(12, odd.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    await assert.rejects(verifyZip(odd), /compression method 12/);
  });

  it('refuses a declared size over the 250 MB unzipped limit before inflating anything', async () => {
    await assert.rejects(verifyZip(lyingZip(300 * 1024 * 1024, 10)), /over the 262144000-byte limit/);
  });
});
