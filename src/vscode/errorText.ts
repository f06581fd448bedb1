/**
 * Turns anything thrown into words for a user and details for the log. Pure.
 *
 * Engine errors come from dist/engine.js, a separate bundle with its own copy of WorkbenchError;
 * the class brands its instances so `instanceof` holds across bundles.
 */
import { WorkbenchError, type ErrorKind } from '../core/errors';

export type WorkbenchErrorLike = WorkbenchError;

export function isWorkbenchErrorLike(e: unknown): e is WorkbenchError {
  return e instanceof WorkbenchError;
}

/** True when the user (or a cancelled progress) stopped the operation: nothing to report. */
export function isAbortLike(e: unknown): boolean {
  if (isWorkbenchErrorLike(e)) return e.kind === 'aborted';
  const name = (e as { name?: unknown } | null | undefined)?.name;
  return name === 'AbortError' || name === 'AbortedError' || name === 'CancellationError' || name === 'Canceled';
}

export function errorKind(e: unknown): ErrorKind | undefined {
  return isWorkbenchErrorLike(e) ? e.kind : undefined;
}

/** One sentence (or two) for a notification: never a stack. */
export function userMessage(e: unknown): string {
  if (isWorkbenchErrorLike(e)) return e.describe();
  if (e instanceof Error) return firstLine(e.message) || e.name;
  if (typeof e === 'string') return firstLine(e);
  return 'An unexpected error occurred.';
}

/** Short reason for tree nodes ("Could not list functions: REASON"). */
export function shortReason(e: unknown): string {
  const text = isWorkbenchErrorLike(e) ? e.message : userMessage(e);
  return text.replace(/\.$/, '');
}

/** Everything for the log: message, code, hint and stack, never shown in a notification. */
export function logDetails(e: unknown): string {
  if (e instanceof Error) {
    const parts = [e.stack ?? `${e.name}: ${e.message}`];
    if (isWorkbenchErrorLike(e)) {
      parts.unshift(`[${e.kind}${e.code ? ` ${e.code}` : ''}]${e.hint ? ` hint: ${e.hint}` : ''}`);
    }
    const cause = (e as { cause?: unknown }).cause;
    if (cause !== undefined) parts.push(`Caused by: ${logDetails(cause)}`);
    return parts.join('\n');
  }
  return String(e);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  // Stack frames never belong in a message shown to a user.
  return line.replace(/\s+at .*\(.*:\d+:\d+\)$/, '');
}

/** What a notification about this error offers as its next step. */
export type NextStep = 'selectProfile' | 'ssoLogin' | 'useLocalEndpoint' | 'openSettings' | 'retry' | 'showLog';

export function nextSteps(e: unknown): NextStep[] {
  switch (errorKind(e)) {
    case 'credentials':
      return isWorkbenchErrorLike(e) && (e.code === 'SSOSessionExpired' || /\bsso\b/i.test(`${e.message} ${e.hint ?? ''}`))
        ? ['ssoLogin', 'selectProfile']
        : ['selectProfile', 'useLocalEndpoint'];
    case 'network':
      return ['openSettings', 'showLog'];
    case 'throttled':
      return ['retry'];
    default:
      return ['showLog'];
  }
}
