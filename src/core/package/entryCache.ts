/**
 * The incremental packaging cache: the compressed bytes of every entry of a folder's last package,
 * so that a re-package after one save deflates only what changed and lays the archive out from
 * cached entries. The output is byte-identical to a full package: deflate is deterministic for the
 * same input, level and zlib, and the zip writer takes entries, not archives.
 *
 * Where: `<cache root>/packages/<hash of the folder's real path>/` with `index.bin` (path → size,
 * mtime, inode, CRC-32, method, where its bytes are) and `data.bin` (compressed bytes, back to
 * back). The cache root is outside every workspace (see packageCacheRoot), so nobody commits it;
 * deleting it at any time is safe (the next package is a full one).
 *
 * Both files are read whole, once, when a package starts. A save appends only the bytes of entries
 * that were compressed this time to data.bin and rewrites the (small) index; data.bin is
 * compacted when less than half of it is still in use. The index names the length and CRC-32 of
 * the data it was written with, so a data file torn by a crash, or another process's, is never used.
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
import { createHash } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompressedEntry } from './compress';
import type { ScanEntry } from './scan';

/** The whole cache stays under this; least recently used folders go first. */
export const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
/** Coarsest common timestamp granularity (FAT: 2 s); newer mtimes are verified by content. */
const RACY_MS = 2000;
const INDEX = 'index.bin';
const DATA = 'data.bin';
const MAGIC = 0x4350574c; // "LWPC"
/** Per entry after its name: size, mtime, inode (f64 each), CRC-32, offset, length (u32 each), method (u8). */
const ROW_BYTES = 8 * 3 + 4 * 3 + 1;
/** `offset` of an entry left out as a private key (no bytes). */
const NO_DATA = 0xffffffff;

/** Where caches live: LAMBDA_WORKBENCH_CACHE_DIR, else the platform's per-user cache folder. */
export function packageCacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.LAMBDA_WORKBENCH_CACHE_DIR) return env.LAMBDA_WORKBENCH_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'lambda-workbench', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'lambda-workbench');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'lambda-workbench');
}

interface Row {
  size: number;
  mtimeMs: number;
  /** 0 when unknown (files made in memory). */
  ino: number;
  crc32: number;
  method: 'DEFLATE' | 'STORE';
  /** Where the compressed bytes are in data.bin; NO_DATA for a private key (left out). */
  offset: number;
  length: number;
}

interface Header {
  version: string;
  savedAt: number;
  count: number;
  /** data.bin's length and CRC-32 when this index was written: other data is not used. */
  dataBytes: number;
  dataCrc32: number;
}

/** An entry of the next index: an old row's bytes, or new bytes to append. */
type NextRow = Row & { data?: Buffer };

