/**
 * The incremental packaging cache's files on disk (entryCache.ts decides what goes in them): the
 * index's layout in columns, the window data.bin's bytes are read through, the writes that add to
 * or replace them, the lock a save takes, and the trimming of the whole cache to its budget. Kept
 * apart so that EntryCache reads as policy (what to reuse, when to append or compact) and this
 * file as format; the packager's fingerprint hashes both, so a change to either invalidates caches.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompressedEntry } from './compress';
import type { ScanEntry } from './scan';
import type { DataSource } from './zipWriter';

/** This module's compiled file, for the packager's fingerprint (it decides the format an old index must match). */
export const STORE_SOURCE = __filename;

/** The whole cache stays under this; least recently used folders go first. */
export const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
export const INDEX = 'index.bin';
export const DATA = 'data.bin';
export const LOCK = 'save.lock';
/** A lock older than this was left by a process that died while saving. */
const STALE_LOCK_MS = 30_000;
const MAGIC = 0x3250574c; // "LWP2"
/** data.bin starts with "LWPD" and 12 random bytes that name this file; entry bytes follow. */
export const DATA_MAGIC = 'LWPD';
export const DATA_HEADER = 16;
/** `offset` of an entry left out as a private key (no bytes). */
export const NO_DATA = 0xffffffff;

/**
 * The rows of an index, in columns (row i of each): typed arrays over the file's own bytes, so that
 * opening costs one read and one split of the names, not an object per entry.
 */
export interface Table {
  count: number;
  paths: string[];
  size: Float64Array;
  mtimeMs: Float64Array;
  /** 0 when unknown (files made in memory). */
  ino: Float64Array;
  crc32: Uint32Array;
  /** Where the compressed bytes are in data.bin; NO_DATA for a private key (left out). */
  offset: Uint32Array;
  length: Uint32Array;
  /** 1 DEFLATE, 0 STORE. */
  method: Uint8Array;
}

export interface Header {
  version: string;
  savedAt: number;
  count: number;
  /** data.bin's header (hex) and length when this index was written: other data is not used. */
  dataId: string;
  dataBytes: number;
}

/** An entry of the next index: a reused row (with the file's current stat), or new bytes. */
export interface NextRow {
  file: ScanEntry;
  /** The old row, or -1 for a new one. */
  row: number;
  entry?: CompressedEntry | null;
  crc?: number;
}

/** WINDOW_BYTES of data.bin in memory at a time: entries are mostly asked for in the order they are stored. */
const WINDOW_BYTES = 1024 * 1024;

export class DataFile implements DataSource {
  private window: Buffer | undefined;
  private start = 0;
  private end = 0;

  constructor(
    private fd: number | undefined,
    /** Bytes past this are not this cache's (another save's, or a torn write). */
    private readonly limit: number,
  ) {}

  copy(out: Buffer, at: number, from: number, length: number): void {
    if (this.fd === undefined || from + length > this.limit) throw new Error('the cache data file was closed or is shorter than its index');
    if (length > WINDOW_BYTES / 4) return readExact(this.fd, out, at, length, from);
    if (from < this.start || from + length > this.end) {
      this.window ??= Buffer.allocUnsafeSlow(WINDOW_BYTES);
      this.start = from;
      this.end = from + readSync(this.fd, this.window, 0, Math.min(WINDOW_BYTES, this.limit - from), from);
      if (from + length > this.end) throw new Error('the cache data file is shorter than its index');
    }
    this.window!.copy(out, at, from - this.start, from - this.start + length);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.window = undefined;
  }
}

function readExact(fd: number, out: Buffer, at: number, length: number, from: number): void {
  for (let done = 0; done < length; ) {
    const n = readSync(fd, out, at + done, length - done, from + done);
    if (n === 0) throw new Error('the cache data file is shorter than its index');
    done += n;
  }
}

export function emptyTable(): Table {
  return { count: 0, paths: [], size: new Float64Array(0), mtimeMs: new Float64Array(0), ino: new Float64Array(0), crc32: new Uint32Array(0), offset: new Uint32Array(0), length: new Uint32Array(0), method: new Uint8Array(0) };
}

/** The name data.bin's header gives it (hex), or '' when it has none. */
export function dataId(data: Buffer): string {
  return data.length >= DATA_HEADER && data.toString('latin1', 0, DATA_MAGIC.length) === DATA_MAGIC ? data.toString('hex', 0, DATA_HEADER) : '';
}

/*
 * index.bin: MAGIC, header length, row count (u32 each), the header (JSON), zero padding to a
 * multiple of 8, then the columns: size, mtime, inode (f64 each), CRC-32, offset, length (u32
 * each), method (u8), then the paths in UTF-8 separated by NUL (never part of a file name), and a
 * CRC-32 of everything before it.
 */
const COLUMN_BYTES = 8 * 3 + 4 * 3 + 1;

