/**
 * The worker's side of the wire. Everything the function prints goes through parentPort (one
 * ordered queue with the responses), and between invocations the thread is frozen in Atomics.wait
 * the way Lambda freezes an idle environment: nothing runs until the next invoke arrives, so timers
 * left behind fire at the start of the next invocation.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { announceIdle, CONTROL, OUTPUT_IN_FLIGHT_LIMIT, WAKE, type InvokeMessage, type WorkerMessage } from '../protocol';

/** The longest an idle runtime spins before it blocks (while invokes keep coming that soon). */
const SPIN_LIMIT_MS = 1;
/** A look at the clock this long after the previous one: the thread lost its core while spinning. */
const PREEMPTED_MS = 0.05;
/** Idle spells without a spin after the spinning thread lost its core: another thread wanted it. */
const BACK_OFF = 256;

/**
 * How long the next idle spell spins before it blocks: a little longer than the last gap between
 * asking for an event and getting it, when that gap was under SPIN_LIMIT_MS (invokes back to back,
 * or a client sending its next request a round trip later), else not at all. A blocked thread costs
 * the next invoke a wake-up, which on an otherwise idle virtual machine can cost more than the
 * invoke itself. Only one runtime of the process spins at a time (the shared `spin` token), and a
 * spin that loses its core (another thread wanted it: the client, the host, another process)
 * stops, and the runtime does not spin again for BACK_OFF idle spells.
 */
let spinMs = 0.2;
let backOff = 0;

let invokePort: MessagePort | undefined;
let wakeCell: Int32Array | undefined;
let control: Int32Array | undefined;
let spinToken: Int32Array | undefined;

export function connect(port: MessagePort, wake: SharedArrayBuffer, controlCells: SharedArrayBuffer, spin?: SharedArrayBuffer): void {
  invokePort = port;
  wakeCell = new Int32Array(wake);
  control = new Int32Array(controlCells);
  spinToken = spin ? new Int32Array(spin) : undefined;
}

/** Spins until a message is pending, `ms` pass, or the thread loses its core (then backs off). */
function spin(wake: Int32Array, ms: number): void {
  if (!spinToken || Atomics.compareExchange(spinToken, 0, 0, 1) !== 0) return;
  let last = performance.now();
  const until = last + ms;
  while (Atomics.load(wake, WAKE.pending) === 0) {
    const now = performance.now();
    if (now - last > PREEMPTED_MS) {
      backOff = BACK_OFF;
      break;
    }
    if (now >= until) break;
    last = now;
  }
  Atomics.store(spinToken, 0, 0);
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
  /** When this runtime said it is idle (it then waits for an invoke: the gap sets `spinning`). */
  let idleSince: number | undefined;
  for (;;) {
    const received = receiveMessageOnPort(invokePort);
    if (received) {
      if (idleSince !== undefined) {
        const gap = performance.now() - idleSince;
        spinMs = gap <= SPIN_LIMIT_MS ? Math.min(SPIN_LIMIT_MS, gap * 1.5 + 0.05) : 0;
        if (backOff > 0) backOff--;
      }
      return received.message as T;
    }
    if (!told) {
      announceIdle(wakeCell, postIdle);
      idleSince = performance.now();
    }
    told = true;
    // Back-to-back invokes arrive within microseconds: a short spin saves the thread wake-up (and
    // the host sees we are not sleeping, so it skips the notify: wakeRuntime).
    if (spinMs > 0 && backOff === 0) spin(wakeCell, spinMs);
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
