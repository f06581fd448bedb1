/**
 * The worker's side of the wire. Everything the function prints goes through parentPort (one
 * ordered queue with the responses), and between invocations the thread is frozen in Atomics.wait
 * the way Lambda freezes an idle environment: nothing runs until the next invoke arrives, so timers
 * left behind fire at the start of the next invocation.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { InvokeMessage, WorkerMessage } from '../protocol';

/** How long an idle runtime spins before it blocks. */
const SPIN_MS = 0.2;

let invokePort: MessagePort | undefined;
let wakeCell: Int32Array | undefined;

export function connect(port: MessagePort, wake: SharedArrayBuffer): void {
  invokePort = port;
  wakeCell = new Int32Array(wake);
}

export function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

/** Blocks the thread until the host queues the next invoke, then returns it. */
export function waitForInvoke(): InvokeMessage {
  return waitForMessage<InvokeMessage>(true);
}

/** Blocks until the host queues a message; `announce` tells the host the runtime is idle first. */
export function waitForMessage<T>(announce: boolean): T {
  if (!invokePort || !wakeCell) throw new Error('The execution environment is not connected.');
  let told = !announce;
  for (;;) {
    const received = receiveMessageOnPort(invokePort);
    if (received) return received.message as T;
    if (!told) post({ type: 'idle' });
    told = true;
    // Back-to-back invokes arrive within microseconds: a short spin saves the thread wake-up.
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(wakeCell, 0) === 0 && performance.now() < until);
    Atomics.wait(wakeCell, 0, 0);
    Atomics.store(wakeCell, 0, 0);
  }
}

type Write = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;

/**
 * Routes process.stdout/stderr writes through parentPort so they keep their order relative to the
 * console records and the response (the Worker's own stdio streams use a separate channel).
 */
export function captureStdio(): void {
  for (const fd of [1, 2] as const) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    const write: Write = (chunk, encoding, cb) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      post({ type: 'out', fd, text });
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    (stream as unknown as { write: Write }).write = write;
  }
}
