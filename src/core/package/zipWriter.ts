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
import { compare, isSortedByPath } from './scan';
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
  /** The compressed bytes (empty when `source` holds them). */
  data: Buffer;
  compressedSize: number;
  /** Where the compressed bytes are when they are not in memory: `compressedSize` bytes at `sourceAt`. */
  source?: DataSource;
  sourceAt?: number;
  executable: boolean;
}

/** Bytes kept outside memory (the incremental cache's data file), copied straight into the archive. */
export interface DataSource {
  copy(out: Buffer, at: number, from: number, length: number): void;
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

/**
 * Every entry of the archive in order: the files (sorted by path) with a folder entry for each
 * ancestor placed just before the first file under it. That is the sorted order of files and
 * folders together: a folder "d/" that a file f2 needs and f1 (the file before it) did not sorts
 * after f1, since anything between "d/" and f2 starts with "d/" and so would have needed it too.
 * Only the folders past the common prefix of consecutive files are new.
 */
function withFolders(files: readonly ZipInputEntry[]): { paths: string[]; entries: Array<ZipInputEntry | undefined> } {
  const paths: string[] = [];
  const entries: Array<ZipInputEntry | undefined> = [];
  let prev = '';
  for (const e of files) {
    const p = e.path;
    const end = p.lastIndexOf('/') + 1; // p.slice(0, end) is its folder, with the slash
    if (end > 0 && !(end === prev.length && p.startsWith(prev))) {
      // The folders they share end with a slash before the first character where they differ.
      const n = Math.min(end, prev.length);
      let same = 0;
      while (same < n && p.charCodeAt(same) === prev.charCodeAt(same)) same++;
      for (let i = p.indexOf('/', same); i !== -1 && i < end; i = p.indexOf('/', i + 1)) {
        paths.push(p.slice(0, i + 1));
        entries.push(undefined);
      }
    }
    prev = p.slice(0, end);
    paths.push(p);
    entries.push(e);
  }
  return { paths, entries };
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

/** A local header with its fixed fields (signature, version 1.0, the fixed date) filled in. */
const LOCAL_TEMPLATE = template(LOCAL_HEADER, 0x04034b50, 4);
/** A central directory record likewise ("made by" UNIX 3.0 too). */
const CENTRAL_TEMPLATE = template(CENTRAL_HEADER, 0x02014b50, 6);

function template(bytes: number, signature: number, common: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUInt32LE(signature, 0);
  if (common === 6) b.writeUInt16LE(MADE_BY_UNIX, 4);
  b.writeUInt16LE(10, common); // version needed to extract: 1.0
  b.writeUInt16LE(DOS_TIME, common + 6);
  b.writeUInt16LE(DOS_DATE, common + 8);
  return b;
}

// Plain byte stores: these run 30,000 times per archive, mostly before V8 has optimized anything,
// where a call to Buffer#writeUInt32LE (with its checks) costs several times more.
function u16(b: Buffer, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >>> 8;
}

function u32(b: Buffer, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >>> 8;
  b[at + 2] = v >>> 16;
  b[at + 3] = v >>> 24;
}

/**
 * The fields local and central headers share, from "general purpose flags" to "extra field length"
 * (`at` is where "version needed" is), over a template that holds the fixed ones and zeros.
 */
function writeCommon(buf: Buffer, at: number, e: ZipInputEntry | undefined, nameBytes: number, extraBytes: number): void {
  if (extraBytes) u16(buf, at + 2, UTF8_FLAG);
  if (e) {
    if (e.method === 'DEFLATE') u16(buf, at + 4, 8);
    u32(buf, at + 10, e.crc32 >>> 0);
    u32(buf, at + 14, e.compressedSize);
    u32(buf, at + 18, e.size);
  }
  u16(buf, at + 22, nameBytes);
  u16(buf, at + 24, extraBytes);
}

/** Entries between two chances for the caller's thread to do something else. */
const YIELD_EVERY = 2048;

/**
 * The archive. `entries` are expected sorted by path (the packager's are: see scan.ts); any other
 * order is sorted first, so the bytes never depend on it.
 */
export async function writeZip(input: readonly ZipInputEntry[], yielder: Yielder): Promise<Buffer> {
  const sorted = isSortedByPath(input) ? input : [...input].sort((a, b) => compare(a.path, b.path));
  const { paths, entries } = withFolders(sorted);
  const count = paths.length;
  if (count > MAX_ZIP_ENTRIES) {
    throw new WorkbenchError('limits', `The package would hold ${count} entries; a zip without Zip64 holds at most ${MAX_ZIP_ENTRIES}.`, {
      hint: 'Leave out files the function does not need with a .lambdaignore (gitignore syntax) at the code root.',
    });
  }
  // Per entry: its name's UTF-8 length, and where its local header starts.
  const nameBytes = new Uint32Array(count);
  const offsets = new Uint32Array(count);
  let offset = 0;
  let central = 0;
  for (let i = 0; i < count; i++) {
    const path = paths[i]!;
    const n = asciiLength(path) ?? Buffer.byteLength(path, 'utf8');
    nameBytes[i] = n;
    offsets[i] = offset;
    // More UTF-8 bytes than UTF-16 code units: the name is not ASCII, and gets the Unicode Path field.
    const extra = n !== path.length ? 9 + n : 0;
    const e = entries[i];
    offset += LOCAL_HEADER + n + extra + (e ? e.compressedSize : 0);
    central += CENTRAL_HEADER + n + extra;
  }

  const out = Buffer.allocUnsafe(offset + central + END_RECORD);
  const laid: Laid = { out, paths, entries, nameBytes, offsets };
  // In slices of plain functions, not loops in this async one: V8 optimizes those while they run.
  let at = 0;
  for (let i = 0; i < count; i += YIELD_EVERY) {
    await yielder.maybeYield();
    at = writeLocal(laid, i, Math.min(count, i + YIELD_EVERY), at);
  }
  for (let i = 0; i < count; i += YIELD_EVERY) {
    await yielder.maybeYield();
    at = writeCentral(laid, i, Math.min(count, i + YIELD_EVERY), at);
  }
  out.writeUInt32LE(0x06054b50, at);
  out.writeUInt16LE(0, at + 4);
  out.writeUInt16LE(0, at + 6);
  out.writeUInt16LE(count, at + 8);
  out.writeUInt16LE(count, at + 10);
  out.writeUInt32LE(central, at + 12);
  out.writeUInt32LE(offset, at + 16);
  out.writeUInt16LE(0, at + 20);
  return out;
}

interface Laid {
  out: Buffer;
  paths: string[];
  entries: Array<ZipInputEntry | undefined>;
  nameBytes: Uint32Array;
  /** Where each entry's local header starts. */
  offsets: Uint32Array;
}

/** Local headers, names and data of entries [from, to), from `at` on; returns where the next starts. */
function writeLocal({ out, paths, entries, nameBytes }: Laid, from: number, to: number, at: number): number {
  for (let i = from; i < to; i++) {
    const path = paths[i]!;
    const n = nameBytes[i]!;
    const extra = n !== path.length ? 9 + n : 0;
    const e = entries[i];
    out.set(LOCAL_TEMPLATE, at);
    writeCommon(out, at + 4, e, n, extra);
    at += LOCAL_HEADER;
    if (extra) {
      out.write(path, at, n, 'utf8');
      writeUnicodePathField(out, at + n, at, n);
    } else {
      out.write(path, at, n, 'latin1'); // ASCII: the same bytes as UTF-8, without the UTF-8 encoder
    }
    at += n + extra;
    if (e) {
      if (e.source) e.source.copy(out, at, e.sourceAt!, e.compressedSize);
      else out.set(e.data, at);
      at += e.compressedSize;
    }
  }
  return at;
}

/** Central directory records of entries [from, to), from `at` on. */
function writeCentral({ out, paths, entries, nameBytes, offsets }: Laid, from: number, to: number, at: number): number {
  for (let i = from; i < to; i++) {
    const n = nameBytes[i]!;
    const extra = n !== paths[i]!.length ? 9 + n : 0;
    const e = entries[i];
    // Comment length, disk number start and internal attributes stay 0 from the template.
    out.set(CENTRAL_TEMPLATE, at);
    writeCommon(out, at + 6, e, n, extra);
    const mode = !e ? MODE_DIR : e.executable ? MODE_EXEC : MODE_FILE;
    u32(out, at + 38, (((mode & 0xffff) << 16) | (e ? 0 : DOS_DIR)) >>> 0);
    u32(out, at + 42, offsets[i]!);
    at += CENTRAL_HEADER;
    // The name and extra field again, as written in the local header.
    const local = offsets[i]! + LOCAL_HEADER;
    out.copyWithin(at, local, local + n + extra);
    at += n + extra;
  }
  return at;
}

/** The length of an all-ASCII string (its UTF-8 length too), else undefined. */
function asciiLength(s: string): number | undefined {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return undefined;
  return s.length;
}
