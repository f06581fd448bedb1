import { WorkbenchError } from '../errors';

/** Resolves after `ms`, or rejects with an 'aborted' WorkbenchError when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new WorkbenchError('aborted', 'The operation was cancelled.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new WorkbenchError('aborted', 'The operation was cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Poll intervals that start quick (local endpoints settle in milliseconds) and back off to `max`. */
export function* backoff(startMs: number, maxMs: number): Generator<number, never> {
  let ms = startMs;
  for (;;) {
    yield ms;
    ms = Math.min(maxMs, Math.round(ms * 1.5));
  }
}
