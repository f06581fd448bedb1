/**
 * The incremental packaging cache: the compressed bytes of every entry of a folder's last package,
 * so that a re-package after one save deflates only what changed and lays the archive out from
 * cached entries. The output is byte-identical to a full package: deflate is deterministic for the
 * same input, level and zlib, and the zip writer takes entries, not archives.
 *
 * Where: `<cache root>/packages/<hash of the folder's real path>/` with `index.bin` (path → size,
 * mtime, inode, CRC-32, method, where its bytes are; in columns, read without a step per entry but
 * for its name) and `data.bin` (a 16-byte header naming the file, then compressed bytes back to
 * back). The cache root is outside every workspace (see packageCacheRoot), so nobody commits it;
 * deleting it at any time is safe (the next package is a full one).
 *
 * The index is read whole when a package starts; data.bin is not held in memory: the bytes of
 * reused entries are copied from it straight into the archive, through a 1 MB window that slides
 * along it (entries are asked for mostly in the order they are stored). A save appends only the bytes of entries
 * that were compressed this time to the end of data.bin and rewrites the (small) index; data.bin is
 * rewritten compacted, under a new name in its header, when less than half of it is still in use.
 * Bytes an index points at are therefore never changed in place: the index names data.bin's header
 * and the length it was written with, so a reader takes exactly those bytes, or (after a
 * compaction, or a torn or foreign file) nothing. Saving takes a lock file; a second process
 * packaging the same folder at the same time skips its save (it costs speed next time, nothing else).
 *
 * When an entry is reused:
 * - same path, size, mtime and inode as recorded, and the mtime is older than the cache write by
 *   more than the file system's timestamp granularity (otherwise a second write within the same
 *   tick could go unnoticed — git's "racy" case): no read at all; or
 * - same content: the file is read and its CRC-32 and size match a cached entry (renames, touched
 *   files, `git checkout` of the same bytes).
 * Everything is invalidated when the packager's code, the zlib version or the level changes.
 *
 * Bounds: a folder's live entries are its last package's (so at most the 50 MB zipped limit, and
 * data.bin at most about twice that); the whole cache keeps the most recently used folders within
 * CACHE_BUDGET_BYTES.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompressedEntry } from './compress';
import { compare, isSortedByPath, type ScanEntry } from './scan';
import type { DataSource } from './zipWriter';

/** The whole cache stays under this; least recently used folders go first. */
export const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
/** Coarsest common timestamp granularity (FAT: 2 s); newer mtimes are verified by content. */
const RACY_MS = 2000;
const INDEX = 'index.bin';
const DATA = 'data.bin';
const LOCK = 'save.lock';
/** A lock older than this was left by a process that died while saving. */
const STALE_LOCK_MS = 30_000;
const MAGIC = 0x3250574c; // "LWP2"
/** data.bin starts with "LWPD" and 12 random bytes that name this file; entry bytes follow. */
const DATA_MAGIC = 'LWPD';
const DATA_HEADER = 16;
/** `offset` of an entry left out as a private key (no bytes). */
const NO_DATA = 0xffffffff;
/** Content lookups by linear scan before an index by CRC-32 pays for itself. */
const SCAN_LOOKUPS = 64;

/** Where caches live: LAMBDA_WORKBENCH_CACHE_DIR, else the platform's per-user cache folder. */
export function packageCacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.LAMBDA_WORKBENCH_CACHE_DIR) return env.LAMBDA_WORKBENCH_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'lambda-workbench', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'lambda-workbench');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'lambda-workbench');
}

/**
 * The rows of an index, in columns (row i of each): typed arrays over the file's own bytes, so that
 * opening costs one read and one split of the names, not an object per entry.
 */
