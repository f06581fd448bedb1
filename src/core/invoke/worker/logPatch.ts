/**
 * The runtime's console patch, per profile: one record per console call, text
 * (`timestamp\trequestId\tLEVEL\tmessage`, newlines turned into \r) or JSON, with
 * AWS_LAMBDA_LOG_LEVEL filtering. Records are written to process.stdout like the real client does.
 */
import { format } from 'node:util';
import type { RuntimeProfile } from '../protocol';
import { intoError, toFormatted } from './errors';
import { postOutput } from './channel';

interface Level {
  name: string;
  priority: number;
}
const LEVELS: Record<string, Level> = {
  TRACE: { name: 'TRACE', priority: 1 },
  DEBUG: { name: 'DEBUG', priority: 2 },
  INFO: { name: 'INFO', priority: 3 },
  WARN: { name: 'WARN', priority: 4 },
  ERROR: { name: 'ERROR', priority: 5 },
  FATAL: { name: 'FATAL', priority: 6 },
};

const REQUEST_ID_SYMBOL = Symbol.for('aws.lambda.runtime.requestId');
const TENANT_ID_SYMBOL = Symbol.for('aws.lambda.runtime.tenantId');
type Globals = Record<symbol, string | undefined>;

let profile: RuntimeProfile = 'ric3';
/** 4.x keeps the ids in an InvokeStore; outside an invocation its request id reads "-". */
let store: { requestId?: string; traceId?: string; tenantId?: string } | undefined;

export function setInvokeIds(requestId: string, tenantId: string | undefined, traceId: string | undefined): void {
  if (profile === 'ric3') {
    (globalThis as unknown as Globals)[REQUEST_ID_SYMBOL] = requestId;
    (globalThis as unknown as Globals)[TENANT_ID_SYMBOL] = tenantId;
  } else {
    store = { requestId, traceId, tenantId };
  }
}

function currentRequestId(): string | undefined {
  return profile === 'ric3' ? (globalThis as unknown as Globals)[REQUEST_ID_SYMBOL] : (store?.requestId ?? '-');
}
function currentTenantId(): string | undefined {
  return profile === 'ric3' ? (globalThis as unknown as Globals)[TENANT_ID_SYMBOL] : store?.tenantId;
}

/** The minimal InvokeStore 4.x exposes as awslambda.InvokeStore (single-concurrency flavour). */
export function invokeStore(): Record<string, unknown> {
  return {
    getRequestId: () => store?.requestId ?? '-',
    getXRayTraceId: () => store?.traceId,
    getTenantId: () => store?.tenantId,
    hasContext: () => store !== undefined,
    getContext: () => store,
  };
}

function errorReplacer(_k: string, value: unknown): unknown {
  if (value instanceof Error) {
    return Object.assign(
      {
        errorType: value?.constructor?.name ?? 'UnknownError',
        errorMessage: value.message,
        stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
      },
      value,
    );
  }
  return value;
}

function formatJson(timestamp: string, level: Level, message: unknown, params: unknown[]): string {
  const requestId = currentRequestId();
  const tenantId = currentTenantId();
  const result: Record<string, unknown> = { timestamp, level: level.name, requestId };
  if (profile === 'ric3' ? tenantId != null : !!tenantId) result.tenantId = tenantId;
  if (params.length === 0) {
    result.message = message;
    try {
      return JSON.stringify(result, errorReplacer);
    } catch {
      result.message = format(result.message);
      return JSON.stringify(result);
    }
  }
  result.message = format(message, ...params);
  for (const param of params) {
    if (param instanceof Error) {
      result.errorType = param?.constructor?.name ?? 'UnknownError';
      result.errorMessage = param.message;
      result.stackTrace = typeof param.stack === 'string' ? param.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(result);
}

let json = false;

function log(level: Level, message: unknown, params: unknown[]): void {
  const time = new Date().toISOString();
  const line = json ? formatJson(time, level, message, params) : `${time}\t${currentRequestId()}\t${level.name}\t${format(message, ...params)}`;
  postOutput(1, line.replace(/\n/g, '\r') + '\n', level.name);
}

type ConsoleFn = (message?: unknown, ...params: unknown[]) => void;

/** Patches console the way the profile's runtime does, reading the format and level from env. */
export function patchConsole(p: RuntimeProfile): void {
  profile = p;
  json = process.env['AWS_LAMBDA_LOG_FORMAT']?.toUpperCase() === 'JSON';
  const min = LEVELS[process.env['AWS_LAMBDA_LOG_LEVEL']?.toUpperCase() ?? ''] ?? LEVELS.TRACE;
  const nop: ConsoleFn = () => undefined;
  const make = (level: Level): ConsoleFn => (level.priority >= min.priority ? (message, ...params) => log(level, message, params) : nop);
  const c = console as unknown as Record<string, ConsoleFn>;
  c.trace = make(LEVELS.TRACE);
  c.debug = make(LEVELS.DEBUG);
  c.info = make(LEVELS.INFO);
  c.warn = make(LEVELS.WARN);
  c.error = make(LEVELS.ERROR);
  c.fatal = (message, ...params) => log(LEVELS.FATAL, message, params);
  if (p === 'ric4') c.fatal = make(LEVELS.FATAL);
  c.log = c.info;
}

/** The runtime's own error records ("Invoke Error", "Uncaught Exception", "Init Error"...). */
export function logError(msg: string, err: unknown): void {
  if (json) console.error(intoError(err));
  else console.error(msg, toFormatted(intoError(err), profile));
}
