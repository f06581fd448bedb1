/**
 * The worker's side of the wire. Everything the function prints goes through parentPort (one
 * ordered queue with the responses), and between invocations the thread is frozen in Atomics.wait
 * the way Lambda freezes an idle environment: nothing runs until the next invoke arrives, so timers
 * left behind fire at the start of the next invocation.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { announceIdle, CONTROL, OUTPUT_IN_FLIGHT_LIMIT, WAKE, type InvokeMessage, type WorkerMessage } from '../protocol';
import { IdleSpin } from './idleSpin';

let invokePort: MessagePort | undefined;
let wakeCell: Int32Array | undefined;
let control: Int32Array | undefined;
let idleSpin = new IdleSpin(undefined);

export function connect(port: MessagePort, wake: SharedArrayBuffer, controlCells: SharedArrayBuffer, spin?: SharedArrayBuffer): void {
  invokePort = port;
  wakeCell = new Int32Array(wake);
  control = new Int32Array(controlCells);
  idleSpin = new IdleSpin(spin ? new Int32Array(spin) : undefined);
}

export function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

/** The shared control cells (CONTROL), once connected. */
export function controlCells(): Int32Array | undefined {
  return control;
}

/**
 * Posts function output with backpressure: while more than OUTPUT_IN_FLIGHT_LIMIT characters wait
 * for the host, the thread waits (as a process blocks on a full pipe), so a flood cannot fill the
 * host's memory. Once the host says the invocation's log limit is reached, records are dropped
 * here and counted instead of posted.
 */
export function postOutput(fd: 1 | 2, text: string, level?: string): void {
  const c = control;
  if (!c) return post({ type: 'out', fd, text, level });
  for (;;) {
    if (Atomics.load(c, CONTROL.outDropping) !== 0 || text.length > OUTPUT_IN_FLIGHT_LIMIT * 8) {
      Atomics.add(c, CONTROL.outDropped, 1);
      return;
    }
    const inFlight = Atomics.load(c, CONTROL.outInFlight);
    if (inFlight <= OUTPUT_IN_FLIGHT_LIMIT) break;
    // Woken by the host taking output (or after 20 ms, to look at the dropping flag again).
    Atomics.wait(c, CONTROL.outInFlight, inFlight, 20);
  }
  Atomics.add(c, CONTROL.outInFlight, text.length);
  post(level === undefined ? { type: 'out', fd, text } : { type: 'out', fd, text, level });
}

/** Blocks the thread until the host queues the next invoke, then returns it. */
export function waitForInvoke(): InvokeMessage {
  return waitForMessage<InvokeMessage>(true);
}

/** Blocks until the host queues a message; `announce` tells the host the runtime is idle first. */
export function waitForMessage<T>(announce: boolean): T {
  if (!invokePort || !wakeCell) throw new Error('The execution environment is not connected.');
  let told = !announce;
  /** When this runtime said it is idle (the gap until the next invoke decides whether idle spells spin: idleSpin.ts). */
  let idleSince: number | undefined;
  for (;;) {
    const received = receiveMessageOnPort(invokePort);
    if (received) {
      if (idleSince !== undefined) idleSpin.woken(performance.now() - idleSince);
      return received.message as T;
    }
    if (!told) {
      told = true;
      idleSpin.wentIdle(wakeCell);
      announceIdle(wakeCell, postIdle);
      idleSince = performance.now();
      // Invokes coming back to back: a spin may save the wake-up (and while the runtime is seen
      // not sleeping, the host skips the notify: wakeRuntime).
      idleSpin.beforeBlocking(wakeCell);
    }
    Atomics.store(wakeCell, WAKE.sleeping, 1);
    Atomics.wait(wakeCell, WAKE.pending, 0);
    Atomics.store(wakeCell, WAKE.sleeping, 0);
    Atomics.store(wakeCell, WAKE.pending, 0);
  }
}

const postIdle = (): void => post({ type: 'idle' });

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
      postOutput(fd, text);
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    (stream as unknown as { write: Write }).write = write;
  }
}