interface Table {
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

interface Header {
  version: string;
  savedAt: number;
  count: number;
  /** data.bin's header (hex) and length when this index was written: other data is not used. */
  dataId: string;
  dataBytes: number;
}

/** An entry of the next index: a reused row (with the file's current stat), or new bytes. */
interface NextRow {
  file: ScanEntry;
  /** The old row, or -1 for a new one. */
  row: number;
  entry?: CompressedEntry | null;
  crc?: number;
}

let fingerprintMemo: string | undefined;
/**
 * Changes whenever the code that decides entry bytes changes. In the bundles (LW_BUNDLED) that is
 * dist/packageWorker.js, which holds all of the packaging code: the CLI (packaging on its own
 * thread, in dist/cliPackage.js) and the extension (in the worker) then share a folder's cache instead of
 * invalidating each other's. Elsewhere (compiled sources), this module's own file.
 */
function packagerFingerprint(): string {
  if (!fingerprintMemo) {
    let code = 'unknown';
    const sources = process.env.LW_BUNDLED === '1' ? [join(__dirname, 'packageWorker.js'), __filename] : [__filename];
    for (const source of sources) {
      try {
        code = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
        break;
      } catch {
        /* no file to read (an eval'd bundle): try the next, else the zlib version alone */
      }
    }
    fingerprintMemo = `${code}/zlib-${process.versions.zlib}`;
  }
  return fingerprintMemo;
}

/** A hit: the entry to put in the zip, or `privateKey` when the file was left out as a private key. */
export type CacheHit = CompressedEntry | 'privateKey';

export class EntryCache {
  private byCrc: Map<number, number> | undefined;
  private contentLookups = 0;
  /** Reused rows, in the order the files came (the walk's: sorted by path). */
  private readonly keptFiles: ScanEntry[] = [];
  private readonly keptRows: number[] = [];
  /** Entries compressed (or left out as private keys) this time. */
  private readonly fresh: NextRow[] = [];
  private restat = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly dir: string,
    private readonly version: string,
    private readonly header: Header | undefined,
    private readonly rows: Table,
    private readonly byPath: Map<string, number>,
    private readonly data: DataFile | undefined,
  ) {}

  /** Opens (or starts) the cache of the folder whose real path is `rootReal`. Never throws: a broken cache is an empty one. */
  static open(rootReal: string, level: number, cacheRoot = packageCacheRoot()): EntryCache {
    const dir = join(cacheRoot, 'packages', createHash('sha256').update(rootReal).digest('hex').slice(0, 24));
    const version = `${packagerFingerprint()}/level-${level}`;
    let fd: number | undefined;
    try {
      const parsed = readIndex(readFileSync(join(dir, INDEX)), version);
      if (parsed) {
        // Not read whole: its bytes are copied into the archive from a window that slides along it.
        fd = openSync(join(dir, DATA), 'r');
        const head = Buffer.alloc(DATA_HEADER);
        if (fstatSync(fd).size >= parsed.header.dataBytes && readSync(fd, head, 0, DATA_HEADER, 0) === DATA_HEADER && dataId(head) === parsed.header.dataId) {
          const byPath = new Map<string, number>();
          parsed.rows.paths.forEach((p, i) => byPath.set(p, i));
          return new EntryCache(dir, version, parsed.header, parsed.rows, byPath, new DataFile(fd, parsed.header.dataBytes));
        }
      }
    } catch {
      /* none yet, or unreadable: start empty */
    }
    if (fd !== undefined) closeSync(fd);
    return new EntryCache(dir, version, undefined, emptyTable(), new Map(), undefined);
  }

  /** Lets go of the data file (always call it, also after a failure). */
  close(): void {
    this.data?.close();
  }

  /** True when the last package's entries are there to reuse. */
  get warm(): boolean {
    return this.rows.count > 0;
  }

  /** The cached entry for a file whose size, mtime and inode are unchanged (no read needed), else undefined. */
  lookupByStat(file: ScanEntry): CacheHit | undefined {
    const i = this.byPath.get(file.path);
    if (i === undefined) return undefined;
    const t = this.rows;
    if (t.size[i] !== file.size || t.mtimeMs[i] !== file.mtimeMs || t.ino[i] !== (file.ino ?? 0) || file.mtimeMs > this.header!.savedAt - RACY_MS) return undefined;
    if (t.offset[i] === NO_DATA) {
      // A private key left out before: a `!pattern` now asks for it, so its bytes are needed.
      if (file.forcedIn) return undefined;
      this.keep(file, i);
      this.hits++;
      return 'privateKey';
    }
    return this.hit(file, i);
  }

  /** The cached entry for this content (read by the caller), wherever it was before. */
  lookupByContent(file: ScanEntry, crc: number, size: number): CompressedEntry | undefined {
    const t = this.rows;
    if (!t.count) return undefined;
    crc >>>= 0;
    const matches = (i: number) => t.crc32[i] === crc && t.size[i] === size && t.offset[i] !== NO_DATA;
    if (++this.contentLookups <= SCAN_LOOKUPS) {
      for (let i = 0; i < t.count; i++) if (matches(i)) return this.hit(file, i);
      return undefined;
    }
    if (!this.byCrc) {
      this.byCrc = new Map();
      for (let i = t.count - 1; i >= 0; i--) if (t.offset[i] !== NO_DATA) this.byCrc.set(t.crc32[i]!, i);
    }
    const i = this.byCrc.get(crc);
    if (i !== undefined && matches(i)) return this.hit(file, i);
    // Two contents with one CRC-32 (rare): any row may hold the one asked for.
    if (i !== undefined) for (let k = 0; k < t.count; k++) if (matches(k)) return this.hit(file, k);
    return undefined;
  }

