/**
 * Writes the archive: every entry is already compressed (compress.ts or the incremental cache), so
 * all that is left is laying out headers around those bytes. One buffer of the exact final size is
 * filled in a single pass: no re-chunking, no per-entry promises, one copy of each entry's data.
 *
 * The layout is the one jszip 3.x writes (the project wrote its archives with jszip before, and
 * test/unit/package/zipWriter.test.ts keeps the two byte-identical), so CodeSha256 values are
 * unchanged:
 * - entries sorted by path, folder entries for every ancestor of a file;
 * - a fixed date (1980-01-01 00:00), "made by" UNIX 3.0, modes 0644 files / 0755 executables and folders;
 * - version needed 1.0; no data descriptors; no extra fields except the Info-ZIP Unicode Path field
 *   (with the UTF-8 flag) for names that are not ASCII; no comments; no Zip64.
 */
import { crc32 } from 'node:zlib';
import { WorkbenchError } from '../errors';
import { compare } from './scan';
import type { Yielder } from './yielder';

/** 1980-01-01 00:00:00, the earliest DOS timestamp, as reproducible-build tools use. */
export const FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** No Zip64 records: Lambda's 250 MB limit keeps sizes far below 4 GB; entries are counted. */
export const MAX_ZIP_ENTRIES = 0xffff;

export interface ZipInputEntry {
  path: string;
  method: 'DEFLATE' | 'STORE';
  crc32: number;
  size: number;
  data: Buffer;
  executable: boolean;
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = ((FIXED_DATE.getUTCFullYear() - 1980) << 9) | ((FIXED_DATE.getUTCMonth() + 1) << 5) | FIXED_DATE.getUTCDate();
const MADE_BY_UNIX = 0x031e;
const UTF8_FLAG = 0x0800;
const MODE_FILE = 0o100644;
const MODE_EXEC = 0o100755;
const MODE_DIR = 0o40755;
const DOS_DIR = 0x10;

/** The folders to list: every ancestor of an included file. */
export function folderEntries(paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  // Files of one folder come together (the paths are sorted): their ancestors are listed once.
  let lastDir = '';
  for (const p of paths) {
    const end = p.lastIndexOf('/');
    if (end < 0 || (end + 1 === lastDir.length && p.startsWith(lastDir))) continue;
    lastDir = p.slice(0, end + 1);
    for (let i = p.indexOf('/'); i !== -1 && i <= end; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i + 1));
  }
  return [...dirs];
}

interface Laid {
  path: string;
  /** Bytes of the name in UTF-8. */
  nameBytes: number;
  /** Bytes of the Info-ZIP Unicode Path extra field (names that are not ASCII), else 0. */
  extraBytes: number;
  entry?: ZipInputEntry;
  offset: number;
}

/** The Unicode Path field of the name just written at `nameAt` (the name itself, with its CRC-32). */
function writeUnicodePathField(buf: Buffer, at: number, nameAt: number, nameBytes: number): void {
  const name = buf.subarray(nameAt, nameAt + nameBytes);
  buf.writeUInt16LE(0x7075, at);
  buf.writeUInt16LE(5 + nameBytes, at + 2);
  buf.writeUInt8(1, at + 4);
  buf.writeUInt32LE(crc32(name), at + 5);
  buf.copy(buf, at + 9, nameAt, nameAt + nameBytes);
}

/** The fields local and central headers share, from "version needed" to "extra field length". */
function writeCommon(buf: Buffer, at: number, l: Laid): void {
  const e = l.entry;
  buf.writeUInt16LE(10, at); // version needed to extract: 1.0
  buf.writeUInt16LE(l.extraBytes ? UTF8_FLAG : 0, at + 2);
  buf.writeUInt16LE(e?.method === 'DEFLATE' ? 8 : 0, at + 4);
  buf.writeUInt16LE(DOS_TIME, at + 6);
  buf.writeUInt16LE(DOS_DATE, at + 8);
  buf.writeUInt32LE(e ? e.crc32 >>> 0 : 0, at + 10);
  buf.writeUInt32LE(e ? e.data.length : 0, at + 14);
  buf.writeUInt32LE(e ? e.size : 0, at + 18);
  buf.writeUInt16LE(l.nameBytes, at + 22);
  buf.writeUInt16LE(l.extraBytes, at + 24);
}