let fingerprintMemo: string | undefined;
/**
 * Changes whenever the code that decides entry bytes changes. In the bundles (LW_BUNDLED) that is
 * dist/packageWorker.js, which holds all of the packaging code: the CLI (packaging on its own
 * thread, in dist/cli.js) and the extension (in the worker) then share a folder's cache instead of
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
  private byContent: Map<string, Row> | undefined;
  private readonly next = new Map<string, NextRow>();
  private changed = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly dir: string,
    private readonly version: string,
    private readonly header: Header | undefined,
    private readonly rows: Map<string, Row>,
    private readonly data: Buffer,
  ) {}

  /** Opens (or starts) the cache of the folder whose real path is `rootReal`. Never throws: a broken cache is an empty one. */
  static open(rootReal: string, level: number, cacheRoot = packageCacheRoot()): EntryCache {
    const dir = join(cacheRoot, 'packages', createHash('sha256').update(rootReal).digest('hex').slice(0, 24));
    const version = `${packagerFingerprint()}/level-${level}`;
    try {
      const parsed = readIndex(readFileSync(join(dir, INDEX)), version);
      if (parsed) {
        const data = readFileSync(join(dir, DATA));
        if (data.length >= parsed.header.dataBytes && crc32(data.subarray(0, parsed.header.dataBytes)) === parsed.header.dataCrc32) {
          return new EntryCache(dir, version, parsed.header, parsed.rows, data);
        }
      }
    } catch {
      /* none yet, or unreadable: start empty */
    }
    return new EntryCache(dir, version, undefined, new Map(), Buffer.alloc(0));
  }

  /** True when the last package's entries are there to reuse. */
  get warm(): boolean {
    return this.rows.size > 0;
  }

  /** The cached entry for a file whose size, mtime and inode are unchanged (no read needed), else undefined. */
  lookupByStat(file: ScanEntry): CacheHit | undefined {
    const e = this.rows.get(file.path);
    if (!e || e.size !== file.size || e.mtimeMs !== file.mtimeMs || e.ino !== (file.ino ?? 0) || file.mtimeMs > this.header!.savedAt - RACY_MS) return undefined;
    if (e.offset === NO_DATA) {
      // A private key left out before: a `!pattern` now asks for it, so its bytes are needed.
      if (file.forcedIn) return undefined;
      this.keep(file, e);
      this.hits++;
      return 'privateKey';
    }
    return this.hit(file, e);
  }

  /** The cached entry for this content (read by the caller), wherever it was before. */
  lookupByContent(file: ScanEntry, crc: number, size: number): CompressedEntry | undefined {
    if (!this.rows.size) return undefined;
    if (!this.byContent) {
      this.byContent = new Map();
      for (const e of this.rows.values()) if (e.offset !== NO_DATA) this.byContent.set(contentKey(e.crc32, e.size), e);
    }
    const e = this.byContent.get(contentKey(crc, size));
    return e ? this.hit(file, e) : undefined;
  }

  /** Records what was compressed (or left out as a private key) for the next run. */
  record(file: ScanEntry, entry: CompressedEntry | null, crc?: number): void {
    this.misses++;
    this.changed = true;
    const stat = { mtimeMs: file.mtimeMs, ino: file.ino ?? 0 };
    if (entry) this.next.set(file.path, { size: entry.size, ...stat, crc32: entry.crc32, method: entry.method, offset: 0, length: entry.data.length, data: entry.data });
    else this.next.set(file.path, { size: file.size, ...stat, crc32: crc ?? 0, method: 'STORE', offset: NO_DATA, length: 0 });
  }

  /**
   * Writes the cache for the next run (only when something changed): new bytes are appended to
   * data.bin (or it is rewritten compacted), then the index is replaced. Then trims the whole cache
   * to its budget. A failure only costs speed next time.
   */
  save(): void {
    if (!this.changed && this.next.size === this.rows.size) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const paths = [...this.next.keys()].sort();
      const rows = paths.map((p) => this.next.get(p)!);
      const live = rows.reduce((n, r) => n + (r.offset === NO_DATA ? 0 : r.length), 0);
      const appended = rows.reduce((n, r) => n + (r.data ? r.length : 0), 0);
      const oldBytes = this.header?.dataBytes ?? 0;
      let dataBytes: number;
      let dataCrc32: number;
      if (this.header && oldBytes + appended <= 2 * live + 1024 * 1024 && oldBytes + appended < NO_DATA) {
        ({ dataBytes, dataCrc32 } = this.append(rows, oldBytes, this.header.dataCrc32));
      } else {
        ({ dataBytes, dataCrc32 } = this.rewrite(rows));
      }
      const header: Header = { version: this.version, savedAt: Date.now(), count: rows.length, dataBytes, dataCrc32 };
      writeAtomic(join(this.dir, INDEX), writeIndex(header, paths, rows));
      trimCache(join(this.dir, '..'), this.dir);
    } catch {
      rmSync(join(this.dir, INDEX), { force: true });
    }
  }

  /** Adds the new entries' bytes after the data the old index knows (dropping anything past it). */
  private append(rows: NextRow[], at: number, crc: number): { dataBytes: number; dataCrc32: number } {
    const fd = openSync(join(this.dir, DATA), 'r+');
    try {
      ftruncateSync(fd, at);
      for (const r of rows) {
        if (!r.data) continue;
        writeAll(fd, r.data, at);
        crc = crc32(r.data, crc);
        r.offset = at;
        at += r.data.length;
      }
    } finally {
      closeSync(fd);
    }
    return { dataBytes: at, dataCrc32: crc };
  }

  /** A fresh data.bin holding exactly the live entries' bytes. */
  private rewrite(rows: NextRow[]): { dataBytes: number; dataCrc32: number } {
    const chunks: Buffer[] = [];
    let at = 0;
    for (const r of rows) {
      if (r.offset === NO_DATA) continue;
      const bytes = r.data ?? this.data.subarray(r.offset, r.offset + r.length);
      chunks.push(bytes);
      r.offset = at;
      at += bytes.length;
    }
    const data = Buffer.concat(chunks, at);
    writeAtomic(join(this.dir, DATA), data);
    return { dataBytes: at, dataCrc32: crc32(data) };
  }

  private hit(file: ScanEntry, e: Row): CompressedEntry {
    const data = this.data.subarray(e.offset, e.offset + e.length);
    this.keep(file, e);
    this.hits++;
    // Mode comes from the scan: a chmod changes no bytes, only the header.
    return { path: file.path, method: e.method, crc32: e.crc32, size: e.size, data, compressedSize: data.length, executable: file.executable };
  }

  private keep(file: ScanEntry, e: Row): void {
    const ino = file.ino ?? 0;
    const old = this.rows.get(file.path);
    if (old === e && e.mtimeMs === file.mtimeMs && e.ino === ino) {
      this.next.set(file.path, e);
      return;
    }
    this.next.set(file.path, { ...e, mtimeMs: file.mtimeMs, ino });
    this.changed = true;
  }
}