  /** Records what was compressed (or left out as a private key) for the next run. */
  record(file: ScanEntry, entry: CompressedEntry | null, crc?: number): void {
    this.misses++;
    this.fresh.push({ file, row: -1, entry, crc });
  }

  /**
   * Writes the cache for the next run (only when something changed): new bytes are appended to
   * data.bin (or it is rewritten compacted), then the index is replaced. Then trims the whole cache
   * to its budget. A failure only costs speed next time.
   */
  save(): void {
    const next = this.nextRows();
    if (!next) return;
    let locked = false;
    try {
      mkdirSync(this.dir, { recursive: true });
      locked = takeLock(join(this.dir, LOCK));
      if (!locked) return;
      const live = next.reduce((n, r) => n + (r.row >= 0 ? (this.rows.offset[r.row] === NO_DATA ? 0 : this.rows.length[r.row]!) : r.entry ? r.entry.data.length : 0), 0);
      const appended = next.reduce((n, r) => n + (r.row < 0 && r.entry ? r.entry.data.length : 0), 0);
      const placed = (this.header && this.append(next, live, appended)) || this.rewrite(next);
      const header: Header = { version: this.version, savedAt: Date.now(), count: next.length, dataId: placed.dataId, dataBytes: placed.dataBytes };
      writeAtomic(join(this.dir, INDEX), writeIndex(header, next, placed.offsets, this.rows));
      trimCache(join(this.dir, '..'), this.dir);
    } catch {
      rmSync(join(this.dir, INDEX), { force: true });
    } finally {
      if (locked) rmSync(join(this.dir, LOCK), { force: true });
    }
  }

  /** The next index's rows sorted by path, or undefined when it would equal the current one. */
  private nextRows(): NextRow[] | undefined {
    const kept = this.keptFiles;
    if (!this.fresh.length && !this.restat && kept.length === this.rows.count && this.keptRows.every((r, i) => r === i)) return undefined;
    const fresh = this.fresh.sort((a, b) => compare(a.file.path, b.file.path));
    const out: NextRow[] = [];
    if (!isSortedByPath(kept)) {
      const all = [...kept.map((file, i) => ({ file, row: this.keptRows[i]! })), ...fresh];
      return all.sort((a, b) => compare(a.file.path, b.file.path));
    }
    // Both sorted: merge (the reused rows are most of them, the fresh ones a few).
    let f = 0;
    for (let k = 0; k < kept.length; k++) {
      while (f < fresh.length && fresh[f]!.file.path < kept[k]!.path) out.push(fresh[f++]!);
      out.push({ file: kept[k]!, row: this.keptRows[k]! });
    }
    while (f < fresh.length) out.push(fresh[f++]!);
    return out;
  }

  /**
   * Adds the new entries' bytes at the end of data.bin, after whatever is there (another save's, or
   * a torn write's: never over bytes an index may point at). undefined when data.bin should be
   * rewritten instead: too much of it stale, or it is not the file this cache was read from.
   */
  private append(next: NextRow[], live: number, appended: number): { dataId: string; dataBytes: number; offsets: Uint32Array } | undefined {
    const fd = openSync(join(this.dir, DATA), 'r+');
    try {
      const head = Buffer.alloc(DATA_HEADER);
      if (readSync(fd, head, 0, DATA_HEADER, 0) !== DATA_HEADER || dataId(head) !== this.header!.dataId) return undefined;
      let at = fstatSync(fd).size;
      if (at + appended > 2 * live + DATA_HEADER + 1024 * 1024 || at + appended >= NO_DATA) return undefined;
      const offsets = new Uint32Array(next.length);
      next.forEach((r, i) => {
        if (r.row >= 0) offsets[i] = this.rows.offset[r.row]!;
        else if (!r.entry) offsets[i] = NO_DATA;
        else {
          writeAll(fd, r.entry.data, at);
          offsets[i] = at;
          at += r.entry.data.length;
        }
      });
      return { dataId: this.header!.dataId, dataBytes: at, offsets };
    } finally {
      closeSync(fd);
    }
  }

