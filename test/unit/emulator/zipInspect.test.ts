import * as assert from 'node:assert/strict';
import JSZip from 'jszip';
import { inspectZip, ZipFormatError } from '../../../src/core/config/validationZip';
import { storedZip } from './zipBytes';

describe('zip inspection (central directory only)', () => {
  it('lists entries and sums uncompressed sizes of a jszip-made archive', async () => {
    const zip = new JSZip();
    zip.file('index.js', 'x'.repeat(1000));
    zip.file('lib/a.txt', 'hello');
    zip.folder('empty');
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', comment: 'with a comment' });
    const info = inspectZip(bytes);
    assert.deepEqual(info.entries.map((e) => e.name).sort(), ['empty/', 'index.js', 'lib/', 'lib/a.txt']);
    assert.equal(info.uncompressedSize, 1005);
    assert.ok(info.entries.find((e) => e.name === 'index.js')!.compressedSize < 1000);
  });

  it('accepts an empty archive', () => {
    assert.deepEqual(inspectZip(storedZip({})), { entries: [], uncompressedSize: 0 });
  });

  it('rejects text, truncated archives and broken directories with ZipFormatError', () => {
    const good = storedZip({ 'a.txt': 'abc', 'b.txt': 'def' }, { deflate: true });
    assert.equal(inspectZip(good).uncompressedSize, 6);
    assert.throws(() => inspectZip(Buffer.from('just some text that is long enough')), ZipFormatError);
    assert.throws(() => inspectZip(good.subarray(0, good.length - 30)), ZipFormatError);
    const badCentral = Buffer.from(good);
    badCentral.writeUInt32LE(0xdeadbeef, badCentral.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    assert.throws(() => inspectZip(badCentral), /central directory entry 1 is damaged/);
    const badOffset = Buffer.from(good);
    badOffset.writeUInt32LE(3, badOffset.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 42);
    assert.throws(() => inspectZip(badOffset), /points at no local header/);
  });

  it('reads ZIP64 sizes from the extra field', () => {
    // One entry whose central record says 0xffffffff and carries the real size in a ZIP64 extra field.
    const plain = storedZip({ 'big.bin': 'x' });
    const cdAt = plain.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const extra = Buffer.alloc(12);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(5_000_000_000n, 4);
    const central = Buffer.from(plain.subarray(cdAt, plain.length - 22));
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(extra.length, 30);
    const cd = Buffer.concat([central, extra]);
    const eocd = Buffer.from(plain.subarray(plain.length - 22));
    eocd.writeUInt32LE(cd.length, 12);
    const zip64 = Buffer.concat([plain.subarray(0, cdAt), cd, eocd]);
    assert.equal(inspectZip(zip64).uncompressedSize, 5_000_000_000);
  });
});
