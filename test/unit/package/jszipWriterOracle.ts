/**
 * The test oracle for src/core/package/zipWriter.ts: the jszip-based writer the packager used
 * before it wrote archives itself. The new writer must produce exactly these bytes.
 *
 * jszip writes the archive; Node's zlib has already compressed every entry (see compress.ts).
 *
 * jszip re-uses compressed data it is handed as a `CompressedObject` whose method matches the one
 * asked for (that is how it rewrites a loaded zip without recompressing), so entries deflated by
 * zlib on the libuv pool go in as CompressedObjects and jszip only lays out headers and the central
 * directory. Two small subclasses make that cheap: jszip normally re-chunks content into 16 KB
 * pieces with a setImmediate per piece; the worker below hands each entry over in one piece.
 *
 * Determinism: entries sorted by path, a fixed date, Unix "made by" with normalized modes
 * (0644 files, 0755 executables and folders), no extra fields, no data descriptors.
 */
import JSZip from 'jszip';
import CompressedObject from 'jszip/lib/compressedObject';
import * as compressions from 'jszip/lib/compressions';
import DataWorker from 'jszip/lib/stream/DataWorker';
import { folderEntries } from '../../../src/core/package/zipWriter';
import { compare } from '../../../src/core/package/scan';
import type { ZipInputEntry } from '../../../src/core/package/zipWriter';
import type { Yielder } from '../../../src/core/package/yielder';

const FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

class WholeEntryWorker extends DataWorker {
  override _tick(): boolean {
    if (this.isPaused || this.isFinished) return false;
    if (this.index >= this.max) return this.end();
    const data = this.data;
    this.index = this.max;
    return this.push({ data, meta: { percent: 100 } });
  }
}

class Precompressed extends CompressedObject {
  override getCompressedWorker(): unknown {
    return new WholeEntryWorker(Promise.resolve(this.compressedContent))
      .withStreamInfo('compressedSize', this.compressedSize)
      .withStreamInfo('uncompressedSize', this.uncompressedSize)
      .withStreamInfo('crc32', this.crc32)
      .withStreamInfo('compression', this.compression);
  }
}

export async function jszipWriteZip(entries: readonly ZipInputEntry[], yielder: Yielder): Promise<Buffer> {
  const dirs = folderEntries(entries.map((e) => e.path));
  const all: Array<{ name: string; entry?: ZipInputEntry }> = [...dirs.map((name) => ({ name })), ...entries.map((entry) => ({ name: entry.path, entry }))];
  all.sort((a, b) => compare(a.name, b.name));

  const zip = new JSZip();
  for (const { name, entry } of all) {
    await yielder.maybeYield();
    if (!entry) {
      zip.file(name, null, { dir: true, date: FIXED_DATE, unixPermissions: 0o40755, createFolders: false });
      continue;
    }
    const method = entry.method === 'STORE' ? compressions.STORE : compressions.DEFLATE;
    const data = new Precompressed(entry.data.length, entry.size, entry.crc32, method, entry.data);
    // jszip's typings do not list CompressedObject as an input, though its runtime accepts it.
    zip.file(name, data as unknown as Uint8Array, {
      binary: true,
      date: FIXED_DATE,
      createFolders: false,
      unixPermissions: entry.executable ? 0o100755 : 0o100644,
      compression: entry.method,
    });
  }
  await yielder.maybeYield();
  return zip.generateAsync({ type: 'nodebuffer', platform: 'UNIX', compression: 'DEFLATE', streamFiles: false });
}
