/**
 * Output written in bursts (a server's per-request and log lines): text is gathered for a few
 * milliseconds and written at once, so a stream of requests costs one system call per stream every
 * few milliseconds instead of several per request (each request writes its own line and its
 * START/END/REPORT). Order is kept per stream; a large batch is written at once; flush() writes
 * what is waiting now (before the command returns).
 */

/** How long a line may wait for others: short enough to read as immediate. */
export const LINE_BATCH_MS = 4;
/** Past this many characters waiting, the batch is written at once (memory stays bounded). */
const FLUSH_AT_CHARS = 64 * 1024;

export class LineBatch {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly delayMs = LINE_BATCH_MS,
  ) {}

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_AT_CHARS) return this.flush();
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.stream.write(text);
  }
}
