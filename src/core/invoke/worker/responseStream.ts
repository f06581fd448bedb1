/**
 * A response stream for handlers wrapped in awslambda.streamifyResponse. Locally the streamed
 * bytes are collected and returned as the response payload once the stream ends.
 */
import { Writable } from 'node:stream';

export interface CollectingStream {
  stream: Writable & { setContentType(type: string): void; _onBeforeFirstWrite?: (write: (chunk: unknown) => void) => void };
  finished: Promise<void>;
  body(): string;
}

export function createResponseStream(highWaterMark?: number): CollectingStream {
  const chunks: Buffer[] = [];
  let started = false;
  const toBuffer = (chunk: unknown): Buffer =>
    Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(typeof chunk === 'string' ? chunk : JSON.stringify(chunk));
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  }) as CollectingStream['stream'];
  const origWrite = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.setContentType = (type: string) => {
    if (started) throw Object.assign(new Error('Cannot set content-type, too late.'), { name: 'Runtime.InvalidStreamingOperation' });
    void type;
  };
  (stream as unknown as { write: typeof origWrite }).write = (chunk: unknown, ...rest: unknown[]) => {
    if (!started && typeof stream._onBeforeFirstWrite === 'function') stream._onBeforeFirstWrite((c) => origWrite(toBuffer(c)));
    started = true;
    return origWrite(toBuffer(chunk), ...rest);
  };
  const finished = new Promise<void>((resolve) => stream.once('finish', () => resolve()));
  return { stream, finished, body: () => Buffer.concat(chunks).toString('utf8') };
}