export function writeIndex(header: Header, next: NextRow[], offsets: Uint32Array, old: Table): Buffer {
  const n = next.length;
  const head = Buffer.from(JSON.stringify(header));
  const names = Buffer.from(next.map((r) => r.file.path).join('\0'), 'utf8');
  const start = align8(12 + head.length);
  const out = Buffer.alloc(start + n * COLUMN_BYTES + names.length + 4);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(head.length, 4);
  out.writeUInt32LE(n, 8);
  head.copy(out, 12);
  const t = columns(out, start, n);
  next.forEach((r, i) => {
    t.mtimeMs[i] = r.file.mtimeMs;
    t.ino[i] = r.file.ino ?? 0;
    t.offset[i] = offsets[i]!;
    if (r.row >= 0) {
      t.size[i] = old.size[r.row]!;
      t.crc32[i] = old.crc32[r.row]!;
      t.length[i] = old.length[r.row]!;
      t.method[i] = old.method[r.row]!;
    } else if (r.entry) {
      t.size[i] = r.entry.size;
      t.crc32[i] = r.entry.crc32 >>> 0;
      t.length[i] = r.entry.data.length;
      t.method[i] = r.entry.method === 'DEFLATE' ? 1 : 0;
    } else {
      t.size[i] = r.file.size;
      t.crc32[i] = (r.crc ?? 0) >>> 0;
    }
  });
  const at = start + n * COLUMN_BYTES;
  names.copy(out, at);
  out.writeUInt32LE(crc32(out.subarray(0, at + names.length)), at + names.length);
  return out;
}

/** The index's header and rows, or undefined when it is not one this packager wrote. */
export function readIndex(file: Buffer, version: string): { header: Header; rows: Table } | undefined {
  if (file.length < 16 || file.readUInt32LE(0) !== MAGIC) return undefined;
  const end = file.length - 4;
  if (crc32(file.subarray(0, end)) !== file.readUInt32LE(end)) return undefined;
  const headLength = file.readUInt32LE(4);
  const count = file.readUInt32LE(8);
  const header = JSON.parse(file.toString('utf8', 12, 12 + headLength)) as Header;
  if (header.version !== version || header.count !== count) return undefined;
  const start = align8(12 + headLength);
  const namesAt = start + count * COLUMN_BYTES;
  if (namesAt > end) return undefined;
  // Typed arrays need aligned offsets: a buffer from the shared pool may not start at one.
  const buf = file.byteOffset % 8 === 0 ? file : copyAligned(file);
  const paths = count ? buf.toString('utf8', namesAt, end).split('\0') : [];
  if (paths.length !== count) return undefined;
  return { header, rows: { ...columns(buf, start, count), count, paths } };
}

function columns(buf: Buffer, start: number, n: number): Omit<Table, 'count' | 'paths'> {
  const ab = buf.buffer;
  let at = buf.byteOffset + start;
  const take = <T>(make: (ab: ArrayBufferLike, at: number, n: number) => T, bytes: number): T => {
    const view = make(ab, at, n);
    at += n * bytes;
    return view;
  };
  return {
    size: take((b, a, k) => new Float64Array(b, a, k), 8),
    mtimeMs: take((b, a, k) => new Float64Array(b, a, k), 8),
    ino: take((b, a, k) => new Float64Array(b, a, k), 8),
    crc32: take((b, a, k) => new Uint32Array(b, a, k), 4),
    offset: take((b, a, k) => new Uint32Array(b, a, k), 4),
    length: take((b, a, k) => new Uint32Array(b, a, k), 4),
    method: take((b, a, k) => new Uint8Array(b, a, k), 1),
  };
}

const align8 = (n: number) => (n + 7) & ~7;

/** A copy in memory of its own (Buffer.alloc never takes from the shared pool, so it starts at offset 0). */
function copyAligned(buf: Buffer): Buffer {
  const out = Buffer.alloc(buf.length);
  buf.copy(out);
  return out;
}

/** Who holds a lock: this process, on this machine (a cache folder may be shared over a network). */
const LOCK_OWNER = `${process.pid} ${hostname()}`;

/** True when the lock names a process of this machine that no longer runs: its saver died. */
function ownerGone(lock: string): boolean {
  const [pid, host] = readFileSync(lock, 'utf8').split(' ');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Creates the lock file, naming its owner. A stale one is taken over once: its owner process is gone
 * (known at once on this machine), or it is older than STALE_LOCK_MS (an owner elsewhere, or one
 * that died before writing its name). False when another process holds it.
 */
export function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, LOCK_OWNER);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS && !ownerGone(lock)) return false;
        rmSync(lock, { force: true });
      } catch {
        /* gone meanwhile: try again */
      }
    }
  }
  return false;
}

export function writeAll(fd: number, data: Buffer, position: number): number {
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done, position + done);
  return data.length;
}

/** Sequential writes gathered into 1 MB: one system call per MB, not one per entry, and no second copy of the whole file. */
export class FileWriter {
  private readonly staged = Buffer.allocUnsafeSlow(1024 * 1024);
  private used = 0;
  private written = 0;
  constructor(readonly fd: number) {}

  get position(): number {
    return this.written + this.used;
  }

  write(bytes: Buffer): void {
    if (this.used + bytes.length > this.staged.length) this.flush();
    if (bytes.length >= this.staged.length) {
      this.written += writeAll(this.fd, bytes, this.written);
      return;
    }
    bytes.copy(this.staged, this.used);
    this.used += bytes.length;
  }

  flush(): void {
    this.written += writeAll(this.fd, this.staged.subarray(0, this.used), this.written);
    this.used = 0;
  }
}

export function writeAtomic(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Deletes least recently used folder caches until the whole cache fits its budget. `current` stays. */
export function trimCache(packagesDir: string, current: string): void {
  utimesSync(current, new Date(), new Date());
  const dirs = readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((d) => existsSync(join(d, DATA)))
    .map((d) => ({ d, used: statSync(d).mtimeMs, bytes: statSync(join(d, DATA)).size }))
    .sort((a, b) => b.used - a.used);
  let total = 0;
  for (const { d, bytes } of dirs) {
    total += bytes;
    if (total > CACHE_BUDGET_BYTES && d !== current) rmSync(d, { recursive: true, force: true });
  }
}
