/**
 * Reads the metadata prelude a streaming handler sends through awslambda.HttpResponseStream.from():
 * JSON (statusCode, headers, cookies), then 8 zero bytes, then the body. A Function URL in
 * RESPONSE_STREAM mode turns the prelude into the status line and headers; this does the same
 * from the chunks as they arrive, however they are split.
 */
import { HTTP_INTEGRATION_CONTENT_TYPE, PRELUDE_DELIMITER_LENGTH, type StreamPrelude } from './response';

export type PreludeStep =
  /** Still inside the prelude: nothing to send yet. */
  | { kind: 'waiting' }
  /** The head is known; `body` is whatever followed it in this chunk. */
  | { kind: 'head'; prelude: StreamPrelude | undefined; body: Buffer }
  /** The head was sent before: pass the chunk through. */
  | { kind: 'body'; body: Buffer }
  | { kind: 'invalid'; reason: string };

/** Bound on the prelude's size: a stream that never delimits its prelude is an error, not a memory sink. */
const MAX_PRELUDE_BYTES = 64 * 1024;

export class PreludeReader {
  private pending = Buffer.alloc(0);
  private done = false;

  /** Feeds one chunk, with the stream's content type at the time it was written. */
  push(chunk: Buffer, contentType: string): PreludeStep {
    if (this.done) return { kind: 'body', body: chunk };
    if (contentType !== HTTP_INTEGRATION_CONTENT_TYPE) {
      this.done = true;
      return { kind: 'head', prelude: undefined, body: chunk };
    }
    this.pending = Buffer.concat([this.pending, chunk]);
    const at = this.pending.indexOf(Buffer.alloc(PRELUDE_DELIMITER_LENGTH));
    if (at < 0) {
      return this.pending.length > MAX_PRELUDE_BYTES ? { kind: 'invalid', reason: 'the stream prelude never ended (no 8-byte delimiter)' } : { kind: 'waiting' };
    }
    this.done = true;
    const text = this.pending.subarray(0, at).toString('utf8');
    const body = this.pending.subarray(at + PRELUDE_DELIMITER_LENGTH);
    this.pending = Buffer.alloc(0);
    let prelude: unknown;
    try {
      prelude = JSON.parse(text);
    } catch {
      return { kind: 'invalid', reason: 'the stream prelude is not valid JSON' };
    }
    if (typeof prelude !== 'object' || prelude === null || Array.isArray(prelude)) return { kind: 'invalid', reason: 'the stream prelude must be a JSON object' };
    return { kind: 'head', prelude: prelude as StreamPrelude, body };
  }

  /** True when a prelude was started but never finished. */
  get incomplete(): boolean {
    return !this.done && this.pending.length > 0;
  }
}
