/**
 * Compresses package entries with Node's zlib, the same deflate Info-ZIP's `zip` speaks, on every
 * core: the Compressor takes files while the tree is still being walked (`offer`), takes what it
 * can from the incremental cache by path and stat alone, and hands the rest in batches to deflate
 * helper threads (deflatePool.ts) once there is enough work to pay for starting them. A handful
 * of changed files (a re-package after a save) is compressed right here instead. Either way every
 * file goes through deflateFile.ts, so the bytes never depend on which thread did the work.
 * Files past STREAM_BYTES are streamed so memory holds their compressed bytes only.
 */
import { createReadStream } from 'node:fs';
import * as zlib from 'node:zlib';
import { compressBytes, compressible, isLeftOutKey, RawDeflater, SAMPLE_BYTES } from './deflateFile';
import { throwIfAborted } from '../errors';
import { DeflatePool, FIELDS, helperCount, Kind, readWhole, Segments, type BatchRequest, type BatchResult } from './deflatePool';
import type { EntryCache } from './entryCache';
import { compare, sortByPath, unreadable, type ScanEntry } from './scan';
import type { PackageProgress } from './types';
import type { Yielder } from './yielder';
import type { ZipInputEntry } from './zipWriter';

export { looksLikePrivateKey, SMALL_BYTES } from './deflateFile';

/** From this size on, stream instead of reading whole. */
export const STREAM_BYTES = 16 * 1024 * 1024;
/** Local header (30) + central header (46) per entry, plus the name twice. */
const ENTRY_OVERHEAD = 76;
/** Helpers start once this much uncached work is waiting (less is done faster on this thread). */
const PARALLEL_MIN_BYTES = 1024 * 1024;
const PARALLEL_MIN_FILES = 256;
/** A batch: about this much input, or this many files, whichever comes first. */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;
/** Files up to this size are read into one reused buffer on this thread. */
const SCRATCH_BYTES = 1024 * 1024;

export type CompressedEntry = ZipInputEntry;

export interface CompressOutcome {
  entries: CompressedEntry[];
  /** Paths dropped because their content is a private key. */
  privateKeys: string[];
  /** Files that helper threads read and compressed. */
  helperFiles: number;
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
  /** Deflate helper threads to use when there is enough work (default: one per core; 0 for none). */
  helpers?: number;
}

/** Compresses a whole list of files (see Compressor for the streaming form). */
export async function compressEntries(files: readonly ScanEntry[], opts: CompressOptions): Promise<CompressOutcome> {
  const compressor = new Compressor(opts);
  try {
    for (const f of files) compressor.offer(f);
    return await compressor.finish();
  } finally {
    compressor.close();
  }
}

/** This thread's compression state, made on first use. */
interface LocalWork {
  deflater: RawDeflater;
  sampler: RawDeflater;
  segments: Segments;
  scratch: Buffer;
}

export class Compressor {
  private readonly files: ScanEntry[] = [];
  private readonly results: Array<CompressedEntry | null | undefined> = [];
  private settled = 0;
  /** Files waiting for a helper or this thread, by index; `head` is the next to hand out. */
  private pending: number[] = [];
  private head = 0;
  /** Files and bytes from `head` on, kept up to date so that checking for a full batch is cheap. */
  private queuedFiles = 0;
  private queuedBytes = 0;
  /** Files made in memory, and files to stream: always done on this thread. */
  private readonly special: number[] = [];
  private readonly batches = new Map<number, number[]>();
  private pool: DeflatePool | undefined;
  private poolTried = false;
  private finishing = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private local: LocalWork | undefined;
  private helperFiles = 0;
  private zipped = 0;
  private doneBytes = 0;
  private totalBytes = 0;
  private lastProgress = 0;

  constructor(private readonly opts: CompressOptions) {}

