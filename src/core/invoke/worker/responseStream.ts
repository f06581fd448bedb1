/**
 * A response stream for handlers wrapped in awslambda.streamifyResponse. The streamed bytes are
 * collected and returned as the response payload once the stream ends, or, when the host asked for
 * a live stream (serve), handed to `onChunk` as they are written, the way the Runtime API forwards
 * them to a Function URL in RESPONSE_STREAM mode.
 */
import { Writable } from 'node:stream';

export interface CollectingStream {
  stream: Writable & { setContentType(type: string): void; _onBeforeFirstWrite?: (write: (chunk: unknown) => void) => void };
  finished: Promise<void>;
  body(): string;
  contentType(): string;
}

/** The client's default content type for a response stream. */
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function createResponseStream(highWaterMark?: number, onChunk?: (chunk: Buffer, contentType: string) => void): CollectingStream {
  const chunks: Buffer[] = [];
  let started = false;
  let contentType = DEFAULT_CONTENT_TYPE;
  const toBuffer = (chunk: unknown): Buffer =>
    Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(typeof chunk === 'string' ? chunk : JSON.stringify(chunk));
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      if (onChunk) onChunk(chunk, contentType);
      else chunks.push(chunk);
      cb();
    },
  }) as CollectingStream['stream'];
  const origWrite = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.setContentType = (type: string) => {
    if (started) throw Object.assign(new Error('Cannot set content-type, too late.'), { name: 'Runtime.InvalidStreamingOperation' });
    contentType = type;
  };
  (stream as unknown as { write: typeof origWrite }).write = (chunk: unknown, ...rest: unknown[]) => {
    if (!started && typeof stream._onBeforeFirstWrite === 'function') stream._onBeforeFirstWrite((c) => origWrite(toBuffer(c)));
    started = true;
    return origWrite(toBuffer(chunk), ...rest);
  };
  const finished = new Promise<void>((resolve) => stream.once('finish', () => resolve()));
  return { stream, finished, body: () => Buffer.concat(chunks).toString('utf8'), contentType: () => contentType };
}
