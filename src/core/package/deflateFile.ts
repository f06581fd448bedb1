/**
 * What one file becomes in the zip, decided the same way on every packaging thread: the packaging
 * worker and its deflate helpers (deflatePool.ts) all call compressBytes(), so the bytes never
 * depend on which thread did the work or when.
 *
 * - Empty files are stored.
 * - From SMALL_BYTES up, a content sample decides first: content that does not compress (media,
 *   archives, fonts) is stored without deflating it whole.
 * - Otherwise the file is deflated at the level asked (zlib, as Info-ZIP) and stored instead when
 *   that is not smaller.
 * - Below SMALL_BYTES, content that is a private key is reported (the caller leaves it out) unless a
 *   user `!pattern` asked for the file.
 *
 * Deflating thousands of small files, the cost of a new zlib stream per file (a JS Transform, a
 * native context, a 16 KB output chunk, and a copy out of it) is ~20% of the whole. RawDeflater
 * keeps one native zlib context per thread, resets it between files and deflates straight into
 * the caller's buffer. A reset context is a fresh one except for the window's old bytes past the
 * new input, which clean() zeroes when they matter: the bytes are exactly zlib.deflateRawSync's
 * (unit tests compare them on inputs where skipping that step does change them). It uses the handle behind
 * Node's public zlib stream, so it checks itself against zlib.deflateRawSync when it starts and
 * falls back to that on any difference or error.
 */
import * as zlib from 'node:zlib';

/** From this size on, a sample decides whether a file is worth deflating. */
export const SMALL_BYTES = 128 * 1024;
/** The size of each sample (compressible() needs this much room in its scratch buffer). */
export const SAMPLE_BYTES = 16 * 1024;

/** The bytes of a compressed entry, written into `out` at `at` (which has room for `raw.length` bytes). */
export interface Compressed {
  method: 'DEFLATE' | 'STORE';
  crc32: number;
  /** Bytes written at `at`: the deflated size, or raw.length when stored. */
  length: number;
}

/** The (internal) native handle behind a zlib stream, as Node's own zlib.js drives it. */
interface NativeZlib {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  reset(): void;
}

/** zlib's window for deflateRaw's default windowBits (15): twice 32 KB. */
const WINDOW_BYTES = 64 * 1024;
/**
 * How far past the end of its input deflate may look into the window: MAX_MATCH (258) bytes of
 * match comparison, plus room for word-sized reads.
 */
const LOOK_PAST = 300;
const ZEROS = Buffer.alloc(WINDOW_BYTES);

/** Deflates whole buffers at one level, reusing one native context. */
export class RawDeflater {
  private handle: NativeZlib | undefined;
  private state: Uint32Array | undefined;
  private stream: zlib.DeflateRaw | undefined;
  /**
   * What the window holds: the last input's bytes up to `dataEnd`, zeros from there to `zeroEnd`,
   * anything past that. Unknown at first, so taken as all old bytes.
   */
  private dataEnd = WINDOW_BYTES;
  private zeroEnd = WINDOW_BYTES;
  /** Inputs up to this long are coming (see expect()): one clean then serves them all. */
  private hint = 0;
  private readonly sink = Buffer.allocUnsafe(4096);

  constructor(readonly level: number) {
    // Level 0 writes stored blocks whose layout depends on the output space given: not for us.
    if (level >= 1) this.open();
    if (this.handle && !this.selfCheck()) this.close();
  }

  /** Deflates `raw` into `out` at `at`: the deflated length, or -1 when it is not smaller than `raw`. */
  deflateInto(raw: Buffer, out: Buffer, at: number): number {
    if (raw.length === 0) return -1;
    if (this.handle && this.state && this.stream) {
      try {
        this.clean(raw.length);
        this.handle.writeSync(zlib.constants.Z_FINISH, raw, 0, raw.length, out, at, raw.length);
        const availOut = this.state[0]!;
        const availIn = this.state[1]!;
        this.handle.reset();
        // Output space left over means the stream ended (Z_FINISH runs until it ends or the space
        // is used up); no space left means the result is at least as long as the input.
        if (!this.stream.destroyed) {
          if (availOut > 0 && availIn === 0) return raw.length - availOut;
          if (availOut === 0) return -1;
        }
      } catch {
        /* fall through: the public API decides, and this thread stops using the handle */
      }
      this.close();
    }
    const deflated = zlib.deflateRawSync(raw, { level: this.level });
    if (deflated.length >= raw.length) return -1;
    deflated.copy(out, at);
    return deflated.length;
  }

  /**
   * Inputs of these lengths come next, shortest first: the next clean() zeroes enough window for
   * all of them, instead of cleaning before each one.
   */
  expect(lengths: Iterable<number>): void {
    let longest = 0;
    for (const n of lengths) if (n < WINDOW_BYTES && n > longest) longest = n;
    this.hint = Math.min(WINDOW_BYTES, longest + LOOK_PAST);
  }

