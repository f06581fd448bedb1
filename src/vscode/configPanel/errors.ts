/**
 * Turns whatever a save or load threw into words for the panel. Errors are recognised by shape,
 * not `instanceof`: the engine is a separate bundle (dist/engine.js) with its own copy of
 * WorkbenchError, and raw SDK exceptions are told apart by `name`.
 */
import type { PanelError } from './protocol';

export type ErrorClass = 'conflict' | 'notFound' | 'aborted' | 'validation' | 'functionFailed' | 'other';

export interface ClassifiedError {
  cls: ErrorClass;
  message: string;
  hint?: string;
  code?: string;
}

const SDK_CLASSES: Record<string, ErrorClass> = {
  PreconditionFailedException: 'conflict',
  ResourceConflictException: 'conflict',
  ResourceNotFoundException: 'notFound',
  InvalidParameterValueException: 'validation',
  AbortError: 'aborted',
};

function field(e: unknown, name: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[name] : undefined;
}

/**
 * Removes secrets from a service message: the service's 4 KB error quotes the whole variables
 * object after "String measured:", and any known environment value is blanked wherever it appears.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/String measured:[\s\S]*$/i, 'String measured: [environment variables hidden]');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[hidden]');
  return out;
}

export function classifyError(e: unknown, secrets: readonly string[] = []): ClassifiedError {
  const name = typeof field(e, 'name') === 'string' ? (field(e, 'name') as string) : '';
  const rawMessage = typeof field(e, 'message') === 'string' ? (field(e, 'message') as string) : String(e);
  const message = redact(rawMessage, secrets);
  if (name === 'WorkbenchError') {
    const kind = field(e, 'kind');
    const options = field(e, 'options');
    const hint = typeof field(options, 'hint') === 'string' ? redact(field(options, 'hint') as string, secrets) : undefined;
    const code = typeof field(options, 'code') === 'string' ? (field(options, 'code') as string) : undefined;
    const byCode = code ? SDK_CLASSES[code] : undefined;
    const cls: ErrorClass =
      kind === 'conflict' || byCode === 'conflict'
        ? 'conflict'
        : kind === 'notFound'
          ? 'notFound'
          : kind === 'aborted'
            ? 'aborted'
            : kind === 'validation'
              ? 'validation'
              : kind === 'functionFailed'
                ? 'functionFailed'
                : 'other';
    return { cls, message, hint, code };
  }
  const cls = SDK_CLASSES[name] ?? (name === 'AbortedError' ? 'aborted' : 'other');
  return { cls, message, code: name || undefined };
}

export function toPanelError(c: ClassifiedError): PanelError {
  return { message: c.message, hint: c.hint, kind: c.cls };
}

/** The stack without its first line (which repeats the unredacted message), for the log. */
export function stackFrames(e: unknown): string {
  const stack = field(e, 'stack');
  return typeof stack === 'string' ? stack.split('\n').slice(1).join('\n') : '';
}
