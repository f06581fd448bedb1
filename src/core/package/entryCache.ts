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
 *
 * The files' layout, the data window, the save lock and the trimming are in entryCacheStore.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CompressedEntry } from './compress';
import { DATA, DATA_HEADER, DATA_MAGIC, DataFile, dataId, emptyTable, FileWriter, type Header, INDEX, LOCK, type NextRow, NO_DATA, readIndex, STORE_SOURCE, type Table, takeLock, trimCache, writeAll, writeAtomic, writeIndex } from './entryCacheStore';
import { compare, isSortedByPath, type ScanEntry } from './scan';

/** Coarsest common timestamp granularity (FAT: 2 s); newer mtimes are verified by content. */
const RACY_MS = 2000;
/** Content lookups by linear scan before an index by CRC-32 pays for itself. */
const SCAN_LOOKUPS = 64;

/** Where caches live: LAMBDA_WORKBENCH_CACHE_DIR, else the platform's per-user cache folder. */
export function packageCacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.LAMBDA_WORKBENCH_CACHE_DIR) return env.LAMBDA_WORKBENCH_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'lambda-workbench', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'lambda-workbench');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'lambda-workbench');
}

let fingerprintMemo: string | undefined;
/**
 * Changes whenever the code that decides entry bytes changes. In the bundles (LW_BUNDLED) that is
 * dist/packageWorker.js, which holds all of the packaging code: the CLI (packaging on its own
 * thread, in dist/cliPackage.js) and the extension (in the worker) then share a folder's cache instead of
 * invalidating each other's. Elsewhere (compiled sources), this module's own file and
 * entryCacheStore's (the index layout an old cache must match), hashed together.
 */
function packagerFingerprint(): string {
  if (!fingerprintMemo) {
    let code = 'unknown';
    const choices = process.env.LW_BUNDLED === '1' ? [[join(__dirname, 'packageWorker.js')], [__filename]] : [[__filename, STORE_SOURCE]];
    for (const files of choices) {
      try {
        const hash = createHash('sha256');
        for (const file of files) hash.update(readFileSync(file));
        code = hash.digest('hex').slice(0, 16);
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
