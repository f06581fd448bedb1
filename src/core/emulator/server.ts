/**
 * The local Lambda API server: an HTTP server on 127.0.0.1 that speaks the REST-JSON protocol of
 * @aws-sdk/client-lambda. Requests go: route → region → latency → fault → body → handler → reply.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './apiError';
import { CodeCache } from './codeCache';
import type { HandlerContext, Reply } from './context';
import { FaultInjector } from './faults';
import { readBody, sendEmpty, sendError, sendJson, signingRegion } from './http';
import { handleLogsCall, isLogsRequest } from './logsApi';
import { LogsStore } from './logsStore';
import { IAM_BODY_LIMIT, IamStore, isQueryRequest } from './iam';
import { matchRoute } from './router';
import { applySeed, readSeedFile } from './seed';
import { FunctionStore } from './store';
import type { EmulatorOptions } from './types';

export interface RunningEmulator {
  /** http://127.0.0.1:PORT: the endpoint to give the SDK. */
  url: string;
  port: number;
  /** Stops listening, ends open connections and removes temp files. Safe to call twice. */
  close(): Promise<void>;
  /** The functions, for tests (fail(), failUpdate(), setFunctionUrl(), ...). */
  store: FunctionStore;
  /** What invocations printed, per log group (served through the CloudWatch Logs API). */
  logs: LogsStore;
}

/** CloudWatch Logs request bodies are small JSON; the service's own limit is 1 MB. */
const LOGS_BODY_LIMIT = 1_048_576;

const BACKGROUND_GRACE_MS = 2000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const faults = new FaultInjector(options);
  const accountId = options.accountId ?? '123456789012';
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const stateDelayMs = options.stateDelayMs ?? 300;
  const store = new FunctionStore({
    accountId,
    stateDelayMs,
    updateDelayMs: options.updateDelayMs ?? stateDelayMs,
    codeStorageLimitBytes: options.codeStorageLimitBytes ?? 80_530_636_800,
  });
  if (options.seed) {
    const seed = typeof options.seed === 'string' ? await readSeedFile(options.seed) : options.seed;
    await applySeed(store, seed, defaultRegion);
  }
  const iam = new IamStore(accountId);
  const codeCache = new CodeCache();
  const logs = new LogsStore(accountId);
  const closing = new AbortController();
  // Every in-flight request listens for shutdown; many at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  const background = new Set<Promise<unknown>>();
  const sockets = new Set<Socket>();
  const maxPageSize = Math.max(1, Math.min(options.maxPageSize ?? 50, 50));
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const region = signingRegion(req, defaultRegion);
    if (method === 'POST' && isLogsRequest(req)) return handleLogs(req, res, region, started);
    if (isQueryRequest(method, url.pathname)) return handleIam(req, res, started, region);
    const match = matchRoute(method, url.pathname, url.searchParams);
    const operation = match?.route.operation ?? 'Unknown';
    // The caller going away (or the server closing) cancels a running invoke.
    const request = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) request.abort();
    };
    res.on('close', onClose);
    const onClosing = () => request.abort();
    closing.signal.addEventListener('abort', onClosing, { once: true });
    let status = 500;
    let errorType: string | undefined;
    try {
      if (!match) throw new ApiError('UnknownOperationException', `No Lambda operation matches ${method} ${url.pathname}.`);
      const { route, params } = match;
      if (!route.internal && options.latencyMs) await sleep(options.latencyMs, undefined, { signal: closing.signal });
      const fault = route.internal ? undefined : faults.next(operation);
      if (fault) throw fault;
      const limit = typeof route.bodyLimit === 'function' ? route.bodyLimit(req.headers) : route.bodyLimit;
      const body = method === 'GET' || method === 'DELETE' ? Buffer.alloc(0) : await readBody(req, limit, route.limitOperation ?? operation);
      const ctx: HandlerContext = {
        req,
        region,
        params,
        query: url.searchParams,
        body,
        store,
        baseUrl,
        codeUrlTtlMs: options.codeUrlTtlMs ?? 600_000,
        maxPageSize,
        accountId,
        invoker: options.invoker,
        codeCache,
        logs,
        signal: request.signal,
        serverSignal: closing.signal,
        background,
      };
      const reply: Reply = await route.handler(ctx);
      status = reply.status;
      if (reply.raw) {
        res.writeHead(reply.status, { 'content-length': String(reply.raw.length), ...reply.headers });
        res.end(reply.raw);
      } else if (reply.json !== undefined) sendJson(res, reply.status, reply.json, reply.headers);
      else sendEmpty(res, reply.status, reply.headers);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('ServiceException', closing.signal.aborted ? 'The local Lambda API server is shutting down.' : `Internal error in the local Lambda API server: ${(e as Error).message}`);
      status = err.status;
      errorType = err.errorType;
      if (!res.headersSent && !res.destroyed) sendError(res, err);
    } finally {
      res.off('close', onClose);
      closing.signal.removeEventListener('abort', onClosing);
      options.onRequest?.({ method, path: url.pathname, operation, region, status, ...(errorType ? { errorType } : {}), ms: Date.now() - started });
    }
  }

  /** CloudWatch Logs on the same port (JSON 1.1, X-Amz-Target), as LocalStack serves every service on one. */
  async function handleLogs(req: IncomingMessage, res: ServerResponse, region: string, started: number): Promise<void> {
    const target = String(req.headers['x-amz-target']);
    let answer: ReturnType<typeof handleLogsCall>;
    try {
      if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal: closing.signal });
      answer = handleLogsCall(logs, region, target, await readBody(req, LOGS_BODY_LIMIT, target));
    } catch (e) {
      const message = e instanceof ApiError ? e.message : 'The local server is shutting down.';
      answer = { operation: target, status: e instanceof ApiError ? 413 : 503, json: { __type: e instanceof ApiError ? 'InvalidParameterException' : 'ServiceUnavailableException', message }, errorType: 'Error' };
    }
    if (!res.headersSent && !res.destroyed) sendJson(res, answer.status, answer.json, { 'content-type': 'application/x-amz-json-1.1' });
    options.onRequest?.({ method: 'POST', path: '/', operation: answer.operation, region, status: answer.status, ...(answer.errorType ? { errorType: answer.errorType } : {}), ms: Date.now() - started });
  }

  /** IAM (the AWS Query protocol) at the same endpoint: see iam.ts. */
  async function handleIam(req: IncomingMessage, res: ServerResponse, started: number, region: string): Promise<void> {
    let status = 500;
    let operation = 'IAM';
    try {
      if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal: closing.signal });
      const body = await readBody(req, IAM_BODY_LIMIT, 'IAM');
      const answer = iam.handle(req.headers, body);
      status = answer.status;
      operation = answer.action;
      const bytes = Buffer.from(answer.xml, 'utf8');
      res.writeHead(status, { 'content-type': 'text/xml', 'content-length': String(bytes.length) });
      res.end(bytes);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('ServiceException', `Internal error in the local IAM endpoint: ${(e as Error).message}`);
      status = err.status;
      if (!res.headersSent && !res.destroyed) sendError(res, err);
    } finally {
      options.onRequest?.({ method: 'POST', path: '/', operation, region, status, ms: Date.now() - started });
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing.abort();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([Promise.allSettled([...background]), sleep(BACKGROUND_GRACE_MS, undefined, { ref: false })]);
      // Give in-flight answers a moment, then cut what is left so nothing keeps the process alive.
      const cut = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 200);
      await stopped;
      clearTimeout(cut);
      await options.invoker?.dispose?.();
      await codeCache.dispose();
    })());

  return { url: baseUrl, port, close, store, logs };
}
