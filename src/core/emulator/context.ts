import type { IncomingMessage } from 'node:http';
import type { CodeCache } from './codeCache';
import type { FunctionInvoker } from './invoker';
import type { LogsStore } from './logsStore';
import type { FunctionStore } from './store';

/** What a handler gets: the parsed request and the server's parts. */
export interface HandlerContext {
  req: IncomingMessage;
  region: string;
  /** Path parameters, URL-decoded (e.g. FunctionName). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The request body (empty for GET/DELETE). */
  body: Buffer;
  store: FunctionStore;
  /** http://127.0.0.1:PORT, for URLs the server hands out (code download). */
  baseUrl: string;
  /** Lifetime of Code.Location links (ms). */
  codeUrlTtlMs: number;
  maxPageSize: number;
  accountId: string;
  invoker?: FunctionInvoker;
  codeCache: CodeCache;
  /** Where invocations' log lines go (the CloudWatch Logs API reads them). */
  logs: LogsStore;
  /** Fires when the server closes or the caller goes away. */
  signal: AbortSignal;
  /** Fires when the server closes (for work that outlives the request, like Event invokes). */
  serverSignal: AbortSignal;
  /** Event invocations still running, so close() can wait for them. */
  background: Set<Promise<unknown>>;
}

export interface Reply {
  status: number;
  json?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => Promise<Reply> | Reply;
