/**
 * packageFolder(): the public entry point. By default the pipeline runs in a worker thread so the
 * caller's event loop (the extension host) stays free; the zip comes back by transfer, not copy.
 */
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { throwIfAborted, WorkbenchError } from '../errors';
import { runPackager, type PackagerSettings } from './packager';
import { deserializeError, WORKER_MARKER, type WorkerInput, type WorkerMessage } from './packageWorker';
import type { PackageOptions, PackageResult } from './types';
import { startPackagingWorker } from './workerScript';

export async function packageFolder(root: string, options: PackageOptions = {}): Promise<PackageResult> {
  const { signal, onProgress, thread, ...settings } = options;
  throwIfAborted(signal, 'Packaging');
  const absRoot = resolve(root);
  if (thread === 'main') return runPackager(absRoot, settings, { signal, onProgress, sliceMs: 8 });
  let worker: Worker;
  try {
    worker = startWorker({ marker: WORKER_MARKER, root: absRoot, settings: plain(settings) });
  } catch {
    // No worker support (unusual embedders): same pipeline, cooperative on this thread.
    return runPackager(absRoot, settings, { signal, onProgress, sliceMs: 8 });
  }
  return new Promise<PackageResult>((resolvePromise, reject) => {
    let settled = false;
    // The worker's first message is its "scanning" progress: until then a failure means it could
    // not start (e.g. the bundle it loads is not a packaging one), and this thread does the job.
    let booted = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new WorkbenchError('aborted', 'Packaging was cancelled; nothing was uploaded.')));
    const fallBack = () => finish(() => runPackager(absRoot, settings, { signal, onProgress, sliceMs: 8 }).then(resolvePromise, reject));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerMessage) => {
      booted = true;
      if (msg.type === 'progress') onProgress?.(msg.progress);
      else if (msg.type === 'done') {
        const zip = Buffer.from(msg.zip.buffer, msg.zip.byteOffset, msg.zip.byteLength);
        finish(() => resolvePromise({ zip, manifest: msg.manifest }));
      } else finish(() => reject(deserializeError(msg.error)));
    });
    worker.on('error', (e) => (booted ? finish(() => reject(new WorkbenchError('service', `Packaging failed: ${e.message}`, { cause: e }))) : fallBack()));
    worker.on('exit', (code) =>
      booted
        ? finish(() =>
            reject(new WorkbenchError('service', `The packaging worker stopped unexpectedly (exit code ${code}).`, { hint: 'Try again; if it keeps failing, package with the CLI to see the error.' })),
          )
        : fallBack(),
    );
  });
}

/**
 * A small young generation: the worker's garbage is short-lived (read buffers, per-entry objects),
 * and V8's default semi-spaces would otherwise add tens of MB of RSS to the package size.
 */
const LIMITS = { maxYoungGenerationSizeMb: 8 };

function startWorker(input: WorkerInput): Worker {
  return startPackagingWorker(input, __filename, LIMITS);
}

/** Drops anything that cannot be cloned into the worker (functions, undefined values). */
function plain(settings: PackagerSettings): PackagerSettings {
  return JSON.parse(JSON.stringify(settings)) as PackagerSettings;
}