  /** A fresh data.bin (under a new name) holding exactly the live entries' bytes. */
  private rewrite(next: NextRow[]): { dataId: string; dataBytes: number; offsets: Uint32Array } {
    const id = Buffer.concat([Buffer.from(DATA_MAGIC), randomBytes(DATA_HEADER - DATA_MAGIC.length)]);
    const offsets = new Uint32Array(next.length);
    const file = join(this.dir, DATA);
    const tmp = `${file}.${process.pid}.tmp`;
    const out = new FileWriter(openSync(tmp, 'w'));
    try {
      out.write(id);
      next.forEach((r, i) => {
        const bytes = r.row >= 0 ? (this.rows.offset[r.row] === NO_DATA ? undefined : this.bytesOf(r.row)) : r.entry?.data;
        if (!bytes) offsets[i] = NO_DATA;
        else {
          offsets[i] = out.position;
          out.write(bytes);
        }
      });
      out.flush();
    } finally {
      closeSync(out.fd);
    }
    renameSync(tmp, file);
    return { dataId: dataId(id), dataBytes: out.position, offsets };
  }

  private bytesOf(i: number): Buffer {
    const out = Buffer.allocUnsafe(this.rows.length[i]!);
    this.data!.copy(out, 0, this.rows.offset[i]!, out.length);
    return out;
  }

  private hit(file: ScanEntry, i: number): CompressedEntry {
    this.keep(file, i);
    this.hits++;
    // Mode comes from the scan: a chmod changes no bytes, only the header.
    return {
      path: file.path,
      method: this.rows.method[i] === 1 ? 'DEFLATE' : 'STORE',
      crc32: this.rows.crc32[i]!,
      size: this.rows.size[i]!,
      data: NO_BYTES,
      compressedSize: this.rows.length[i]!,
      source: this.data,
      sourceAt: this.rows.offset[i]!,
      executable: file.executable,
    };
  }

  private keep(file: ScanEntry, i: number): void {
    this.keptFiles.push(file);
    this.keptRows.push(i);
    if (this.rows.mtimeMs[i] !== file.mtimeMs || this.rows.ino[i] !== (file.ino ?? 0) || this.rows.paths[i] !== file.path) this.restat = true;
  }
}

const NO_BYTES = Buffer.alloc(0);

/** WINDOW_BYTES of data.bin in memory at a time: entries are mostly asked for in the order they are stored. */
const WINDOW_BYTES = 1024 * 1024;

class DataFile implements DataSource {
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

function emptyTable(): Table {
  return { count: 0, paths: [], size: new Float64Array(0), mtimeMs: new Float64Array(0), ino: new Float64Array(0), crc32: new Uint32Array(0), offset: new Uint32Array(0), length: new Uint32Array(0), method: new Uint8Array(0) };
}

/** The name data.bin's header gives it (hex), or '' when it has none. */
function dataId(data: Buffer): string {
  return data.length >= DATA_HEADER && data.toString('latin1', 0, DATA_MAGIC.length) === DATA_MAGIC ? data.toString('hex', 0, DATA_HEADER) : '';
}

/*
 * index.bin: MAGIC, header length, row count (u32 each), the header (JSON), zero padding to a
 * multiple of 8, then the columns: size, mtime, inode (f64 each), CRC-32, offset, length (u32
 * each), method (u8), then the paths in UTF-8 separated by NUL (never part of a file name), and a
 * CRC-32 of everything before it.
 */
const COLUMN_BYTES = 8 * 3 + 4 * 3 + 1;

function writeIndex(header: Header, next: NextRow[], offsets: Uint32Array, old: Table): Buffer {
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
function readIndex(file: Buffer, version: string): { header: Header; rows: Table } | undefined {
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

/** Creates the lock file; a stale one (its saver died) is taken over once. False when another process holds it. */
function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
        rmSync(lock, { force: true });
      } catch {
        /* gone meanwhile: try again */
      }
    }
  }
  return false;
}

function writeAll(fd: number, data: Buffer, position: number): number {
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done, position + done);
  return data.length;
}

/** Sequential writes gathered into 1 MB: one system call per MB, not one per entry, and no second copy of the whole file. */
class FileWriter {
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

function writeAtomic(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** Deletes least recently used folder caches until the whole cache fits its budget. `current` stays. */
function trimCache(packagesDir: string, current: string): void {
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
