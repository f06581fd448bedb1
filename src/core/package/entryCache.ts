/**
 * The incremental packaging cache: the compressed bytes of every entry of a folder's last package,
 * so that a re-package after one save deflates only what changed and lays the archive out from
 * cached entries. The output is byte-identical to a full package: deflate is deterministic for the
 * same input, level and zlib, and the zip writer takes entries, not archives.
 *
 * Where: `<cache root>/packages/<hash of the folder's real path>/` with `index.json` (path → size,
 * mtime, CRC-32, method, where its bytes are) and `data.bin` (the compressed bytes, back to back).
 * The cache root is outside every workspace (see packageCacheRoot), so nobody commits it; deleting
 * it at any time is safe (the next package is a full one).
 *
 * When an entry is reused:
 * - same path, size and mtime as recorded, and the mtime is older than the cache write by more than
 *   the file system's timestamp granularity (otherwise a second write within the same tick could
 *   go unnoticed — git's "racy" case), or
 * - same content: the file is read and its CRC-32 and size match a cached entry (renames, touched
 *   files, `git checkout` of the same bytes).
 * Everything is invalidated when the packager's code, the zlib version or the level changes.
 *
 * Bounds: a folder's cache holds only its last package's entries (so at most the 50 MB zipped
 * limit); the whole cache keeps the most recently used folders within CACHE_BUDGET_BYTES.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompressedEntry } from './compress';
import type { ScanEntry } from './scan';

/** The whole cache stays under this; least recently used folders go first. */
export const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
/** Coarsest common timestamp granularity (FAT: 2 s); newer mtimes are verified by content. */
const RACY_MS = 2000;
const INDEX = 'index.json';
const DATA = 'data.bin';

/** Where caches live: LAMBDA_WORKBENCH_CACHE_DIR, else the platform's per-user cache folder. */
export function packageCacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.LAMBDA_WORKBENCH_CACHE_DIR) return env.LAMBDA_WORKBENCH_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'lambda-workbench', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'lambda-workbench');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'lambda-workbench');
}

interface IndexEntry {
  size: number;
  mtimeMs: number;
  crc32: number;
  method: 'DEFLATE' | 'STORE';
  /** Offset and length of the compressed bytes in data.bin; absent for a private key (left out). */
  offset?: number;
  compressedSize?: number;
}

interface IndexFile {
  version: string;
  savedAt: number;
  /** data.bin's length and CRC-32: a data file that is not the one this index was written with is not used. */
  dataBytes: number;
  dataCrc32: number;
  entries: Record<string, IndexEntry>;
}

let fingerprintMemo: string | undefined;
/** Changes whenever the code that decides entry bytes changes (this module's file, whatever bundle it is in). */
function packagerFingerprint(): string {
  if (!fingerprintMemo) {
    let code = 'unknown';
    try {
      code = createHash('sha256').update(readFileSync(__filename)).digest('hex').slice(0, 16);
    } catch {
      /* no file to read (an eval'd bundle): fall back to the zlib version alone */
    }
    fingerprintMemo = `${code}/zlib-${process.versions.zlib}`;
  }
  return fingerprintMemo;
}

/** A hit: the entry to put in the zip, or `privateKey` when the file was left out as a private key. */
export type CacheHit = CompressedEntry | 'privateKey';

