/**
 * Reads a zip's central directory without inflating anything, so the unzipped-size limit can be
 * checked on a zip bomb in microseconds. Handles ZIP64 end records and extra fields.
 */

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  isDirectory: boolean;
  /** 0 stored, 8 deflated (others are not inflated by anyone here). */
  method: number;
  /** Where the entry's local header starts. */
  localOffset: number;
  /** Unix permission bits when the archive was made on Unix. */
  mode?: number;
  /** A symbolic link (Unix file type in the external attributes); its data is the link's target. */
  isSymlink?: boolean;
}

export interface ZipInfo {
  entries: ZipEntryInfo[];
  /** Sum of the entries' uncompressed sizes: what the service compares with CodeSizeUnzipped. */
  uncompressedSize: number;
}

export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a ZIP64 size is too large');
  return Number(v);
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_MIN - MAX_COMMENT);
  for (let i = buf.length - EOCD_MIN; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  throw new ZipFormatError('no end-of-central-directory record (not a zip file, or truncated)');
}

/** Throws ZipFormatError when the bytes are not a readable zip archive. */
export function inspectZip(bytes: Uint8Array): ZipInfo {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < EOCD_MIN) throw new ZipFormatError('the file is too short to be a zip');
  const eocd = findEocd(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG) {
    const z64 = u64(buf, eocd - 20 + 8);
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== ZIP64_EOCD_SIG) throw new ZipFormatError('a broken ZIP64 end record');
    count = u64(buf, z64 + 32);
    cdSize = u64(buf, z64 + 40);
    cdOffset = u64(buf, z64 + 48);
  }
  if (cdOffset + cdSize > buf.length) throw new ZipFormatError('the central directory lies outside the file (truncated?)');
  if (count > 0 && buf.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError('the file does not start with a zip entry');
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL_SIG) throw new ZipFormatError(`central directory entry ${i + 1} is damaged`);
    let compressedSize = buf.readUInt32LE(at + 20);
    let uncompressedSize = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    let localOffset = buf.readUInt32LE(at + 42);
    const method = buf.readUInt16LE(at + 10);
    const madeOnUnix = buf.readUInt8(at + 5) === 3;
    const unixMode = (buf.readUInt32LE(at + 38) >>> 16) & 0o7777;
    const end = at + 46 + nameLen + extraLen + commentLen;
    if (end > buf.length) throw new ZipFormatError(`central directory entry ${i + 1} is truncated`);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extra field (0x0001): the 64-bit values appear only for the fields that overflowed.
      let x = at + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = buf.readUInt16LE(x);
        const size = buf.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let p = x + 4;
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = u64(buf, p);
            p += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(buf, p);
            p += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(buf, p);
          break;
        }
        x += 4 + size;
      }
    }
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL_SIG) throw new ZipFormatError(`entry "${name}" points at no local header`);
    const isSymlink = madeOnUnix && ((buf.readUInt32LE(at + 38) >>> 16) & 0o170000) === 0o120000;
    entries.push({ name, compressedSize, uncompressedSize, isDirectory: name.endsWith('/'), method, localOffset, ...(madeOnUnix && unixMode ? { mode: unixMode } : {}), ...(isSymlink ? { isSymlink } : {}) });
    total += uncompressedSize;
    at = end;
  }
  return { entries, uncompressedSize: total };
}
