/**
 * The worker's stand-in for the runtime's RAPID client: the same serialisation and error bodies,
 * posted to the host instead of the Runtime API.
 */
import type { InvokeMessage, RuntimeProfile } from '../protocol';
import { RESPONSE_PAYLOAD_LIMIT } from '../serviceErrors';
import { post, waitForInvoke } from './channel';
import { runtimeError, toRapidResponse } from './errors';
import { peakMemory } from './memoryGuard';

/** The payload, or its size alone when it is over the service's response limit (never copied to the host then). */
function bounded(requestId: string, payload: string): { type: 'response'; requestId: string; payload: string; memoryBytes: number; tooLargeBytes?: number } {
  const memoryBytes = peakMemory();
  if (payload.length * 3 < RESPONSE_PAYLOAD_LIMIT) return { type: 'response', requestId, payload, memoryBytes };
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes <= RESPONSE_PAYLOAD_LIMIT) return { type: 'response', requestId, payload, memoryBytes };
  return { type: 'response', requestId, payload: '', memoryBytes, tooLargeBytes: bytes };
}

export class RapidClient {
  constructor(private readonly profile: RuntimeProfile) {}

  serialize(body: unknown): string {
    try {
      return JSON.stringify(body === undefined ? null : body);
    } catch {
      if (this.profile === 'ric3') throw new Error('Unable to stringify response body');
      throw runtimeError('ric4', 'JSONStringifyError', 'Unable to stringify response body');
    }
  }

  postInvocationResponse(response: unknown, id: string, callback?: () => void): void {
    const payload = this.serialize(response);
    // JSON.stringify gives undefined for a bare function or symbol; the client sends no body then.
    post(bounded(id, payload === undefined ? '' : payload));
    callback?.();
  }

  /**
   * A streaming handler's bytes, sent as they are (empty when they went live as chunks). Streamed
   * responses have their own, larger limit on Lambda: the 6 MB buffered limit does not apply.
   */
  postStreamedResponse(body: string, id: string, contentType?: string): void {
    post({ type: 'response', requestId: id, payload: body, memoryBytes: peakMemory(), streamContentType: contentType });
  }

  /** One chunk of a live response stream. */
  postStreamChunk(chunk: Buffer, id: string, contentType: string): void {
    post({ type: 'chunk', requestId: id, data: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), contentType });
  }

  postInvocationError(error: unknown, id: string, callback?: () => void): void {
    post({ type: 'error', requestId: id, body: toRapidResponse(error, this.profile), memoryBytes: peakMemory() });
    callback?.();
  }

  postInitError(error: unknown): void {
    post({ type: 'initError', body: toRapidResponse(error, this.profile) });
  }

  /** Freezes the thread until the host sends the next invocation. */
  nextInvocation(): InvokeMessage {
    // A sample at every invocation's start, so even one that never answers reports its memory.
    peakMemory();
    return waitForInvoke();
  }
}
