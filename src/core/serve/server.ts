/**
 * Serve Locally: an HTTP server on 127.0.0.1 that turns each request into a Lambda event (payload
 * 2.0 or 1.0), runs it in a pooled local environment, and turns the result (or the streamed bytes
 * of a streamifyResponse handler) back into the HTTP response the service would send. Hot reload
 * retires the environments when the function's folder changes. Several functions can share the
 * server by path prefix (longest wins).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkbenchError } from '../errors';
import type { LocalFunctionConfig } from '../invoke/config';
import type { LocalEnvironment } from '../invoke/environment';
import { EnvironmentPool } from '../invoke/environmentPool';
import type { InvokeLogLine, LocalInvokeResult } from '../invoke/types';
import { buildEvent, type PayloadFormat } from './event';
import {
  badRequestAnswer,
  functionErrorAnswer,
  integrationTimeoutAnswer,
  MalformedResponse,
  mapResult,
  PAYLOAD_LIMIT_BYTES,
  REST_INTEGRATION_TIMEOUT_MS,
  streamHead,
  throttledAnswer,
  tooLargeAnswer,
  type HttpAnswer,
} from './response';
import { Routes } from './routes';
import { PreludeReader } from './streamPrelude';

export const SERVE_HOST = '127.0.0.1';

export interface ServedFunction {
  /** Path prefix this function answers ('/' for everything). */
  prefix?: string;
  /** The function's configuration, read again for every new environment (after a reload too). */
  config: () => LocalFunctionConfig | Promise<LocalFunctionConfig>;
  /** Folder watched for hot reload; none: no reload. */
  watchDir?: string;
}

export interface ServeOptions {
  functions: ServedFunction[];
  /** 0 (default) picks a free port. */
  port?: number;
  /** '2.0' (Function URLs, HTTP APIs; default) or '1.0' (REST APIs). */
  payloadFormat?: PayloadFormat;
  /** Environments per function (the reserved concurrency); above it requests get 429. Default 10. */
  maxConcurrency?: number;
  /** Idle environments are disposed after this long. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Every log line of every invocation, as it happens. */
  onLog?: (line: InvokeLogLine, requestId: string) => void;
  /** One summary per request, after it is answered. */
  onRequest?: (summary: RequestSummary) => void;
  /** The server's own notices (reloads, malformed responses). */
  onNotice?: (text: string) => void;
  /** How long a client may take to send its request (headers and body). Default 60 s. */
  requestTimeoutMs?: number;
}

export interface RequestSummary {
  method: string;
  path: string;
  status: number;
  requestId: string;
  durationMs: number;
  coldStart: boolean;
  prefix: string;
  streamed: boolean;
}

/** What a route's environments look like now. */
export interface PoolStats {
  /** Environments alive (busy and idle). */
  environments: number;
  busy: number;
  /** Environments created so far: each one a cold start. */
  created: number;
  /** Requests refused at the cap (429). */
  throttled: number;
  /** Incremented by every reload. */
  generation: number;
}

export interface ServeHandle {
  url: string;
  port: number;
  payloadFormat: PayloadFormat;
  stats(prefix?: string): PoolStats;
  /** Retires every environment now, as a file change would. */
  reload(): void;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, a: HttpAnswer): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = [...a.headers.flat(), 'content-length', String(a.body.length)];
  res.writeHead(a.status, headers);
  res.end(a.body);
}

