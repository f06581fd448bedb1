/**
 * A deflate helper thread (started by deflatePool.ts): reads, checks and deflates batches of files
 * synchronously, with the same code the packaging thread runs (deflateFile.ts), straight into one
 * output buffer per batch, and hands that buffer back without copying it. Its own bundle
 * (dist/deflateHelper.js) loads nothing else, so it starts in a few milliseconds; loaded in a
 * worker started with DEFLATE_MARKER, this module serves batches until it is terminated.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { compressBytes, isLeftOutKey, RawDeflater } from './deflateFile';

export const DEFLATE_MARKER = 'lambda-workbench-deflate-helper';
/** Files up to this size are read into one reused buffer. */
const SCRATCH_BYTES = 1024 * 1024;

export interface HelperInput {
  marker: typeof DEFLATE_MARKER;
  level: number;
}

/** What the packaging thread sends: files to read, with the size the scan saw. */
export interface BatchRequest {
  type: 'batch';
  id: number;
  /** The files' absolute paths, joined with NUL (one string clones faster than an array). */
  abs: string;
  sizes: Float64Array;
  /** 1 where a user `!pattern` named the file (no private-key sniffing). */
  forcedIn: Uint8Array;
}

/** What became of one file of a batch. */
export const Kind = { Store: 0, Deflate: 1, PrivateKey: 2, Unreadable: 3 } as const;

/** Per file, FIELDS numbers: kind, CRC-32, size read, segment, offset, length. */
export const FIELDS = 6;

export interface BatchResult {
  type: 'done';
  id: number;
  meta: Float64Array;
  segments: ArrayBuffer[];
  /** For Unreadable files: index in the batch and the error's code (or message). */
  errors: Array<{ index: number; code: string }>;
}
/** Reads a whole file: into `scratch` when it fits, else into a buffer of its own. */
export function readWhole(abs: string, sizeHint: number, scratch: Buffer): Buffer {
  const fd = openSync(abs, 'r');
  try {
    let buf = sizeHint < scratch.length ? scratch : Buffer.allocUnsafeSlow(sizeHint + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        // The file grew since it was listed: read on into a bigger buffer.
        const size = Math.max(fstatSync(fd).size + 1, buf.length * 2);
        const bigger = Buffer.allocUnsafeSlow(size);
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Output buffers for compressed bytes: each batch's own, so it can be handed over whole. */
export class Segments {
  readonly full: Buffer[] = [];
  private seg: Buffer | undefined;
  private used = 0;

  constructor(private readonly segBytes: number) {}

  /** Makes room for `n` bytes at the end; returns where they go. */
  reserve(n: number): { buf: Buffer; at: number; index: number } {
    if (!this.seg || this.used + n > this.seg.length) {
      if (this.seg) this.full.push(this.seg.subarray(0, this.used));
      // Pages of the buffer that are never written are never made resident.
      this.seg = Buffer.allocUnsafeSlow(Math.max(this.segBytes, n));
      this.used = 0;
    }
    return { buf: this.seg, at: this.used, index: this.full.length };
  }

  commit(n: number): void {
    this.used += n;
  }

  /** Every segment, the last one cut to what was written. */
  finish(): Buffer[] {
    if (this.seg) this.full.push(this.seg.subarray(0, this.used));
    this.seg = undefined;
    return this.full;
  }
}

function serveHelper(input: HelperInput): void {
  const port = parentPort!;
  const deflater = new RawDeflater(input.level);
  const sampler = new RawDeflater(1);
  const scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  port.on('message', (req: BatchRequest) => {
    const abs = req.abs.split('\0');
    const meta = new Float64Array(abs.length * FIELDS);
    const errors: BatchResult['errors'] = [];
    const segments = new Segments(req.sizes.reduce((a, b) => a + b, 0) + 4096);
    // Shortest first: one clean of the deflate window serves the whole batch (see RawDeflater).
    const order = abs.map((_, i) => i).sort((a, b) => req.sizes[a]! - req.sizes[b]!);
    deflater.expect(req.sizes);
    for (const i of order) {
      const m = i * FIELDS;
      let raw: Buffer;
      try {
        raw = readWhole(abs[i]!, req.sizes[i]!, scratch);
      } catch (e) {
        meta[m] = Kind.Unreadable;
        errors.push({ index: i, code: (e as NodeJS.ErrnoException).code ?? String((e as Error).message) });
        continue;
      }
      if (isLeftOutKey(raw, req.forcedIn[i] === 1)) {
        meta[m] = Kind.PrivateKey;
        meta[m + 2] = raw.length;
        continue;
      }
      const { buf, at, index } = segments.reserve(raw.length);
      const c = compressBytes(raw, zlib.crc32(raw), deflater, sampler, buf, at);
      segments.commit(c.length);
      meta[m] = c.method === 'DEFLATE' ? Kind.Deflate : Kind.Store;
      meta[m + 1] = c.crc32;
      meta[m + 2] = raw.length;
      meta[m + 3] = index;
      meta[m + 4] = at;
      meta[m + 5] = c.length;
    }
    // Whole ArrayBuffers move to the packaging thread; each segment starts at its buffer's start.
    const bufs = segments.finish().map((s) => s.buffer as ArrayBuffer);
    const result: BatchResult = { type: 'done', id: req.id, meta, segments: bufs, errors };
    port.postMessage(result, [meta.buffer as ArrayBuffer, ...new Set(bufs)]);
  });
}

const helperInput = isMainThread ? undefined : (workerData as Partial<HelperInput> | null);
if (helperInput?.marker === DEFLATE_MARKER && parentPort) serveHelper(helperInput as HelperInput);