  /**
   * A fresh context has zeros past the end of its input wherever deflate may look (zlib zeroes
   * them as input arrives); deflateReset leaves old bytes there, and they can change which of two
   * equal matches is chosen, so the bytes. Deflating zeros puts back what a fresh context has.
   * Nothing is needed when the last input was no longer than this one and zeros follow far
   * enough (so a batch sorted by size needs one clean), nor for an input of a whole window or
   * more: it fills the window before deflate looks anywhere.
   */
  private clean(length: number): void {
    if (length >= WINDOW_BYTES) {
      this.dataEnd = WINDOW_BYTES;
      this.zeroEnd = WINDOW_BYTES;
      return;
    }
    const need = Math.min(WINDOW_BYTES, length + LOOK_PAST);
    if (this.dataEnd > length || this.zeroEnd < need) {
      const zeros = Math.max(need, this.hint);
      this.handle!.writeSync(zlib.constants.Z_FINISH, ZEROS, 0, zeros, this.sink, 0, this.sink.length);
      this.handle!.reset();
      this.zeroEnd = zeros;
    }
    this.dataEnd = length;
  }

  /** True when the reused context is in use (false: every call goes through zlib.deflateRawSync). */
  get direct(): boolean {
    return this.handle !== undefined;
  }

  private open(): void {
    try {
      const stream = zlib.createDeflateRaw({ level: this.level });
      // A failing native call reports through the stream: never let that become an uncaught error.
      stream.on('error', () => undefined);
      const internals = stream as unknown as { _handle?: Partial<NativeZlib>; _writeState?: unknown };
      const handle = internals._handle;
      if (handle && typeof handle.writeSync === 'function' && typeof handle.reset === 'function' && internals._writeState instanceof Uint32Array) {
        this.stream = stream;
        this.handle = handle as NativeZlib;
        this.state = internals._writeState;
      } else stream.destroy();
    } catch {
      this.close();
    }
  }

  private close(): void {
    this.stream?.destroy();
    this.stream = undefined;
    this.handle = undefined;
    this.state = undefined;
  }

  /** The reused context must give exactly zlib.deflateRawSync's bytes, including after a reset. */
  private selfCheck(): boolean {
    const samples = [selfCheckText(), Buffer.from('a'), selfCheckText().subarray(0, 5000)];
    for (const raw of samples) {
      const expected = zlib.deflateRawSync(raw, { level: this.level });
      const out = Buffer.alloc(raw.length);
      const n = this.deflateInto(raw, out, 0);
      if (!this.handle) return false;
      const ok = expected.length >= raw.length ? n === -1 : n === expected.length && out.subarray(0, n).equals(expected);
      if (!ok) return false;
    }
    return true;
  }
}

/** ~40 KB of varied text: long enough for several deflate blocks, matches and literals. */
function selfCheckText(): Buffer {
  let s = '';
  for (let i = 0; s.length < 40_000; i++) s += `line ${i} ${(i * 2654435761) % 1000003} ${i % 7 ? 'function' : 'return'} value_${i % 97};\n`;
  return Buffer.from(s);
}

/** A private key nothing asked for: the caller leaves the file out (small files only; keys are small). */
export function isLeftOutKey(raw: Buffer, forcedIn: boolean): boolean {
  return raw.length < SMALL_BYTES && !forcedIn && looksLikePrivateKey(raw);
}

/** Compresses `raw` (whose CRC-32 the caller computed) into `out` at `at`, which has room for raw.length bytes. */
export function compressBytes(raw: Buffer, crc32: number, deflater: RawDeflater, sampler: RawDeflater, out: Buffer, at: number): Compressed {
  if (raw.length >= SMALL_BYTES && !compressible(raw, sampler, out, at)) return store(raw, crc32, out, at);
  const n = deflater.deflateInto(raw, out, at);
  return n < 0 ? store(raw, crc32, out, at) : { method: 'DEFLATE', crc32, length: n };
}

function store(raw: Buffer, crc32: number, out: Buffer, at: number): Compressed {
  raw.copy(out, at);
  return { method: 'STORE', crc32, length: raw.length };
}

/**
 * Fast level-1 trials on 16 KB at the start, middle and end: under 3% gain in all three means
 * "already compressed" (media, archives, fonts). Three places, because binaries often start with
 * dense code and end with tables that compress well. `sampler` deflates at level 1; `out` (from
 * `at`, room for SAMPLE_BYTES) is scratch space here.
 */
export function compressible(buf: Buffer, sampler: RawDeflater, out: Buffer, at: number): boolean {
  const starts = [0, Math.max(0, (buf.length >> 1) - SAMPLE_BYTES / 2), Math.max(0, buf.length - SAMPLE_BYTES)];
  return starts.some((start) => {
    const sample = buf.subarray(start, start + SAMPLE_BYTES);
    const n = sampler.deflateInto(sample, out, at);
    return n >= 0 && n < sample.length * 0.97;
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
