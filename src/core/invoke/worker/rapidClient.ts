/**
 * The worker's stand-in for the runtime's RAPID client: the same serialisation and error bodies,
 * posted to the host instead of the Runtime API.
 */
import { getHeapStatistics } from 'node:v8';
import type { InvokeMessage, RuntimeProfile } from '../protocol';
import { post, waitForInvoke } from './channel';
import { runtimeError, toRapidResponse } from './errors';

/** What the environment uses now: this isolate's heap plus memory held outside it. */
export function memoryInUse(): number {
  const h = getHeapStatistics();
  return h.total_physical_size + h.malloced_memory + h.external_memory;
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
    post({ type: 'response', requestId: id, payload: payload === undefined ? '' : payload, memoryBytes: memoryInUse() });
    callback?.();
  }

  /** A streaming handler's bytes, sent as they are (empty when they went live as chunks). */
  postStreamedResponse(body: string, id: string, contentType?: string): void {
    post({ type: 'response', requestId: id, payload: body, memoryBytes: memoryInUse(), streamContentType: contentType });
  }

  /** One chunk of a live response stream. */
  postStreamChunk(chunk: Buffer, id: string, contentType: string): void {
    post({ type: 'chunk', requestId: id, data: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), contentType });
  }

  postInvocationError(error: unknown, id: string, callback?: () => void): void {
    post({ type: 'error', requestId: id, body: toRapidResponse(error, this.profile), memoryBytes: memoryInUse() });
    callback?.();
  }

  postInitError(error: unknown): void {
    post({ type: 'initError', body: toRapidResponse(error, this.profile) });
  }

  /** Freezes the thread until the host sends the next invocation. */
  nextInvocation(): InvokeMessage {
    return waitForInvoke();
  }
}
