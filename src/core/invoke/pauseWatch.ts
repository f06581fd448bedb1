/**
 * Watches a debugger pausing the runtime thread of a process-isolated environment, so the
 * function's deadline stands still while it is paused (Debug Locally, `invoke --inspect`). Runs on
 * the process's main thread (processRelay), which keeps running while the runtime thread is paused:
 * an inspector session of this process reaches the runtime thread through the NodeWorker domain and
 * listens for Debugger.paused / Debugger.resumed. It keeps the paused time in a shared clock the
 * runtime reads (worker/debugClock) and reports each pause to the host, which holds its timeout
 * timer meanwhile. Only started when the inspector is on: a normal invoke never pays for it.
 *
 * Our session must not change what the user's debugger sees: its breakpoints are deactivated
 * (V8 counts active sessions, so with no other debugger attached a `debugger;` statement still does
 * not pause), it never pauses or steps. One difference stays: V8 keeps a thread paused while any
 * session with the Debugger domain on accepts pauses, so when the user's debugger goes away
 * mid-pause (Node would resume then), the host tells us (`resumeIfPaused`) and we resume.
 */
import { Session } from 'node:inspector';
import { clockPaused, clockRunning, PAUSE_CLOCK_BYTES } from './worker/debugClock';

export interface PauseEvents {
  paused(at: number): void;
  resumed(pausedMs: number): void;
}

export interface PauseWatch {
  /** The clock the runtime reads (worker/debugClock). */
  readonly buffer: SharedArrayBuffer;
  /** Resumes the runtime if it is paused (the user's debugger left mid-pause). */
  resumeIfPaused(): void;
  stop(): void;
}

/** How long the watch may take to reach the runtime thread before the invoke goes on without it. */
const READY_LIMIT_MS = 5000;

interface WorkerReply {
  id?: number;
  method?: string;
  error?: { message: string };
}

/**
 * Connects to the process's only worker thread (the runtime) and enables the watch. Resolves once
 * it is in place, so no pause can be missed; rejects (bounded) when it cannot be.
 */
export function watchPauses(events: PauseEvents): Promise<PauseWatch> {
  const buffer = new SharedArrayBuffer(PAUSE_CLOCK_BYTES);
  const clock = new BigInt64Array(buffer);
  const session = new Session();
  session.connect();
  let workerSession: string | undefined;
  let nextId = 0;
  const replies = new Map<number, (reply: WorkerReply) => void>();
  let since = 0;
  let total = 0;

  const send = (method: string, params: object = {}): Promise<WorkerReply> =>
    new Promise((resolve) => {
      if (!workerSession) return resolve({ error: { message: 'no runtime thread' } });
      const id = ++nextId;
      replies.set(id, resolve);
      session.post('NodeWorker.sendMessageToWorker', { sessionId: workerSession, message: JSON.stringify({ id, method, params }) }, (err) => {
        if (err) {
          replies.delete(id);
          resolve({ error: { message: err.message } });
        }
      });
    });

  const onPaused = (): void => {
    if (since) return;
    since = Date.now();
    clockPaused(clock, total, since);
    events.paused(since);
  };
  const onResumed = (): void => {
    if (!since) return;
    const pausedMs = Math.max(0, Date.now() - since);
    since = 0;
    total += pausedMs;
    clockRunning(clock, total);
    events.resumed(pausedMs);
  };

  session.on('NodeWorker.receivedMessageFromWorker', (m: { params: { sessionId: string; message: string } }) => {
    // scriptParsed and the like arrive too; only the replies and the pause events matter.
    const text = m.params.message;
    if (!text.startsWith('{"id"') && !text.includes('"Debugger.paused"') && !text.includes('"Debugger.resumed"')) return;
    const msg = JSON.parse(text) as WorkerReply;
    if (msg.id !== undefined) {
      replies.get(msg.id)?.(msg);
      replies.delete(msg.id);
    } else if (msg.method === 'Debugger.paused') onPaused();
    else if (msg.method === 'Debugger.resumed') onResumed();
  });

  const stop = (): void => {
    try {
      session.disconnect();
    } catch {
      // Already disconnected.
    }
  };

  return new Promise<PauseWatch>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the runtime thread did not answer within ${READY_LIMIT_MS} ms`));
    }, READY_LIMIT_MS);
    const fail = (message: string): void => {
      clearTimeout(timer);
      stop();
      reject(new Error(message));
    };
    session.once('NodeWorker.attachedToWorker', (m: { params: { sessionId: string } }) => {
      workerSession = m.params.sessionId;
      void (async () => {
        const enabled = await send('Debugger.enable');
        if (enabled.error) return fail(enabled.error.message);
        // Deactivated: our session alone never makes a `debugger;` statement pause.
        const inactive = await send('Debugger.setBreakpointsActive', { active: false });
        if (inactive.error) return fail(inactive.error.message);
        clearTimeout(timer);
        resolve({
          buffer,
          resumeIfPaused: () => {
            if (since) void send('Debugger.resume');
          },
          stop,
        });
      })();
    });
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (err) => err && fail(err.message));
  });
}
