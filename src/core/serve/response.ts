/**
 * Lambda result → HTTP response, as the services map it: payload format 2.0 (Function URL
 * semantics, with the shortcut for results without statusCode) and 1.0 (REST API proxy
 * integration), plus the answers the services give when the function fails, times out, is
 * throttled or is sent too much. One owner of these rules; docs/serve.md has the table.
 */
import type { PayloadFormat } from './event';

/** A response ready to write: headers as [name, value] pairs so repeated names survive. */
export interface HttpAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Lambda's synchronous invocation payload limit, request and response (6 MB). */
export const PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/** A REST API waits 29 s for its integration, then answers 504. */
export const REST_INTEGRATION_TIMEOUT_MS = 29_000;

const json = (): [string, string][] => [['content-type', 'application/json']];

function answer(status: number, headers: [string, string][], body: string | Buffer): HttpAnswer {
  return { status, headers, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

/** What the service answers when the function failed, crashed, timed out or returned a malformed response. */
export function functionErrorAnswer(format: PayloadFormat): HttpAnswer {
  return format === '1.0'
    ? answer(502, json(), '{"message": "Internal server error"}')
    : answer(502, [['content-type', 'text/plain; charset=utf-8']], 'Internal Server Error');
}

/** A REST API's own integration timeout (29 s), reached before the function's. */
export function integrationTimeoutAnswer(): HttpAnswer {
  return answer(504, json(), '{"message": "Endpoint request timed out"}');
}

/** Every environment busy at the concurrency cap (Lambda's TooManyRequestsException). */
export function throttledAnswer(format: PayloadFormat): HttpAnswer {
  return format === '1.0'
    ? answer(429, json(), '{"message":"Too Many Requests"}')
    : answer(429, json(), '{"Message":"Rate Exceeded."}');
}

/** A request whose event would exceed the 6 MB invocation payload limit. */
export function tooLargeAnswer(format: PayloadFormat): HttpAnswer {
  return format === '1.0'
    ? answer(413, json(), '{"message":"Request Too Long"}')
    : answer(413, json(), '{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}');
}

/** A request Node's parser could not read. */
export function badRequestAnswer(): HttpAnswer {
  return answer(400, [['content-type', 'text/plain; charset=utf-8']], 'Bad Request');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A header value the services accept: strings as they are, numbers and booleans as text; anything else is malformed. */
function headerValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function validStatus(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599;
}

/** body + isBase64Encoded → bytes; undefined when malformed. */
function bodyBytes(r: Record<string, unknown>): Buffer | undefined {
  const body = r.body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') return undefined;
  return r.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** Why a result was refused, for the server's log (the client only sees the service's 502). */
export class MalformedResponse {
  constructor(readonly reason: string) {}
}

/**
 * Maps a successful invocation's payload (JSON text) to the HTTP response, or says why the
 * service would refuse it (then the client gets functionErrorAnswer).
 */
export function mapResult(format: PayloadFormat, payload: string): HttpAnswer | MalformedResponse {
  if (Buffer.byteLength(payload) > PAYLOAD_LIMIT_BYTES) return new MalformedResponse(`the response is larger than ${PAYLOAD_LIMIT_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(payload === '' ? 'null' : payload);
  } catch {
    return new MalformedResponse('the response is not valid JSON');
  }
  if (format === '2.0') {
    // The shortcut: a valid JSON result without statusCode is a 200 application/json of that value.
    if (!isRecord(value) || !('statusCode' in value)) return answer(200, json(), payload === '' ? 'null' : payload);
    return mapFormatted(value, '2.0');
  }
  if (!isRecord(value)) return new MalformedResponse('a REST API needs an object with statusCode (payload format 1.0)');
  return mapFormatted(value, '1.0');
}

function mapFormatted(r: Record<string, unknown>, format: PayloadFormat): HttpAnswer | MalformedResponse {
  if (format === '1.0' && r.statusCode === undefined) return new MalformedResponse('statusCode is missing');
  if (!validStatus(r.statusCode)) return new MalformedResponse(`statusCode must be a number from 100 to 599, got ${JSON.stringify(r.statusCode)}`);
  const headers: [string, string][] = [];
  const single = r.headers ?? {};
  if (!isRecord(single)) return new MalformedResponse('headers must be an object');
  const multi = format === '1.0' ? (r.multiValueHeaders ?? {}) : {};
  if (!isRecord(multi)) return new MalformedResponse('multiValueHeaders must be an object');
  const multiNames = new Set(Object.keys(multi).map((k) => k.toLowerCase()));
  for (const [name, v] of Object.entries(single)) {
    const text = headerValue(v);
    if (text === undefined) return new MalformedResponse(`the value of header ${name} must be a string, got ${JSON.stringify(v)}`);
    // A REST API merges headers and multiValueHeaders; for a name in both, multiValueHeaders wins.
    if (!multiNames.has(name.toLowerCase())) headers.push([name, text]);
  }
  for (const [name, list] of Object.entries(multi)) {
    if (!Array.isArray(list)) return new MalformedResponse(`multiValueHeaders.${name} must be an array`);
    for (const v of list) {
      const text = headerValue(v);
      if (text === undefined) return new MalformedResponse(`a value of multiValueHeaders.${name} must be a string, got ${JSON.stringify(v)}`);
      headers.push([name, text]);
    }
  }
  if (format === '2.0' && r.cookies !== undefined) {
    if (!Array.isArray(r.cookies) || r.cookies.some((c) => typeof c !== 'string')) return new MalformedResponse('cookies must be an array of strings');
    for (const c of r.cookies as string[]) headers.push(['set-cookie', c]);
  }
  const body = bodyBytes(r);
  if (!body) return new MalformedResponse(`body must be a string, got ${typeof r.body}`);
  return { status: r.statusCode, headers, body };
}

/**
 * An API-shaped result (a statusCode and a body holding JSON) read the way a Function URL or HTTP
 * API client receives it: status, headers and the body parsed. For a readable view beside the raw
 * result in the editor; undefined for any other result (no statusCode, a body that is not JSON, or
 * a result the service would refuse).
 */
export function readableApiResult(payload: string): { status: number; headers: [string, string][]; body: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !('statusCode' in value) || typeof value.body !== 'string') return undefined;
  const mapped = mapResult('2.0', payload);
  if (mapped instanceof MalformedResponse) return undefined;
  try {
    return { status: mapped.status, headers: mapped.headers, body: JSON.parse(mapped.body.toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/** The JSON prelude of an awslambda.HttpResponseStream, read from the start of the stream. */
export interface StreamPrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** The content type awslambda.HttpResponseStream.from() sets: a JSON prelude, 8 zero bytes, then the body. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER_LENGTH = 8;

/** Status line and headers for a streamed response from its prelude (or none: 200 and the stream's content type). */
export function streamHead(prelude: StreamPrelude | undefined, contentType: string): { status: number; headers: [string, string][] } | MalformedResponse {
  if (!prelude) return { status: 200, headers: [['content-type', contentType]] };
  const r = prelude as Record<string, unknown>;
  const status = r.statusCode ?? 200;
  if (!validStatus(status)) return new MalformedResponse(`the stream prelude's statusCode must be a number from 100 to 599, got ${JSON.stringify(r.statusCode)}`);
  const mapped = mapFormatted({ ...r, statusCode: status, body: undefined, isBase64Encoded: false }, '2.0');
  if (mapped instanceof MalformedResponse) return mapped;
  return { status, headers: mapped.headers };
}