export class EntryCache {
  private readonly byContent = new Map<string, IndexEntry>();
  private readonly next: Record<string, IndexEntry & { data?: Buffer }> = {};
  private changed = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly dir: string,
    private readonly version: string,
    private readonly old: IndexFile | undefined,
    private readonly data: Buffer,
  ) {
    if (old) for (const e of Object.values(old.entries)) if (e.offset !== undefined) this.byContent.set(contentKey(e.crc32, e.size), e);
  }

  /** Opens (or starts) the cache of the folder whose real path is `rootReal`. Never throws: a broken cache is an empty one. */
  static open(rootReal: string, level: number, cacheRoot = packageCacheRoot()): EntryCache {
    const dir = join(cacheRoot, 'packages', createHash('sha256').update(rootReal).digest('hex').slice(0, 24));
    const version = `${packagerFingerprint()}/level-${level}`;
    try {
      const old = JSON.parse(readFileSync(join(dir, INDEX), 'utf8')) as IndexFile;
      if (old.version === version) {
        const data = readFileSync(join(dir, DATA));
        if (data.length === old.dataBytes && crc32(data) === old.dataCrc32) return new EntryCache(dir, version, old, data);
      }
    } catch {
      /* none yet, or unreadable: start empty */
    }
    return new EntryCache(dir, version, undefined, Buffer.alloc(0));
  }

  /** The cached entry for a file whose size and mtime are unchanged (no read needed), else undefined. */
  lookupByStat(file: ScanEntry): CacheHit | undefined {
    const e = this.old?.entries[file.path];
    if (!e || e.size !== file.size || e.mtimeMs !== file.mtimeMs || file.mtimeMs > this.old!.savedAt - RACY_MS) return undefined;
    if (e.offset === undefined) {
      // A private key left out before: a `!pattern` now asks for it, so its bytes are needed.
      if (file.forcedIn) return undefined;
      this.keep(file, e);
      this.hits++;
      return 'privateKey';
    }
    return this.hit(file, e);
  }

  /** The cached entry for this content (read by the caller), wherever it was before. */
  lookupByContent(file: ScanEntry, crc32: number, size: number): CompressedEntry | undefined {
    const e = this.byContent.get(contentKey(crc32, size));
    return e ? this.hit(file, e) : undefined;
  }

  /** Records what was compressed (or left out as a private key) for the next run. */
  record(file: ScanEntry, entry: CompressedEntry | null, crc32?: number): void {
    this.misses++;
    this.changed = true;
    if (entry) this.next[file.path] = { size: entry.size, mtimeMs: file.mtimeMs, crc32: entry.crc32, method: entry.method, data: entry.data };
    else this.next[file.path] = { size: file.size, mtimeMs: file.mtimeMs, crc32: crc32 ?? 0, method: 'STORE' };
  }

  /** Writes the cache for the next run (only when something changed), then trims the whole cache to its budget. */
  save(): void {
    const oldPaths = Object.keys(this.old?.entries ?? {});
    const nextPaths = Object.keys(this.next);
    if (!this.changed && oldPaths.length === nextPaths.length) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const chunks: Buffer[] = [];
      let offset = 0;
      const entries: Record<string, IndexEntry> = {};
      for (const path of nextPaths.sort()) {
        const { data, ...e } = this.next[path]!;
        if (data) {
          chunks.push(data);
          entries[path] = { ...e, offset, compressedSize: data.length };
          offset += data.length;
        } else entries[path] = { size: e.size, mtimeMs: e.mtimeMs, crc32: e.crc32, method: e.method };
      }
      const data = Buffer.concat(chunks);
      const index: IndexFile = { version: this.version, savedAt: Date.now(), dataBytes: data.length, dataCrc32: crc32(data), entries };
      // data first, index last; the index also names the data's CRC, so a torn pair is never used.
      writeAtomic(join(this.dir, DATA), data);
      writeAtomic(join(this.dir, INDEX), JSON.stringify(index));
      trimCache(join(this.dir, '..'), this.dir);
    } catch {
      // A cache that cannot be written only costs speed next time.
      rmSync(join(this.dir, INDEX), { force: true });
    }
  }

  private hit(file: ScanEntry, e: IndexEntry): CompressedEntry {
    const data = this.data.subarray(e.offset!, e.offset! + e.compressedSize!);
    this.keep(file, e, data);
    this.hits++;
    // Mode comes from the scan: a chmod changes no bytes, only the header.
    return { path: file.path, method: e.method, crc32: e.crc32, size: e.size, data, compressedSize: data.length, executable: file.executable };
  }

  private keep(file: ScanEntry, e: IndexEntry, data?: Buffer): void {
    this.next[file.path] = { size: e.size, mtimeMs: file.mtimeMs, crc32: e.crc32, method: e.method, data };
    if (this.old?.entries[file.path]?.mtimeMs !== file.mtimeMs) this.changed = true;
  }
}

const contentKey = (crc32: number, size: number) => `${crc32}:${size}`;

function writeAtomic(file: string, data: string | Buffer): void {
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
