/**
 * The function's memory limit beyond the V8 heap. Worker resourceLimits cap the heap only, while
 * Buffers and ArrayBuffers live outside it: this guard counts them too. Allocations through
 * Buffer.alloc/allocUnsafe/allocUnsafeSlow and the ArrayBuffer, SharedArrayBuffer and typed array
 * constructors are checked before they happen (so Buffer.alloc(4 GiB) never gets its memory), and a
 * sampler checks the isolate's heap plus external memory every SAMPLE_MS whenever the event loop
 * turns (memory grown through other paths, such as fs reads or native addons). Past the limit the
 * environment stops itself and the host reports Runtime.OutOfMemory, as Lambda does.
 */
import { getHeapStatistics } from 'node:v8';
import { CONTROL } from '../protocol';
import { controlCells, post } from './channel';

const SAMPLE_MS = 50;
/** Allocations below this are only summed; a full check runs once the sum passes it. */
const CHECK_EVERY_BYTES = 1 << 20;

let limit = Number.POSITIVE_INFINITY;
let peak = 0;
let unchecked = 0;

/** What the environment uses now: this isolate's heap plus memory held outside it (Buffers, ArrayBuffers). */
export function memoryInUse(): number {
  const h = getHeapStatistics();
  const now = h.total_physical_size + h.malloced_memory + h.external_memory;
  if (now > peak) {
    peak = now;
    const c = controlCells();
    if (c) Atomics.store(c, CONTROL.peakMemoryMb, Math.ceil(peak / 1048576));
  }
  return now;
}

/** The most the environment has used since it started (what REPORT's Max Memory Used shows). */
export function peakMemory(): number {
  return Math.max(peak, memoryInUse());
}

/** Out of memory: tell the host and stop here; the host ends the environment (Lambda kills the process). */
function outOfMemory(bytes: number): never {
  post({ type: 'oom', memoryBytes: bytes });
  const stop = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(stop, 0, 0);
}

function check(extra: number): void {
  unchecked = 0;
  const used = memoryInUse() + extra;
  if (used > limit) outOfMemory(used);
}

function allocating(bytes: unknown): void {
  if (typeof bytes !== 'number' || !(bytes > 0)) return;
  if (bytes >= CHECK_EVERY_BYTES || (unchecked += bytes) >= CHECK_EVERY_BYTES) check(bytes);
}

type Ctor = new (...args: unknown[]) => unknown;

/** Wraps a global constructor so a sized construction is checked first; the wrapper stands in everywhere. */
function guardConstructor(name: string, bytesPer: number): void {
  const g = globalThis as unknown as Record<string, Ctor>;
  const target = g[name];
  if (typeof target !== 'function') return;
  const guarded: Ctor = new Proxy(target, {
    construct(t, args: unknown[], newTarget): object {
      if (typeof args[0] === 'number') allocating(args[0] * bytesPer);
      return Reflect.construct(t, args, newTarget === guarded ? t : newTarget) as object;
    },
  });
  // `x.constructor === Uint8Array` and species lookups keep working with the wrapper.
  Object.defineProperty(target.prototype, 'constructor', { value: guarded, writable: true, configurable: true, enumerable: false });
  g[name] = guarded;
}

export function installMemoryGuard(limitBytes: number): void {
  limit = limitBytes;
  for (const name of ['ArrayBuffer', 'SharedArrayBuffer']) guardConstructor(name, 1);
  for (const [name, size] of [
    ['Int8Array', 1],
    ['Uint8Array', 1],
    ['Uint8ClampedArray', 1],
    ['Int16Array', 2],
    ['Uint16Array', 2],
    ['Int32Array', 4],
    ['Uint32Array', 4],
    ['Float32Array', 4],
    ['Float64Array', 8],
    ['BigInt64Array', 8],
    ['BigUint64Array', 8],
  ] as const) {
    guardConstructor(name, size);
  }
  const B = Buffer as unknown as Record<string, (size: unknown, ...rest: unknown[]) => Buffer>;
  for (const fn of ['alloc', 'allocUnsafe', 'allocUnsafeSlow']) {
    const original = B[fn];
    B[fn] = function (this: unknown, size: unknown, ...rest: unknown[]): Buffer {
      allocating(size);
      return original.call(this, size, ...rest);
    };
  }
  memoryInUse();
  const sampler = setInterval(() => check(0), SAMPLE_MS);
  // Never keeps the event loop alive (the 3.x runtime waits for it to empty).
  sampler.unref();
}
