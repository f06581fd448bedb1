/**
 * The packaging worker thread: runs the whole pipeline off the caller's thread (the VS Code
 * extension host must never be held for long) and hands back the zip without copying it.
 * This module starts itself when loaded in a worker created by packageFolder.ts.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isWorkbenchError, WorkbenchError, type ErrorKind } from '../errors';
import { runPackager, type PackagerSettings } from './packager';
import type { PackageManifest, PackageProgress } from './types';

export const WORKER_MARKER = 'lambda-workbench-packager';

export interface WorkerInput {
  marker: typeof WORKER_MARKER;
  root: string;
  settings: PackagerSettings;
  /** Set when the worker is started by requiring a bundle: the file to require. */
  entry?: string;
}

export interface SerializedError {
  kind?: ErrorKind;
  message: string;
  hint?: string;
  code?: string;
  path?: string;
  details?: Record<string, unknown>;
}

export type WorkerMessage =
  | { type: 'progress'; progress: PackageProgress }
  | { type: 'done'; zip: Uint8Array; manifest: PackageManifest }
  | { type: 'error'; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (isWorkbenchError(e)) {
    const { hint, code, path, details } = e.options;
    return { kind: e.kind, message: e.message, hint, code, path, details };
  }
  return { message: (e as Error)?.stack ?? String(e) };
}

export function deserializeError(s: SerializedError): Error {
  if (!s.kind) return new Error(s.message);
  return new WorkbenchError(s.kind, s.message, { hint: s.hint, code: s.code, path: s.path, details: s.details });
}

async function serve(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  try {
    const { zip, manifest } = await runPackager(input.root, input.settings, {
      // Short slices: between them this thread hands work to the deflate helpers and takes their results.
      sliceMs: 10,
      onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerMessage),
    });
    const whole = zip.byteOffset === 0 && zip.byteLength === zip.buffer.byteLength;
    const bytes = whole ? new Uint8Array(zip.buffer, 0, zip.byteLength) : new Uint8Array(zip);
    port.postMessage({ type: 'done', zip: bytes, manifest } satisfies WorkerMessage, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ type: 'error', error: serializeError(e) } satisfies WorkerMessage);
  }
}

const input = isMainThread ? undefined : (workerData as Partial<WorkerInput> | null);
// Deferred, so that when this runs inside a bundle the rest of the bundle loads first: if that
// fails (a bundle that needs `vscode`), the worker dies before saying anything and the caller
// packages on its own thread instead.
if (input?.marker === WORKER_MARKER && parentPort) setImmediate(() => void serve(input as WorkerInput));
