/**
 * Compresses package entries with Node's zlib, the same deflate Info-ZIP's `zip` speaks.
 *
 * Small files (most of a node_modules tree) are read and deflated synchronously on the packaging
 * thread: zlib's async API costs ~200 µs of bookkeeping per call, more than deflating a 4 KB file.
 * Larger files go to the libuv thread pool (async read + async deflate, several in flight) so the
 * second core works while this thread keeps chewing through small files. Files past STREAM_BYTES
 * are streamed so memory holds their compressed bytes only. Content that does not compress (media,
 * archives, random data) is detected from a sample and stored, as `zip` ends up doing anyway.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { EntryCache } from './entryCache';
import { unreadable, type ScanEntry } from './scan';
import type { PackageProgress } from './types';
import type { Yielder } from './yielder';
import type { ZipInputEntry } from './zipWriter';

const deflateRawAsync = promisify(zlib.deflateRaw);

/** Below this, read + deflate synchronously (or on an idle pool thread, from POOL_MIN_BYTES up). */
export const SMALL_BYTES = 128 * 1024;
/** Files this size and up are worth the pool's per-call overhead when a pool thread is idle. */
const POOL_MIN_BYTES = 16 * 1024;
/**
 * How many medium files may be on the libuv pool at once: all its threads but one, which stays free
 * for file reads. More threads than cores is deliberate: the OS shares cores between threads, so
 * packaging keeps its pace on a machine that is busy with other work.
 */
const POOL_SHARE = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);
/** From this size on, stream instead of reading whole. */
export const STREAM_BYTES = 16 * 1024 * 1024;
const SAMPLE_BYTES = 16 * 1024;
const MAX_IN_FLIGHT = 4;
const MAX_IN_FLIGHT_BYTES = 16 * 1024 * 1024;
/** Local header (30) + central header (46) per entry, plus the name twice. */
const ENTRY_OVERHEAD = 76;

/**
 * zlib hands back small outputs as slices of its 16 KB (or larger) output chunks: kept as they
 * are, a 2 KB compressed file would pin 16 KB until the zip is written (64 MB over a node_modules
 * tree). Small results are copied into shared slabs instead, so memory holds compressed bytes only.
 */
class Arena {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;
  private static readonly SLAB = 4 * 1024 * 1024;

  /** `buf` itself when it owns its memory exactly, else a tight copy. */
  keep(buf: Buffer): Buffer {
    return buf.byteLength === buf.buffer.byteLength || buf.length === 0 ? buf : this.copy(buf);
  }

  copy(buf: Buffer): Buffer {
    if (buf.length === 0) return Buffer.alloc(0);
    if (buf.length > Arena.SLAB / 8) return Buffer.from(buf);
    if (this.used + buf.length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(Arena.SLAB);
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + buf.length);
    buf.copy(out);
    this.used += buf.length;
    return out;
  }
}

export interface CompressedEntry extends ZipInputEntry {
  compressedSize: number;
}

export interface CompressOutcome {
  entries: CompressedEntry[];
  /** Paths dropped because their content is a private key. */
  privateKeys: string[];
}

/** Thrown (internally) as soon as the running zipped total passes the limit. */
export class ZippedLimitExceeded extends Error {
  constructor(readonly zippedSoFar: number) {
    super('zipped limit exceeded');
  }
}

export interface CompressOptions {
  level: number;
  yielder: Yielder;
  maxZippedBytes: number;
  onProgress?: (p: PackageProgress) => void;
  /** The folder's incremental cache: unchanged files are taken from it instead of being read and deflated. */
  cache?: EntryCache;
}