/** Entries between two chances for the caller's thread to do something else. */
const YIELD_EVERY = 512;

export async function writeZip(entries: readonly ZipInputEntry[], yielder: Yielder): Promise<Buffer> {
  const dirs = folderEntries(entries.map((e) => e.path));
  if (entries.length + dirs.length > MAX_ZIP_ENTRIES) {
    throw new WorkbenchError('limits', `The package would hold ${entries.length + dirs.length} entries; a zip without Zip64 holds at most ${MAX_ZIP_ENTRIES}.`, {
      hint: 'Leave out files the function does not need with a .lambdaignore (gitignore syntax) at the code root.',
    });
  }
  const all: Array<{ path: string; entry?: ZipInputEntry }> = [...dirs.map((path) => ({ path })), ...entries.map((entry) => ({ path: entry.path, entry }))];
  all.sort((a, b) => compare(a.path, b.path));

  const laid: Laid[] = [];
  let offset = 0;
  let central = 0;
  for (const { path, entry } of all) {
    const nameBytes = Buffer.byteLength(path, 'utf8');
    // More UTF-8 bytes than UTF-16 code units: the name is not ASCII.
    const extraBytes = nameBytes !== path.length ? 9 + nameBytes : 0;
    laid.push({ path, nameBytes, extraBytes, entry, offset });
    offset += LOCAL_HEADER + nameBytes + extraBytes + (entry ? entry.data.length : 0);
    central += CENTRAL_HEADER + nameBytes + extraBytes;
  }

  const out = Buffer.allocUnsafe(offset + central + END_RECORD);
  let at = 0;
  for (let i = 0; i < laid.length; i++) {
    if (i % YIELD_EVERY === 0) await yielder.maybeYield();
    const l = laid[i]!;
    out.writeUInt32LE(0x04034b50, at);
    writeCommon(out, at + 4, l);
    at += LOCAL_HEADER;
    at += out.write(l.path, at, l.nameBytes, 'utf8');
    if (l.extraBytes) at += (writeUnicodePathField(out, at, at - l.nameBytes, l.nameBytes), l.extraBytes);
    if (l.entry) {
      out.set(l.entry.data, at);
      at += l.entry.data.length;
    }
  }
  for (let i = 0; i < laid.length; i++) {
    if (i % YIELD_EVERY === 0) await yielder.maybeYield();
    const l = laid[i]!;
    out.writeUInt32LE(0x02014b50, at);
    out.writeUInt16LE(MADE_BY_UNIX, at + 4);
    writeCommon(out, at + 6, l);
    out.writeUInt16LE(0, at + 32); // comment length
    out.writeUInt16LE(0, at + 34); // disk number start
    out.writeUInt16LE(0, at + 36); // internal attributes
    const mode = !l.entry ? MODE_DIR : l.entry.executable ? MODE_EXEC : MODE_FILE;
    out.writeUInt32LE((((mode & 0xffff) << 16) | (l.entry ? 0 : DOS_DIR)) >>> 0, at + 38);
    out.writeUInt32LE(l.offset, at + 42);
    at += CENTRAL_HEADER;
    // The name and extra field again, as written in the local header.
    const local = l.offset + LOCAL_HEADER;
    at += out.copy(out, at, local, local + l.nameBytes + l.extraBytes);
  }
  out.writeUInt32LE(0x06054b50, at);
  out.writeUInt16LE(0, at + 4);
  out.writeUInt16LE(0, at + 6);
  out.writeUInt16LE(laid.length, at + 8);
  out.writeUInt16LE(laid.length, at + 10);
  out.writeUInt32LE(central, at + 12);
  out.writeUInt32LE(offset, at + 16);
  out.writeUInt16LE(0, at + 20);
  return out;
}