const contentKey = (crc: number, size: number) => `${crc}:${size}`;

function writeIndex(header: Header, paths: string[], rows: Row[]): Buffer {
  const head = Buffer.from(JSON.stringify(header));
  const names = paths.map((p) => Buffer.from(p, 'utf8'));
  const body = names.reduce((n, b) => n + 2 + b.length + ROW_BYTES, 0);
  const out = Buffer.alloc(12 + head.length + body + 4);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(head.length, 4);
  out.writeUInt32LE(rows.length, 8);
  let at = 12 + head.copy(out, 12);
  rows.forEach((r, i) => {
    out.writeUInt16LE(names[i]!.length, at);
    at += 2 + names[i]!.copy(out, at + 2);
    at = out.writeDoubleLE(r.size, at);
    at = out.writeDoubleLE(r.mtimeMs, at);
    at = out.writeDoubleLE(r.ino, at);
    at = out.writeUInt32LE(r.crc32 >>> 0, at);
    at = out.writeUInt32LE(r.offset, at);
    at = out.writeUInt32LE(r.length, at);
    at = out.writeUInt8(r.method === 'DEFLATE' ? 1 : 0, at);
  });
  out.writeUInt32LE(crc32(out.subarray(0, at)), at);
  return out;
}

/** The index's header and rows, or undefined when it is not one this packager wrote. */
function readIndex(buf: Buffer, version: string): { header: Header; rows: Map<string, Row> } | undefined {
  if (buf.length < 16 || buf.readUInt32LE(0) !== MAGIC) return undefined;
  const end = buf.length - 4;
  if (crc32(buf.subarray(0, end)) !== buf.readUInt32LE(end)) return undefined;
  const headLength = buf.readUInt32LE(4);
  const count = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headLength)) as Header;
  if (header.version !== version || header.count !== count) return undefined;
  const rows = new Map<string, Row>();
  let at = 12 + headLength;
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at);
    const path = buf.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    rows.set(path, {
      size: buf.readDoubleLE(at),
      mtimeMs: buf.readDoubleLE(at + 8),
      ino: buf.readDoubleLE(at + 16),
      crc32: buf.readUInt32LE(at + 24),
      offset: buf.readUInt32LE(at + 28),
      length: buf.readUInt32LE(at + 32),
      method: buf.readUInt8(at + 36) === 1 ? 'DEFLATE' : 'STORE',
    });
    at += ROW_BYTES;
  }
  return at === end ? { header, rows } : undefined;
}

function writeAll(fd: number, data: Buffer, position: number): void {
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done, position + done);
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