function sourceIp(req: http.IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '127.0.0.1';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** Reads the body, up to the payload limit; undefined when over it (the rest is discarded). */
function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > PAYLOAD_LIMIT_BYTES) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startServer(options: ServeOptions): Promise<ServeHandle> {
  if (options.functions.length === 0) throw new WorkbenchError('usage', 'Nothing to serve: give at least one function.');
  const format: PayloadFormat = options.payloadFormat ?? '2.0';
  if (format !== '2.0' && format !== '1.0') throw new WorkbenchError('usage', `The payload format must be 2.0 or 1.0, got "${String(format)}".`);
  const notice = options.onNotice ?? (() => undefined);
  const cap = options.maxConcurrency ?? 10;
  if (!Number.isInteger(cap) || cap < 1) throw new WorkbenchError('usage', `The concurrency cap must be a whole number of at least 1, got ${cap}.`);
  // One pool for the server: each function (route) may run `cap` environments at once, as with reserved concurrency.
  const pool = new EnvironmentPool<LocalEnvironment>({ maxPerFunction: cap, maxEnvironments: cap * options.functions.length, idleTimeoutMs: options.idleTimeoutMs });
  const routes = new Routes(options.functions, pool, notice);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = performance.now();
    const time = Date.now();
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const route = routes.find(path);
    const summary: RequestSummary = { method: req.method ?? 'GET', path, status: 0, requestId, durationMs: 0, coldStart: false, prefix: route?.prefix ?? '', streamed: false };
    const finish = (): void => {
      summary.status = res.statusCode;
      summary.durationMs = performance.now() - started;
      options.onRequest?.(summary);
    };
    if (!route) {
      send(res, { status: 404, headers: [['content-type', 'application/json']], body: Buffer.from('{"message":"Not Found"}') });
      return finish();
    }
    const body = await readBody(req);
    if (!body) {
      send(res, tooLargeAnswer(format));
      return finish();
    }
    const config = await route.config();
    const event = buildEvent(format, {
      method: req.method ?? 'GET',
      url,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: sourceIp(req),
      httpVersion: req.httpVersion,
      requestId,
      time,
      functionName: config.functionName ?? 'function',
      accountId: config.accountId ?? '000000000000',
    });
    const eventJson = JSON.stringify(event);
    if (Buffer.byteLength(eventJson) > PAYLOAD_LIMIT_BYTES) {
      send(res, tooLargeAnswer(format));
      return finish();
    }

    const prelude = new PreludeReader();
    let streamFailed: string | undefined;
    const onStreamChunk = (chunk: Uint8Array, contentType: string): void => {
      if (streamFailed || res.destroyed) return;
      summary.streamed = true;
      const step = prelude.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), contentType);
      if (step.kind === 'waiting') return;
      if (step.kind === 'invalid') {
        streamFailed = step.reason;
        return;
      }
      if (step.kind === 'head') {
        const head = streamHead(step.prelude, contentType);
        if (head instanceof MalformedResponse) {
          streamFailed = head.reason;
          return;
        }
        // No content-length: Node sends the body with chunked encoding, each write as it comes.
        res.writeHead(head.status, head.headers.flat());
        res.flushHeaders();
      }
      if (step.body.length > 0) res.write(step.body);
    };

    let result: LocalInvokeResult;
    try {
      const invocation = pool.use(routes.key(route), route.prefix, routes.creator(route), async (env) => {
        summary.coldStart = env.state === 'cold';
        route.busy++;
        try {
          return await env.invokeSerialized(eventJson, { requestId, onLog: (line) => options.onLog?.(line, requestId), onStreamChunk });
        } finally {
          route.busy--;
        }
      }, { group: route.prefix });
      if (format === '1.0') {
        // A REST API stops waiting after 29 s; the function runs on, as it does behind the service.
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = new Promise<'gaveUp'>((resolve) => (timer = setTimeout(() => resolve('gaveUp'), REST_INTEGRATION_TIMEOUT_MS)));
        const first = await Promise.race([invocation, gaveUp]);
        clearTimeout(timer);
        if (first === 'gaveUp') {
          invocation.catch(() => undefined);
          send(res, integrationTimeoutAnswer());
          return finish();
        }
        result = first;
      } else {
        result = await invocation;
      }
    } catch (e) {
      if (e instanceof WorkbenchError && e.kind === 'throttled') {
        route.throttled++;
        notice(`${summary.method} ${path}: throttled, all ${cap} environments are busy (429).`);
        send(res, throttledAnswer(format));
      } else {
        notice(`${summary.method} ${path}: ${(e as Error).message}`);
        send(res, functionErrorAnswer(format));
      }
      return finish();
    }

    if (result.functionError) {
      send(res, functionErrorAnswer(format));
      return finish();
    }
    if (result.streamContentType !== undefined) {
      if (streamFailed || prelude.incomplete) {
        notice(`${summary.method} ${path}: invalid streamed response: ${streamFailed ?? 'the stream prelude never ended'} (502).`);
        send(res, functionErrorAnswer(format));
        return finish();
      }
      if (!res.headersSent) {
        // The handler ended the stream without writing: the head alone.
        const head = streamHead(undefined, result.streamContentType);
        if (!(head instanceof MalformedResponse)) res.writeHead(head.status, head.headers.flat());
      }
      res.end();
      return finish();
    }
    const mapped = mapResult(format, result.payload);
    if (mapped instanceof MalformedResponse) {
      notice(`${summary.method} ${path}: the function's response is not valid for payload format ${format}: ${mapped.reason} (502, as the service answers).`);
      send(res, functionErrorAnswer(format));
      return finish();
    }
    send(res, mapped);
    finish();
  };

  const server = http.createServer({ requestTimeout: options.requestTimeoutMs ?? 60_000, headersTimeout: Math.min(options.requestTimeoutMs ?? 60_000, 30_000) }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      notice(`Internal error: ${(e as Error).message}`);
      if (!res.headersSent) send(res, functionErrorAnswer(format));
      else res.destroy();
    });
  });
  // A request Node cannot parse gets 400; the server keeps running.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') {
      const a = badRequestAnswer();
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${a.body.length}\r\nConnection: close\r\n\r\n${a.body.toString()}`);
    } else {
      socket.destroy();
    }
  });
  const port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      routes.close();
      if (err.code === 'EADDRINUSE') {
        reject(new WorkbenchError('usage', `Port ${port} on ${SERVE_HOST} is already in use.`, { hint: 'Stop what uses it, pick another --port, or pass --port 0 for a free one.', code: 'EADDRINUSE' }));
      } else if (err.code === 'EACCES') {
        reject(new WorkbenchError('usage', `Port ${port} on ${SERVE_HOST} needs privileges this process does not have.`, { hint: 'Use a port above 1023, or --port 0.' }));
      } else reject(err);
    };
    server.once('error', onError);
    server.listen(port, SERVE_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    url: `http://${SERVE_HOST}:${actual}`,
    port: actual,
    payloadFormat: format,
    stats: (prefix) => routes.stats(prefix),
    reload(): void {
      for (const r of routes.all) routes.retire(r);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      routes.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.dispose();
    },
  };
}