export async function compressEntries(files: readonly ScanEntry[], opts: CompressOptions): Promise<CompressOutcome> {
  const results: Array<CompressedEntry | null | undefined> = new Array(files.length);
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let doneBytes = 0;
  let zipped = 0;
  let lastProgress = 0;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  const arena = new Arena();
  let inFlightBytes = 0;

  const account = (file: ScanEntry, entry: CompressedEntry | null) => {
    doneBytes += file.size;
    if (entry) zipped += entry.compressedSize + ENTRY_OVERHEAD + 2 * Buffer.byteLength(file.path);
    if (zipped > opts.maxZippedBytes) throw new ZippedLimitExceeded(zipped);
    const now = Date.now();
    if (opts.onProgress && now - lastProgress > 100) {
      lastProgress = now;
      opts.onProgress({ phase: 'compressing', done: doneBytes, total: totalBytes });
    }
  };

  const dispatch = (i: number) => {
    const file = files[i];
    const weight = Math.min(file.size, STREAM_BYTES);
    inFlightBytes += weight;
    const task: Promise<void> = compressLarge(file, opts.level, () => opts.maxZippedBytes - zipped, arena, opts.cache)
      .then((entry) => {
        results[i] = entry;
        account(file, entry);
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => {
        inFlightBytes -= weight;
        inFlight.delete(task);
      });
    inFlight.add(task);
  };
  const hasRoom = (size: number) => inFlight.size < MAX_IN_FLIGHT && (inFlight.size === 0 || inFlightBytes + Math.min(size, STREAM_BYTES) <= MAX_IN_FLIGHT_BYTES);
  // Large files wait here for room in the pool while this thread keeps compressing small ones.
  const waiting: number[] = [];
  const startWaiting = () => {
    while (waiting.length && hasRoom(files[waiting[0]].size)) dispatch(waiting.shift()!);
  };

  for (let i = 0; i < files.length && !failure; i++) {
    await opts.yielder.maybeYield();
    startWaiting();
    const file = files[i];
    const cached = opts.cache?.lookupByStat(file);
    if (cached !== undefined) {
      const entry = cached === 'privateKey' ? null : cached;
      results[i] = entry;
      account(file, entry);
    } else if (file.size >= SMALL_BYTES) {
      waiting.push(i);
      startWaiting();
    } else if (file.size >= POOL_MIN_BYTES && waiting.length === 0 && inFlight.size < POOL_SHARE) {
      // An idle pool thread takes a medium file: both cores compress.
      dispatch(i);
    } else {
      const entry = compressSmall(file, opts.level, arena, opts.cache);
      results[i] = entry;
      account(file, entry);
    }
  }
  while (!failure && (waiting.length || inFlight.size)) {
    startWaiting();
    if (inFlight.size) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;

  const entries: CompressedEntry[] = [];
  const privateKeys: string[] = [];
  results.forEach((entry, i) => {
    if (entry) entries.push(entry);
    else privateKeys.push(files[i].path);
  });
  return { entries, privateKeys };
}

/** null when the file turned out to be a private key (and no `!pattern` asked for it). */
/**
 * One read buffer for every small file: thousands of per-file allocations were most of the
 * garbage (and of the allocator's retained memory). compressSmall is synchronous from read to
 * copy-out, so sharing it is safe even with several packagings in one thread.
 */
const scratch = Buffer.allocUnsafeSlow(SMALL_BYTES);

/** The file's bytes, in `scratch` (valid until the next call) or, if it grew past it, a new buffer. */
function readSmall(abs: string): Buffer {
  const fd = openSync(abs, 'r');
  try {
    let n = 0;
    for (let r; n < scratch.length && (r = readSync(fd, scratch, n, scratch.length - n, null)) > 0; ) n += r;
    return n < scratch.length ? scratch.subarray(0, n) : readFileSync(abs);
  } finally {
    closeSync(fd);
  }
}

function compressSmall(file: ScanEntry, level: number, arena: Arena, cache: EntryCache | undefined): CompressedEntry | null {
  let raw: Buffer;
  try {
    raw = file.data ?? readSmall(file.abs);
  } catch (e) {
    throw unreadable(file.path, e);
  }
  if (!file.forcedIn && looksLikePrivateKey(raw)) {
    cache?.record(file, null);
    return null;
  }
  const crc32 = zlib.crc32(raw);
  const hit = cache?.lookupByContent(file, crc32, raw.length);
  if (hit) return hit;
  const deflated = raw.length === 0 ? raw : zlib.deflateRawSync(raw, { level });
  const entry =
    deflated.length < raw.length ? entryOf(file, 'DEFLATE', crc32, raw.length, arena.keep(deflated)) : entryOf(file, 'STORE', crc32, raw.length, arena.copy(raw));
  cache?.record(file, entry);
  return entry;
}

async function compressLarge(file: ScanEntry, level: number, zippedBudget: () => number, arena: Arena, cache: EntryCache | undefined): Promise<CompressedEntry> {
  const entry = await compressLargeUncached(file, level, zippedBudget, arena, cache);
  if (entry.fromCache) return entry.entry;
  cache?.record(file, entry.entry);
  return entry.entry;
}

async function compressLargeUncached(
  file: ScanEntry,
  level: number,
  zippedBudget: () => number,
  arena: Arena,
  cache: EntryCache | undefined,
): Promise<{ entry: CompressedEntry; fromCache: boolean }> {
  if (file.size >= STREAM_BYTES && !file.data) return { entry: await compressStreamed(file, level, zippedBudget), fromCache: false };
  let raw: Buffer;
  try {
    raw = file.data ?? (await readFile(file.abs));
  } catch (e) {
    throw unreadable(file.path, e);
  }
  // crc32 runs on this thread at several GB/s: ~5 ms for the largest buffer that gets here.
  const crc32 = zlib.crc32(raw);
  const hit = cache?.lookupByContent(file, crc32, raw.length);
  if (hit) return { entry: hit, fromCache: true };
  if (!compressible(raw)) return { entry: entryOf(file, 'STORE', crc32, raw.length, raw), fromCache: false };
  const deflated = await deflateRawAsync(raw, { level });
  const entry = deflated.length < raw.length ? entryOf(file, 'DEFLATE', crc32, raw.length, arena.keep(deflated)) : entryOf(file, 'STORE', crc32, raw.length, raw);
  return { entry, fromCache: false };
}

function compressStreamed(file: ScanEntry, level: number, zippedBudget: () => number): Promise<CompressedEntry> {
  return new Promise<CompressedEntry>((resolve, reject) => {
    const input = createReadStream(file.abs, { highWaterMark: 1024 * 1024 });
    const out: Buffer[] = [];
    let outBytes = 0;
    let size = 0;
    let crc32 = 0;
    let deflater: zlib.DeflateRaw | undefined;
    let decided = false;
    const fail = (e: unknown) => {
      input.destroy();
      deflater?.destroy();
      reject(e);
    };
    const collect = (chunk: Buffer) => {
      out.push(chunk);
      outBytes += chunk.length;
      if (outBytes > zippedBudget()) fail(new ZippedLimitExceeded(outBytes));
    };
    input.on('error', (e) => fail(unreadable(file.path, e)));
    input.on('data', (data) => {
      const chunk = data as Buffer;
      size += chunk.length;
      crc32 = zlib.crc32(chunk, crc32);
      if (!decided) {
        decided = true;
        if (compressible(chunk)) {
          deflater = zlib.createDeflateRaw({ level });
          deflater.on('data', collect);
          deflater.on('error', fail);
          deflater.on('end', () => {
            const data = Buffer.concat(out);
            resolve(entryOf(file, 'DEFLATE', crc32, size, data));
          });
        }
      }
      if (deflater) {
        if (!deflater.write(chunk)) {
          input.pause();
          deflater.once('drain', () => input.resume());
        }
      } else collect(chunk);
    });
    input.on('end', () => {
      if (deflater) deflater.end();
      else resolve(entryOf(file, 'STORE', crc32, size, Buffer.concat(out)));
    });
  });
}

/**
 * Fast level-1 trials on 16 KB at the start, middle and end: under 3% gain in all three means
 * "already compressed" (media, archives, fonts). Three places, because binaries often start with
 * dense code and end with tables that compress well.
 */
function compressible(buf: Buffer): boolean {
  const at = [0, Math.max(0, (buf.length >> 1) - SAMPLE_BYTES / 2), Math.max(0, buf.length - SAMPLE_BYTES)];
  return at.some((start) => {
    const sample = buf.subarray(start, start + SAMPLE_BYTES);
    return zlib.deflateRawSync(sample, { level: 1 }).length < sample.length * 0.97;
  });
}

const PEM_PRIVATE = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const OPENSSH_PRIVATE = '-----BEGIN OPENSSH PRIVATE KEY-----';

/** Leading blank lines or spaces a key may carry (pasted keys often do), up to this many bytes. */
const KEY_LEAD_MAX = 4096;

/** PEM/OpenSSH private keys, whatever the file is called, also after a BOM and leading blank lines. */
export function looksLikePrivateKey(raw: Buffer): boolean {
  let i = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  const limit = Math.min(raw.length, KEY_LEAD_MAX);
  while (i < limit && (raw[i] === 0x20 || raw[i] === 0x09 || raw[i] === 0x0a || raw[i] === 0x0d)) i++;
  if (raw.length - i < 32 || raw[i] !== 0x2d /* - */) return false;
  const head = raw.subarray(i, i + 64).toString('latin1');
  return PEM_PRIVATE.test(head) || head.startsWith(OPENSSH_PRIVATE);
}

function entryOf(file: ScanEntry, method: 'DEFLATE' | 'STORE', crc32: number, size: number, data: Buffer): CompressedEntry {
  return { path: file.path, method, crc32, size, data, compressedSize: data.length, executable: file.executable };
}
