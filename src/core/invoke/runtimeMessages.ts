/**
 * What the host does with each message from a runtime (protocol.ts WorkerMessage): output goes to
 * the log router (and frees the worker's output backpressure), results and "next" wake the
 * invocation waiting on the environment, chunks go to a live response stream.
 */
import type { LogRouter } from './logRouter';
import { CONTROL, type WorkerMessage } from './protocol';
import { expectIdle, runtimeIdle, type Live } from './runtimeLink';
import { responseTooLargeError } from './serviceErrors';

/** The environment's side of the message handling. */
export interface MessageHost {
  readonly log: LogRouter;
  /** The inspector is listening at this ws:// URL. */
  inspector(url: string): void;
  /** A debugger attached at `at` (epoch ms) after the runtime waited for it. */
  attached(at: number): void;
  /** Memory the runtime measured itself using with a result. */
  memory(bytes: number): void;
}

export function handleRuntimeMessage(live: Live, m: WorkerMessage, host: MessageHost): void {
  if (m.type === 'out') {
    // Taken: the worker may post more (backpressure, see postOutput).
    Atomics.sub(live.control, CONTROL.outInFlight, m.text.length);
    Atomics.notify(live.control, CONTROL.outInFlight);
  }
  if (m.type === 'child') {
    live.children.add(m.pid);
    return;
  }
  if (m.type === 'inspector') {
    host.inspector(m.url);
    return;
  }
  if (m.type === 'attached') {
    host.attached(m.at);
    return;
  }
  if (live.killed && m.type !== 'out') return;
  switch (m.type) {
    case 'out':
      host.log.output(live.buffers, m.fd, m.text, m.level);
      return;
    case 'oom':
      // Past the memory limit (heap plus Buffers/ArrayBuffers): the worker has stopped itself; end it like Lambda's kill.
      live.oom = true;
      void live.worker.terminate();
      return;
    case 'idle':
      // Process mode: the relay posts every 'idle'. Thread mode: the message only wakes the host,
      // the shared cell says whether the runtime is still idle (it may have taken an invoke since).
      if (!live.sharedWake) live.idle = true;
      if (!runtimeIdle(live)) return;
      live.worker.unref();
      live.notify?.({ kind: 'next' });
      return;
    case 'initDone':
      return;
    case 'chunk':
      if (live.current === m.requestId && !live.posted) live.onChunk?.(m.data, m.contentType);
      return;
    case 'initError':
      live.notify?.({ kind: 'initError', body: m.body });
      return;
    case 'response':
    case 'error':
      host.memory(m.memoryBytes);
      // The Runtime API accepts one result per invocation; later posts are ignored.
      if (!live.posted && live.current === m.requestId) {
        if (m.type === 'error') live.posted = { requestId: m.requestId, body: m.body };
        // Over the service's response limit: Invoke returns Function.ResponseSizeTooLarge instead (the environment stays).
        else if (m.tooLargeBytes !== undefined) live.posted = { requestId: m.requestId, body: responseTooLargeError(m.tooLargeBytes) };
        else live.posted = { requestId: m.requestId, payload: m.payload, streamContentType: m.streamContentType };
        // The invocation has its result: the host need not stay alive for this environment any more.
        live.worker.unref();
        if (m.type === 'response') live.notify?.({ kind: 'posted' });
        // After an error the host waits for the runtime to ask for the next event (it may exit instead).
        else if (expectIdle(live)) live.notify?.({ kind: 'next' });
      }
      return;
  }
}
