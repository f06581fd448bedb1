/**
 * Output written in bursts (a server's per-request and log lines): text is gathered and written
 * once per turn of the event loop, so many lines cost one system call instead of one each. Order
 * is kept per stream; flush() writes what is waiting at once (before the command returns).
 */
export class LineBatch {
  private pending = '';
  private scheduled = false;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  write(text: string): void {
    this.pending += text;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.stream.write(text);
  }
}
