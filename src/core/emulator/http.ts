/** Request and response plumbing: bounded body reading, JSON answers, the SigV4 region. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, tooLarge } from './apiError';

/** Region from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, ...`. */
export function signingRegion(req: IncomingMessage, fallback: string): string {
  const auth = req.headers.authorization;
  const scope = (typeof auth === 'string' ? /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth) : null) ?? null;
  if (scope) return scope[1];
  const q = /[?&]X-Amz-Credential=[^&]*?%2F\d{8}%2F([a-z0-9-]+)%2F/i.exec(req.url ?? '');
  return q ? q[1] : fallback;
}

/**
 * Reads the body, answering RequestTooLargeException as soon as the declared or received size
 * passes `limit`: bytes past the limit are discarded, never buffered.
 */
export function readBody(req: IncomingMessage, limit: number, operation: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(limit, operation));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(limit, operation));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (e) => {
      if (!over) reject(e);
    });
  });
}

export function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new ApiError('InvalidRequestContentException', `Could not parse request body into json: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('InvalidRequestContentException', 'Could not parse request body into json: the body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length), 'x-amzn-requestid': requestId(), ...headers });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'x-amzn-requestid': requestId(), 'content-length': '0', ...headers });
  res.end();
}

export function sendError(res: ServerResponse, err: ApiError, closeConnection = false): void {
  const headers: Record<string, string> = { 'x-amzn-errortype': err.errorType, ...err.extra.headers };
  if (closeConnection) headers.connection = 'close';
  sendJson(res, err.status, err.body(), headers);
}

let counter = 0;
function requestId(): string {
  counter = (counter + 1) % 0xffffffff;
  const hex = (Date.now().toString(16) + counter.toString(16).padStart(8, '0')).padStart(32, '0').slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
