/**
 * Injected latency and faults. With a seed the fault sequence is a pure function of the seed and
 * the order of requests, so a failing test run can be replayed.
 */
import { serviceError, throttled, type ApiError } from './apiError';

/** mulberry32: tiny, fast, good enough to spread faults; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultOptions {
  throttleRate?: number;
  errorRate?: number;
  faultSeed?: number;
  faultOperations?: string[];
}

export class FaultInjector {
  private readonly random: () => number;
  private readonly operations?: Set<string>;

  constructor(private readonly options: FaultOptions) {
    for (const [k, v] of [['throttleRate', options.throttleRate], ['errorRate', options.errorRate]] as const) {
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${k} must be between 0 and 1; got ${v}.`);
    }
    this.random = options.faultSeed !== undefined ? seededRandom(options.faultSeed) : Math.random;
    if (options.faultOperations?.length) this.operations = new Set(options.faultOperations);
  }

  get active(): boolean {
    return (this.options.throttleRate ?? 0) > 0 || (this.options.errorRate ?? 0) > 0;
  }

  /** The fault for this request, if any. Draws one number per eligible request. */
  next(operation: string): ApiError | undefined {
    if (!this.active || (this.operations && !this.operations.has(operation))) return undefined;
    const r = this.random();
    const t = this.options.throttleRate ?? 0;
    if (r < t) return throttled(1);
    if (r < t + (this.options.errorRate ?? 0)) return serviceError();
    return undefined;
  }
}
