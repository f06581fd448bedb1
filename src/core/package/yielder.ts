import { performance } from 'node:perf_hooks';
import { throwIfAborted } from '../errors';

/**
 * Cooperative scheduling for synchronous work done in small steps: `maybeYield()` gives the event
 * loop a turn once `sliceMs` of work has run, so a long job never holds the thread for more than
 * about one slice. It also turns an aborted signal into WorkbenchError('aborted').
 */
export interface Yielder {
  maybeYield(): Promise<void>;
  /** True once the slice is used up: `if (y.due()) await y.maybeYield()` costs nothing in between. */
  due(): boolean;
  readonly signal: AbortSignal | undefined;
}

export function createYielder(sliceMs: number, signal: AbortSignal | undefined, what = 'Packaging'): Yielder {
  let sliceStart = performance.now();
  return {
    signal,
    due: () => performance.now() - sliceStart >= sliceMs,
    async maybeYield() {
      if (performance.now() - sliceStart < sliceMs) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfAborted(signal, what);
      sliceStart = performance.now();
    },
  };
}
