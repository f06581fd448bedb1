/** Invoke: RequestResponse (200), Event (202), DryRun (204), run through the pluggable invoker. */
import { WorkbenchError } from '../../errors';
import { ASYNC_REQUEST_PAYLOAD_LIMIT, REQUEST_PAYLOAD_LIMIT, RESPONSE_PAYLOAD_LIMIT, responseTooLargeError } from '../../invoke/serviceErrors';
import { ApiError, conflict, invalid } from '../apiError';
import type { Handler, HandlerContext } from '../context';
import type { InvokeRequest } from '../invoker';
import { isFailed, isPending } from '../lifecycle';
import { parseFunctionRef } from '../names';

/** Synchronous request payload limit (6 MB); the owner is the local runtime's serviceErrors. */
export const SYNC_PAYLOAD_LIMIT = REQUEST_PAYLOAD_LIMIT;
/** Asynchronous (Event) payload limit (1 MB). */
export const ASYNC_PAYLOAD_LIMIT = ASYNC_REQUEST_PAYLOAD_LIMIT;
/** LogType Tail returns the last 4 KB of the log. */
const TAIL_BYTES = 4096;

export function invocationType(ctx: { req: { headers: Record<string, string | string[] | undefined> } }): string {
  const v = ctx.req.headers['x-amz-invocation-type'];
  return typeof v === 'string' && v ? v : 'RequestResponse';
}

export function invokeBodyLimit(headers: Record<string, string | string[] | undefined>): number {
  return headers['x-amz-invocation-type'] === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
}

/** The function's layers as one /opt folder; a version deleted since still runs, as on Lambda. */
async function layersDir(ctx: HandlerContext, layers: { Arn?: string }[] | undefined): Promise<string | undefined> {
  if (!layers?.length) return undefined;
  const zips = layers.map((l) => (l.Arn ? ctx.store.layers.content(l.Arn)?.zip : undefined)).filter((z): z is Buffer => z !== undefined);
  return zips.length ? ctx.codeCache.optDirFor(zips) : undefined;
}

function tail(logs: string): string {
  const bytes = Buffer.from(logs, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
}

function notWired(): ApiError {
  return new ApiError(
    'InvalidRequestContentException',
    'Invoke is not available: this local Lambda API server has no local runtime wired in, so it cannot run function code yet. Start it with an invoker (startEmulator({ invoker })), or invoke against AWS.',
  );
}

/** Beyond a concurrency cap: 429 TooManyRequestsException with the service's Reason, as Invoke answers. */
function throttledInvoke(e: WorkbenchError): ApiError {
  const reason = typeof e.options.details?.reason === 'string' ? e.options.details.reason : 'ConcurrentInvocationLimitExceeded';
  return new ApiError('TooManyRequestsException', e.message, { body: { Reason: reason }, headers: { 'Retry-After': '1' } });
}

export const invoke: Handler = async (ctx: HandlerContext) => {
  const type = invocationType(ctx);
  if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) throw invalid(`X-Amz-Invocation-Type must be RequestResponse, Event or DryRun; got "${type}".`);
  const logHeader = ctx.req.headers['x-amz-log-type'];
  const logType = logHeader === undefined || logHeader === 'None' ? 'None' : logHeader === 'Tail' ? 'Tail' : undefined;
  if (!logType) throw invalid(`X-Amz-Log-Type must be None or Tail; got "${String(logHeader)}".`);
  const ref = parseFunctionRef(ctx.params.FunctionName, ctx.region, ctx.accountId, ctx.query.get('Qualifier') ?? undefined);
  const { record, version, qualifier } = ctx.store.resolve(ctx.region, ref);
  const now = ctx.store.now();
  if (isPending(record, now) || isFailed(record, now)) {
    throw conflict(`The operation cannot be performed at this time. The function is currently in the following state: ${isPending(record, now) ? 'Pending' : 'Failed'}`);
  }
  const text = ctx.body.length ? ctx.body.toString('utf8') : '{}';
  try {
    JSON.parse(text);
  } catch (e) {
    throw new ApiError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`);
  }
  if (type === 'DryRun') return { status: 204 };
  const invoker = ctx.invoker;
  if (!invoker) throw notWired();
  const configuration = ctx.store.view(record, version);
  const request = async (signal: AbortSignal): Promise<InvokeRequest> => ({
    region: ctx.region,
    configuration,
    codeDir: await ctx.codeCache.dirFor(version.zip),
    layersDir: await layersDir(ctx, configuration.Layers),
    payload: text,
    logType,
    signal,
    reservedConcurrency: record.reservedConcurrency,
  });
  if (type === 'Event') {
    // The service queues asynchronous invocations: they wait for a free environment instead of being throttled.
    const run = request(ctx.serverSignal)
      .then((r) => invoker.invoke({ ...r, queue: true }))
      .then((r) => ctx.logs.recordResult(ctx.region, configuration, qualifier, r))
      .catch(() => undefined);
    ctx.background.add(run);
    void run.finally(() => ctx.background.delete(run));
    return { status: 202 };
  }
  let result;
  try {
    result = await invoker.invoke(await request(ctx.signal));
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    if (e instanceof WorkbenchError && e.kind === 'throttled') throw throttledInvoke(e);
    throw new ApiError('ServiceException', `The local runtime failed to run the function: ${(e as Error).message}`);
  }
  ctx.logs.recordResult(ctx.region, configuration, qualifier, result);
  let payload = Buffer.from(result.payload ?? 'null', 'utf8');
  let functionError = result.functionError;
  if (payload.length > RESPONSE_PAYLOAD_LIMIT) {
    // The same owner as local invoke's check (any invoker's oversized answer is refused the same way).
    payload = Buffer.from(JSON.stringify(responseTooLargeError(payload.length)));
    functionError = 'Unhandled';
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': qualifier };
  if (functionError) headers['x-amz-function-error'] = functionError;
  if (logType === 'Tail') headers['x-amz-log-result'] = tail(result.logs ?? '');
  return { status: 200, raw: payload, headers };
};
