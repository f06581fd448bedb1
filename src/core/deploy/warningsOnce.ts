/**
 * Says each deploy warning once. A warning reaches a front end up to three times: from the binding
 * file when it is read, from the engine before the upload (onWarning), and in the result. The CLI
 * and the editor both print through this, so a warning is never printed twice.
 */
export class WarningsOnce {
  private readonly told = new Set<string>();

  constructor(private readonly write: (warning: string) => void) {}

  /** Marks warnings as already said some other way (the binding file's, said with its file name). */
  said(warnings: readonly string[] | undefined): void {
    for (const w of warnings ?? []) this.told.add(w);
  }

  /** Writes the warning unless it was said already. */
  say(warning: string): void {
    if (this.told.has(warning)) return;
    this.told.add(warning);
    this.write(warning);
  }

  sayAll(warnings: readonly string[]): void {
    for (const w of warnings) this.say(w);
  }
}
