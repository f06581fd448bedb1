/**
 * Worker threads for execution environments. A worker boots our runtime and then blocks, waiting
 * to be told which function it runs; one such spare per memory size is kept ready after the first
 * cold start, so the next cold start pays for loading the function, not for starting a thread
 * (Lambda likewise does not count creating the sandbox in Init Duration). Spares never ran user
 * code, are unref()'d, and can be turned off or disposed.
 */
import * as path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { CONTROL, SPIN, WAKE, type WorkerData } from './protocol';

export interface BootedWorker {
  worker: Worker;
  port: MessagePort;
  wake: Int32Array;
  /** The cells shared with the worker (CONTROL). */
  control: Int32Array;
}

/** Where invokeWorker.js sits: next to this module in out/ and in dist/ (both bundles live in dist/). */
export function defaultWorkerPath(): string {
  return path.join(__dirname, 'invokeWorker.js');
}

/** V8's old generation gets 90% of the function's memory; the rest is left for everything else. */
export function heapLimitMb(memorySize: number): number {
  return Math.max(32, Math.floor(memorySize * 0.9));
}

/** The spin cells (SPIN) every runtime of this process shares (worker/channel.ts). */
const spinBuffer = new SharedArrayBuffer(4 * SPIN.cells);
export const spinCells = new Int32Array(spinBuffer);

export function startWorker(memorySize: number, workerPath = defaultWorkerPath()): BootedWorker {
  const { port1, port2 } = new MessageChannel();
  const wake = new SharedArrayBuffer(4 * WAKE.cells);
  const control = new SharedArrayBuffer(4 * CONTROL.cells);
  const data: WorkerData = { wake, invokePort: port2, control, spin: spinBuffer };
  const worker = new Worker(workerPath, {
    workerData: data,
    transferList: [port2],
    // Empty until the InitMessage brings the function's variables: the host's never get in.
    env: {},
    execArgv: [],
    argv: [],
    stdout: true,
    stderr: true,
    name: 'lambda-environment',
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb(memorySize) },
  });
  return { worker, port: port1, wake: new Int32Array(wake), control: new Int32Array(control) };
}

const MAX_SPARES = 2;
const spares = new Map<string, BootedWorker>();
let enabled = true;

/** Turns the spare worker on or off (the CLI, a one-shot process, turns it off). */
export function setSpareWorkers(on: boolean): void {
  enabled = on;
  if (!on) void disposeSpareWorkers();
}

/** A booted worker for this memory size: the spare if there is one, else a new one. */
export function takeWorker(memorySize: number, workerPath = defaultWorkerPath()): BootedWorker {
  const key = `${memorySize}|${workerPath}`;
  const spare = spares.get(key);
  spares.delete(key);
  if (spare) spare.worker.ref();
  const taken = spare ?? startWorker(memorySize, workerPath);
  if (enabled) {
    // Replace it a little later, so starting a thread does not delay the caller's invoke.
    const later = setTimeout(() => {
      if (!enabled || spares.has(key)) return;
      if (spares.size >= MAX_SPARES) {
        const [oldest] = spares.keys();
        void spares.get(oldest)?.worker.terminate();
        spares.delete(oldest);
      }
      const w = startWorker(memorySize, workerPath);
      w.worker.unref();
      w.worker.on('error', () => undefined);
      w.worker.once('exit', () => spares.get(key) === w && spares.delete(key));
      spares.set(key, w);
    }, 25);
    later.unref();
  }
  return taken;
}

/** Stops every spare worker. */
export async function disposeSpareWorkers(): Promise<void> {
  const all = [...spares.values()];
  spares.clear();
  await Promise.all(all.map((s) => s.worker.terminate()));
}
