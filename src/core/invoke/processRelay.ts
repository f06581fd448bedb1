/**
 * Entry of a process-isolated execution environment (bundled alone to dist/processRelay.js). The
 * process was started with the function's environment only, in its own process group. Its main
 * thread relays between the host (the IPC pipe) and the same runtime a thread-mode environment runs
 * (invokeWorker in a worker thread), and reports the process's real RSS so the host can enforce the
 * memory limit. It imports nothing heavy.
 */
import { Socket } from 'node:net';
import { watchPauses, type PauseWatch } from './pauseWatch';
import { CONTROL, WAKE, wakeRuntime, type InitMessage, type WorkerMessage } from './protocol';
import { startWorker } from './workerPool';

/**
 * Messages only the relay sends, beside the runtime's own: RSS samples, an out-of-memory kill, and
 * with the inspector on, whether the pause watch is in place and each debugger pause (epoch ms).
 */
export type RelayMessage =
  | WorkerMessage
  | { type: '$rss'; bytes: number }
  | { type: '$oom' }
  | { type: '$pauseWatch'; ok: boolean; reason?: string }
  | { type: '$paused'; at: number }
  | { type: '$resumed'; pausedMs: number };

/** Messages only the host sends the relay: the user's debugger left (resume a pause it left behind). */
export type HostRelayMessage = { type: '$debuggerGone' };

const RSS_SAMPLE_MS = 25;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/**
 * The pipe to the host is fd 3, one JSON message per line. (Node's own IPC channel would put
 * NODE_CHANNEL_FD into the environment the function can read.)
 */
const pipe = new Socket({ fd: 3, readable: true, writable: true });

function send(message: RelayMessage, then?: () => void): void {
  if (pipe.destroyed || !pipe.writable) return then?.();
  pipe.write(`${JSON.stringify(message)}\n`, () => then?.());
}

/** Calls `onMessage` for every JSON line the host writes. */
function readMessages(onMessage: (m: unknown) => void): void {
  let buffered = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line) onMessage(JSON.parse(line));
    }
  });
}

function main(): void {
  const memorySize = Number(arg('--memory') ?? '128');
  const workerPath = arg('--worker');
  // The variable that made Electron act as Node is not the function's.
  delete process.env.ELECTRON_RUN_AS_NODE;
  const { worker, port, wake, control } = startWorker(memorySize, workerPath);
  // The host cannot read this process's cells: it learns of every 'idle' by message (and the RSS
  // sampler below stops on it), so the runtime always posts one.
  Atomics.store(wake, WAKE.wantIdle, 1);
  worker.stdout.pipe(process.stdout);
  worker.stderr.pipe(process.stderr);
  let sampler: NodeJS.Timeout | undefined;
  const sample = (): void => send({ type: '$rss', bytes: process.memoryUsage.rss() });
  worker.on('message', (m: WorkerMessage) => {
    // Sampled only while the function runs: an idle (frozen) environment costs nothing.
    if (m.type === 'idle' && sampler) {
      clearInterval(sampler);
      sampler = undefined;
    }
    // REPORT's Max Memory Used is the process's, as Lambda measures it.
    if (m.type === 'response' || m.type === 'error') m.memoryBytes = Math.max(m.memoryBytes, process.memoryUsage.rss());
    if (m.type !== 'out') return send(m);
    // Output backpressure across the pipe: the runtime waits while too much is in flight to the host.
    const chars = m.text.length;
    send(m, () => {
      Atomics.sub(control, CONTROL.outInFlight, chars);
      Atomics.notify(control, CONTROL.outInFlight);
    });
  });
  let oom = false;
  worker.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      oom = true;
      send({ type: '$oom' });
    } else process.stderr.write(`${err.name}: ${err.message}\n`);
  });
  worker.on('exit', (code) => {
    if (sampler) clearInterval(sampler);
    // The pipe carries every message before the exit; then the process ends with the runtime's status.
    send({ type: '$rss', bytes: process.memoryUsage.rss() }, () => process.exit(oom ? 137 : code));
  });
  const forward = (m: unknown): void => {
    sample();
    sampler ??= setInterval(sample, RSS_SAMPLE_MS);
    port.postMessage(m);
    wakeRuntime(wake);
  };
  // With the inspector on, the pause watch is put in place before the init reaches the runtime
  // (which opens the inspector), so no pause is missed; what arrives meanwhile waits in order.
  let watch: PauseWatch | undefined;
  let gate: Promise<void> | undefined;
  readMessages((m) => {
    if ((m as { type?: string }).type === '$debuggerGone') return watch?.resumeIfPaused();
    if (gate) {
      gate = gate.then(() => forward(m));
      return;
    }
    const init = m as InitMessage;
    if (init.inspect && !watch) {
      gate = watchPauses({ paused: (at) => send({ type: '$paused', at }), resumed: (pausedMs) => send({ type: '$resumed', pausedMs }) }).then(
        (w) => {
          watch = w;
          send({ type: '$pauseWatch', ok: true });
          forward({ ...init, pauseClock: w.buffer });
        },
        (err: Error) => {
          // The invoke still runs; only the deadline keeps running while paused.
          send({ type: '$pauseWatch', ok: false, reason: err.message });
          forward(init);
        },
      );
      return;
    }
    forward(m);
  });
  // The host going away ends the environment.
  pipe.on('end', hostGone);
  pipe.on('error', hostGone);
}

/**
 * The host is gone (or closed the pipe): end the environment now, children included, as the host's
 * dispose would. process.exit is not enough: it waits for the runtime thread, which never stops while
 * it is blocked in the inspector's wait for a debugger, and the process would outlive its host.
 */
function hostGone(): void {
  try {
    // The relay leads its own process group (the host started it detached).
    if (process.platform !== 'win32') process.kill(-process.pid, 'SIGKILL');
  } catch {
    // Not a group leader after all: the process itself still ends below.
  }
  process.kill(process.pid, 'SIGKILL');
}

main();
