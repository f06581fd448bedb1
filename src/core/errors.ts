/**
 * Typed errors that core hands to its front ends (VS Code UI, CLI). Every error a user can reach
 * says what was wrong (`message`) and what to do about it (`hint`); front ends decide how to show
 * them. Messages must never contain credentials or environment variable values.
 */
export type ErrorKind =
  | 'usage' // bad flags or arguments (CLI exit 2)
  | 'validation' // input that fails the API reference's rules, or a bad binding file (exit 2)
  | 'notFound'
  | 'conflict' // ResourceConflictException, RevisionId mismatch
  | 'credentials' // none found, unknown profile, expired SSO session
  | 'network' // endpoint unreachable, DNS, timeout
  | 'throttled'
  | 'limits' // package too large, quota exceeded
  | 'aborted' // the user cancelled
  | 'functionFailed' // function State Failed / LastUpdateStatus Failed
  | 'service'; // anything else the service said

/**
 * The extension and the lazily loaded engine are separate bundles, each with its own copy of this
 * class, so `instanceof` alone would fail across them. A registry-wide symbol brands every instance.
 */
const BRAND = Symbol.for('lambdaWorkbench.WorkbenchError');

export class WorkbenchError extends Error {
  override readonly name = 'WorkbenchError';
  readonly [BRAND] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly options: {
      /** What the user can do next, in plain words. */
      hint?: string;
      /** The service's own error name, e.g. `ResourceConflictException`. */
      code?: string;
      /** JSON path of the offending value, e.g. `$.Environment.Variables.1KEY`. */
      path?: string;
      cause?: unknown;
      /** Extra structured data for `--json` output and logs (never secrets). */
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
  get hint(): string | undefined {
    return this.options.hint;
  }
  get code(): string | undefined {
    return this.options.code;
  }
  /** A user-facing sentence: the message followed by the hint. */
  describe(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
  toJSON(): Record<string, unknown> {
    return { error: this.kind, message: this.message, hint: this.hint, code: this.code, path: this.options.path, ...this.options.details };
  }
}

export function isWorkbenchError(e: unknown): e is WorkbenchError {
  return e instanceof WorkbenchError;
}

/** True for errors that mean "the user cancelled", whatever layer raised them. */
export function isAbort(e: unknown): boolean {
  if (e instanceof WorkbenchError) return e.kind === 'aborted';
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'AbortedError';
}

/** Throws a WorkbenchError('aborted') when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'The operation'): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', `${what} was cancelled.`);
}