  /** Takes one file (as the scan finds it): from the cache when unchanged, else queued. */
  offer(file: ScanEntry): void {
    const i = this.files.push(file) - 1;
    this.totalBytes += file.size;
    if (this.failure) return;
    const hit = this.opts.cache?.lookupByStat(file);
    if (hit !== undefined) return this.settle(i, hit === 'privateKey' ? null : hit);
    if (file.data || file.size >= STREAM_BYTES) {
      this.special.push(i);
      return;
    }
    this.pending.push(i);
    this.queuedFiles++;
    this.queuedBytes += file.size;
    if (this.pool) this.dispatch();
    else if (!this.poolTried && (this.queuedBytes >= PARALLEL_MIN_BYTES || this.queuedFiles >= PARALLEL_MIN_FILES)) this.startPool();
  }

  /** Compresses everything offered and not yet done; the entries sorted by path. */
  async finish(): Promise<CompressOutcome> {
    this.finishing = true;
    const signal = this.opts.yielder.signal;
    const onAbort = () => this.wakeUp();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // The biggest files first, so that no helper ends the run with a long one.
      const rest = this.pending.slice(this.head).sort((a, b) => this.files[b]!.size - this.files[a]!.size);
      this.pending = rest;
      this.head = 0;
      this.progress(true);
      if (this.pool) this.dispatch();
      for (const i of this.special) {
        await this.opts.yielder.maybeYield();
        this.throwIfFailed();
        const file = this.files[i]!;
        if (file.data) this.compressHere(i);
        else await this.compressStreamed(i);
      }
      while (this.settled < this.files.length) {
        throwIfAborted(signal, 'Packaging');
        this.throwIfFailed();
        if (!this.pool?.alive && this.head < this.pending.length) {
          await this.opts.yielder.maybeYield();
          const i = this.pending[this.head++]!;
          this.queuedFiles--;
          this.queuedBytes -= this.files[i]!.size;
          this.compressHere(i);
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      this.throwIfFailed();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const entries: CompressedEntry[] = [];
    const privateKeys: string[] = [];
    this.results.forEach((entry, i) => {
      if (entry) entries.push(entry);
      else privateKeys.push(this.files[i]!.path);
    });
    sortByPath(entries);
    privateKeys.sort(compare);
    return { entries, privateKeys, helperFiles: this.helperFiles };
  }

  /** Stops the helpers (always call it, also after a failure). */
  close(): void {
    this.pool?.close();
    this.pool = undefined;
  }

  private startPool(): void {
    this.poolTried = true;
    const count = this.opts.helpers ?? helperCount();
    if (count <= 0) return;
    this.pool = DeflatePool.start(count, this.opts.level, {
      onResult: (request, result) => this.onBatch(request, result),
      onLost: (requests) => {
        // A helper died: its files go back to the front of the queue, for another helper or this thread.
        const lost = requests.flatMap((r) => this.batches.get(r.id) ?? []);
        for (const r of requests) this.batches.delete(r.id);
        this.pending.splice(this.head, 0, ...lost);
        this.queuedFiles += lost.length;
        for (const i of lost) this.queuedBytes += this.files[i]!.size;
      },
      onIdle: () => {
        if (this.pool) this.dispatch();
        this.wakeUp();
      },
    });
  }

  /** Hands out batches while a helper has room: full ones while the scan runs, the rest once it is done. */
  private dispatch(): void {
    const pool = this.pool!;
    while (this.queuedFiles > 0 && !this.failure && pool.hasRoom) {
      if (!this.finishing && this.queuedFiles < BATCH_FILES && this.queuedBytes < BATCH_BYTES) return;
      const batch: number[] = [];
      let bytes = 0;
      while (this.head < this.pending.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES) {
        const i = this.pending[this.head++]!;
        batch.push(i);
        bytes += this.files[i]!.size;
      }
      this.queuedFiles -= batch.length;
      this.queuedBytes -= bytes;
      this.batches.set(
        pool.send(batch.map((i) => this.files[i]!)),
        batch,
      );
    }
  }

  private onBatch(request: BatchRequest, result: BatchResult): void {
    const batch = this.batches.get(request.id);
    this.batches.delete(request.id);
    if (!batch || this.failure) return;
    const segments = result.segments.map((ab) => Buffer.from(ab));
    const errors = new Map(result.errors.map((e) => [e.index, e.code]));
    const m = result.meta;
    this.helperFiles += batch.length;
    try {
      batch.forEach((i, k) => {
        const file = this.files[i]!;
        const at = k * FIELDS;
        const kind = m[at];
        if (kind === Kind.Unreadable) throw unreadable(file.path, Object.assign(new Error(errors.get(k) ?? 'unreadable'), { code: errors.get(k) }));
        if (kind === Kind.PrivateKey) {
          this.opts.cache?.record(file, null);
          return this.settle(i, null);
        }
        const data = segments[m[at + 3]!]!.subarray(m[at + 4]!, m[at + 4]! + m[at + 5]!);
        const entry = entryOf(file, kind === Kind.Deflate ? 'DEFLATE' : 'STORE', m[at + 1]!, m[at + 2]!, data);
        this.opts.cache?.record(file, entry);
        this.settle(i, entry);
      });
    } catch (e) {
      this.fail(e);
    }
  }

  /** Reads and compresses one file on this thread (its content may be in the cache under another path). */
  private compressHere(i: number): void {
    const file = this.files[i]!;
    const local = (this.local ??= {
      deflater: new RawDeflater(this.opts.level),
      sampler: new RawDeflater(1),
      segments: new Segments(SCRATCH_BYTES),
      scratch: Buffer.allocUnsafeSlow(SCRATCH_BYTES),
    });
    let raw: Buffer;
    try {
      raw = file.data ?? readWhole(file.abs, file.size, local.scratch);
    } catch (e) {
      throw unreadable(file.path, e);
    }
    if (isLeftOutKey(raw, file.forcedIn)) {
      this.opts.cache?.record(file, null);
      return this.settle(i, null);
    }
    const crc32 = zlib.crc32(raw);
    const hit = this.opts.cache?.lookupByContent(file, crc32, raw.length);
    if (hit) return this.settle(i, hit);
    const { buf, at } = local.segments.reserve(raw.length);
    const c = compressBytes(raw, crc32, local.deflater, local.sampler, buf, at);
    local.segments.commit(c.length);
    const entry = entryOf(file, c.method, crc32, raw.length, buf.subarray(at, at + c.length));
    this.opts.cache?.record(file, entry);
    this.settle(i, entry);
  }

  private settle(i: number, entry: CompressedEntry | null): void {
    this.results[i] = entry;
    this.settled++;
    const file = this.files[i]!;
    this.doneBytes += file.size;
    if (entry) this.zipped += entry.compressedSize + ENTRY_OVERHEAD + 2 * Buffer.byteLength(file.path);
    if (this.zipped > this.opts.maxZippedBytes) this.fail(new ZippedLimitExceeded(this.zipped));
    this.progress(false);
    if (this.settled === this.files.length) this.wakeUp();
  }

  private progress(force: boolean): void {
    if (!this.finishing || !this.opts.onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastProgress <= 100) return;
    this.lastProgress = now;
    this.opts.onProgress({ phase: 'compressing', done: this.doneBytes, total: this.totalBytes });
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.close();
    this.wakeUp();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private compressStreamed(i: number): Promise<void> {
    const file = this.files[i]!;
    return compressStreamed(file, this.opts.level, () => this.opts.maxZippedBytes - this.zipped).then((entry) => {
      this.opts.cache?.record(file, entry);
      this.settle(i, entry);
    });
  }
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
        if (compressible(chunk, new RawDeflater(1), Buffer.allocUnsafe(SAMPLE_BYTES), 0)) {
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

function entryOf(file: ScanEntry, method: 'DEFLATE' | 'STORE', crc32: number, size: number, data: Buffer): CompressedEntry {
  return { path: file.path, method, crc32, size, data, compressedSize: data.length, executable: file.executable };
}
