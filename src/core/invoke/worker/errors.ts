/**
 * Error shapes of aws-lambda-ric: the invocation error body (`toRapidResponse`), the text form
 * the runtime logs after "Invoke Error" (`toFormatted`) and its Runtime.* error classes.
 */
import { types } from 'node:util';
import type { ErrorBody, RuntimeProfile } from '../protocol';

function isErrorLike(obj: unknown): obj is Error {
  const e = obj as Error | undefined;
  return !!e && !!e.name && !!e.message && !!e.stack && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string';
}

const del = (s: string): string => s.replace(/\x7F/g, '%7F');

/** The body posted to /invocation/{id}/error. 3.x accepts duck-typed errors, 4.x only `instanceof Error`. */
export function toRapidResponse(error: unknown, profile: RuntimeProfile): ErrorBody {
  try {
    if (profile === 'ric3' ? types.isNativeError(error) || isErrorLike(error) : error instanceof Error) {
      const e = error as Error;
      const trace = typeof e.stack === 'string' ? del(e.stack).split('\n') : [];
      return { errorType: del(String(e.name)), errorMessage: del(String(e.message)), trace };
    }
    return { errorType: typeof error, errorMessage: profile === 'ric3' ? (error as object).toString() : String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

export function intoError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function withEnumerableProperties(value: unknown): unknown {
  if (value instanceof Error) {
    const ret = Object.assign(
      { errorType: value.name, errorMessage: value.message, code: (value as { code?: unknown }).code },
      value,
    );
    if (typeof value.stack === 'string') (ret as unknown as Record<string, unknown>).stack = value.stack.split('\n');
    return ret;
  }
  return value;
}

/** "\t" + JSON of the error with its enumerable properties, as the runtime logs it. */
export function toFormatted(error: unknown, profile: RuntimeProfile): string {
  try {
    return '\t' + JSON.stringify(error, (_k, v: unknown) => withEnumerableProperties(v));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error, profile));
  }
}

const ric3Classes = new Map<string, new (message: unknown) => Error>();

/** 3.x declares each class empty and sets `Runtime.X` on the prototype. */
function ric3Class(name: string): new (message: unknown) => Error {
  let cls = ric3Classes.get(name);
  if (!cls) {
    const c = class extends Error {};
    Object.defineProperty(c, 'name', { value: name });
    c.prototype.name = `Runtime.${name}`;
    cls = c as unknown as new (message: unknown) => Error;
    ric3Classes.set(name, cls);
  }
  return cls;
}

export type RuntimeErrorName =
  | 'ImportModuleError'
  | 'HandlerNotFound'
  | 'MalformedHandlerName'
  | 'UserCodeSyntaxError'
  | 'CallbackHandlerDeprecated'
  | 'JSONStringifyError';

/**
 * A Runtime.* error as each profile builds it. 3.x passes the original error as the message (so it
 * reads "Error: Cannot find module ..."); 4.x uses String(original), sets `name` on the instance and
 * keeps a syntax error's own stack.
 */
export function runtimeError(profile: RuntimeProfile, name: RuntimeErrorName, message: unknown): Error {
  if (profile === 'ric3') return new (ric3Class(name))(message);
  const e = new Error(String(message));
  e.name = `Runtime.${name}`;
  if (name === 'UserCodeSyntaxError' && message instanceof Error) e.stack = message.stack;
  return e;
}

export class UnhandledPromiseRejection extends Error {
  constructor(
    readonly reason: unknown,
    readonly promise: unknown,
  ) {
    super(reason as string);
  }
}
UnhandledPromiseRejection.prototype.name = 'Runtime.UnhandledPromiseRejection';
