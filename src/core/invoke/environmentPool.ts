/**
 * Warm execution environments shared by many callers (the local Lambda API server, a serving
 * host): one environment per concurrent invocation, reused while warm, reaped after sitting idle,
 * and capped per function and in total, the way Lambda scales out and throttles. Generic over the
 * environment kind (worker thread or process): it only creates, hands out and disposes them.
 */
import { WorkbenchError } from '../errors';

/** What the pool needs of an environment. */
export interface PoolEnvironment {
  dispose(): Promise<void>;
  /** 'disposed' environments are dropped instead of reused. */
  readonly state?: string;
}

export interface EnvironmentPoolLimits {
  /** Environments (busy and idle) kept at most; beyond it idle ones are evicted and busy ones refuse. Default 32. */
  maxEnvironments: number;
  /** Concurrent invocations of one function. Default 10. */
  maxPerFunction: number;
  /** An environment idle this long is disposed, as Lambda reclaims idle environments. Default 5 minutes. */
  idleTimeoutMs: number;
}

export const DEFAULT_POOL_LIMITS: Readonly<EnvironmentPoolLimits> = { maxEnvironments: 32, maxPerFunction: 10, idleTimeoutMs: 5 * 60_000 };

/** Which cap refused: a function's reserved concurrency, the per-function cap or the whole pool's. */
export type ThrottleScope = 'reserved' | 'function' | 'pool';

/**
 * The service's TooManyRequestsException for Invoke, with its `Reason` (kind 'throttled',
 * details.reason), so the local Lambda API server can answer 429 with the service's body.
 */
export function concurrencyLimitError(scope: ThrottleScope, limit: number, functionId: string): WorkbenchError {
  const reason = scope === 'reserved' ? 'ReservedFunctionConcurrentInvocationLimitExceeded' : 'ConcurrentInvocationLimitExceeded';
  const what = scope === 'reserved' ? `its reserved concurrency (${limit})` : scope === 'function' ? `the per-function limit of ${limit} concurrent invocations` : `the limit of ${limit} environments in total`;
  return new WorkbenchError('throttled', `Rate Exceeded. ${functionId} is already running ${what}.`, {
    code: 'TooManyRequestsException',
    hint: scope === 'reserved' ? 'Raise or remove the reserved concurrency, or retry later.' : 'Retry later, or raise the limit (lambda-workbench emulator --concurrency / --function-concurrency).',
    details: { reason, scope, limit },
  });
}

interface Slot<E> {
  key: string;
  fn: string;
  /** Environments of the same group and another key are retired by retireOthers(). */
  group: string;
  env?: E;
  busy: boolean;
  retired: boolean;
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
}

export interface UseOptions {
  /** Retirement group (e.g. a function version); default: the function. */
  group?: string;
  /** The function's reserved concurrency, when it has one (0 refuses every invocation). */
  reserved?: number;
  /** Wait for a free slot instead of refusing (asynchronous invocations); the signal ends the wait. */
  queue?: boolean;
  signal?: AbortSignal;
}

export class EnvironmentPool<E extends PoolEnvironment> {
  readonly limits: EnvironmentPoolLimits;
  private readonly slots = new Set<Slot<E>>();
  private waiters: (() => void)[] = [];
  private disposed = false;

  constructor(limits: Partial<EnvironmentPoolLimits> = {}) {
    this.limits = { ...DEFAULT_POOL_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
  }

  /** Environments alive or being created (busy and idle). */
  get size(): number {
    return this.slots.size;
  }

  get busy(): number {
    let n = 0;
    for (const s of this.slots) if (s.busy) n++;
    return n;
  }

  /**
   * Runs `run` in an idle warm environment of `key`, or a new one made by `create`. `fn` names the
   * function (the per-function cap counts over all its keys). Refuses with concurrencyLimitError
   * when a cap is reached, unless `queue` is set.
   */
  async use<T>(key: string, fn: string, create: () => Promise<E>, run: (env: E) => Promise<T>, options: UseOptions = {}): Promise<T> {
    const slot = await this.acquire(key, fn, options);
    try {
      if (!slot.env) {
        const env = await create();
        if (!this.slots.has(slot)) {
          // Disposed while it was being created.
          await env.dispose();
          throw new WorkbenchError('aborted', 'The environment pool has been disposed.');
        }
        slot.env = env;
      }
      return await run(slot.env);
    } finally {
      this.release(slot);
    }
  }

  /** A new version of a group's code or configuration: its environments of other keys are not reused. */
  retireOthers(group: string, key: string): void {
    for (const s of [...this.slots]) {
      if (s.group !== group || s.key === key) continue;
      s.retired = true;
      if (!s.busy) this.drop(s);
    }
  }

  /** Disposes every environment (busy ones too) and refuses further use. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.slots];
    this.slots.clear();
    for (const w of this.waiters.splice(0)) w();
    await Promise.all(all.map((s) => this.disposeSlot(s)));
  }

  private async acquire(key: string, fn: string, options: UseOptions): Promise<Slot<E>> {
    for (;;) {
      if (this.disposed) throw new WorkbenchError('aborted', 'The environment pool has been disposed.');
      if (options.signal?.aborted) throw new WorkbenchError('aborted', 'The invocation was cancelled.');
      const refused = this.refusal(fn, options.reserved);
      if (!refused) return this.take(key, fn, options.group ?? fn);
      if (!options.queue) throw refused;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          options.signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        options.signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  private refusal(fn: string, reserved: number | undefined): WorkbenchError | undefined {
    let busyFn = 0;
    for (const s of this.slots) if (s.busy && s.fn === fn) busyFn++;
    if (reserved !== undefined && reserved < this.limits.maxPerFunction && busyFn >= reserved) return concurrencyLimitError('reserved', reserved, fn);
    if (busyFn >= this.limits.maxPerFunction) return concurrencyLimitError('function', this.limits.maxPerFunction, fn);
    if (this.busy >= this.limits.maxEnvironments) return concurrencyLimitError('pool', this.limits.maxEnvironments, fn);
    return undefined;
  }

  /** Synchronous, so concurrent callers never both see the same free slot. */
  private take(key: string, fn: string, group: string): Slot<E> {
    for (const s of this.slots) {
      if (!s.busy && !s.retired && s.key === key && s.env?.state !== 'disposed') {
        s.busy = true;
        if (s.idleTimer) clearTimeout(s.idleTimer);
        s.idleTimer = undefined;
        return s;
      }
    }
    if (this.slots.size >= this.limits.maxEnvironments) {
      // Make room: the least recently used idle environment goes (refusal() made sure one is idle).
      const idle = [...this.slots].filter((s) => !s.busy).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (idle) this.drop(idle);
    }
    const slot: Slot<E> = { key, fn, group, busy: true, retired: false, lastUsed: Date.now() };
    this.slots.add(slot);
    return slot;
  }

  private release(slot: Slot<E>): void {
    slot.busy = false;
    slot.lastUsed = Date.now();
    if (this.disposed || slot.retired || !slot.env || slot.env.state === 'disposed' || !this.slots.has(slot)) this.drop(slot);
    else {
      slot.idleTimer = setTimeout(() => this.drop(slot), this.limits.idleTimeoutMs);
      slot.idleTimer.unref();
    }
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }

  private drop(slot: Slot<E>): void {
    this.slots.delete(slot);
    void this.disposeSlot(slot);
  }

  private async disposeSlot(slot: Slot<E>): Promise<void> {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    const env = slot.env;
    slot.env = undefined;
    await env?.dispose().catch(() => undefined);
  }
}
