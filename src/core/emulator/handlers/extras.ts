/** Function URL config, reserved concurrency, tags, and the code download GetFunction points at. */
import { ApiError, invalid } from '../apiError';
import type { Handler, HandlerContext, Reply } from '../context';
import { parseJson } from '../http';
import { parseFunctionRef } from '../names';

function record(ctx: HandlerContext, raw = ctx.params.FunctionName) {
  return ctx.store.resolve(ctx.region, { name: parseFunctionRef(raw, ctx.region, ctx.accountId).name }).record;
}

export const getFunctionUrlConfig: Handler = (ctx) => {
  const rec = record(ctx);
  if (!rec.url) throw new ApiError('ResourceNotFoundException', 'The resource you requested does not exist.');
  return { status: 200, json: rec.url };
};

export const getFunctionConcurrency: Handler = (ctx) => {
  const rec = record(ctx);
  return { status: 200, json: rec.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: rec.reservedConcurrency } };
};

export const putFunctionConcurrency: Handler = (ctx) => {
  const rec = record(ctx);
  const n = parseJson(ctx.body).ReservedConcurrentExecutions;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) {
    throw invalid(`ReservedConcurrentExecutions must be a whole number from 0 to 1000 (the account's concurrency); got ${JSON.stringify(n)}.`);
  }
  rec.reservedConcurrency = n;
  return { status: 200, json: { ReservedConcurrentExecutions: n } };
};

export const deleteFunctionConcurrency: Handler = (ctx) => {
  record(ctx).reservedConcurrency = undefined;
  return { status: 204 };
};

/** Tag operations address the function by its full ARN. */
function tagged(ctx: HandlerContext) {
  const arn = ctx.params.Resource;
  if (!/^arn:aws[a-zA-Z-]*:lambda:/.test(arn)) throw invalid(`Resource must be a function ARN such as arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:NAME; got "${arn}".`);
  return record(ctx, arn);
}

export const listTags: Handler = (ctx) => ({ status: 200, json: { Tags: { ...tagged(ctx).tags } } });

export const tagResource: Handler = (ctx) => {
  const rec = tagged(ctx);
  const tags = parseJson(ctx.body).Tags;
  if (typeof tags !== 'object' || tags === null || Object.values(tags).some((v) => typeof v !== 'string')) {
    throw invalid('Tags must be an object of string keys to string values.');
  }
  Object.assign(rec.tags, tags);
  return { status: 204 };
};

export const untagResource: Handler = (ctx) => {
  const rec = tagged(ctx);
  for (const key of ctx.query.getAll('tagKeys')) delete rec.tags[key];
  return { status: 204 };
};

/** Like S3's pre-signed URLs: past its expiry a download link answers 403 (the Get call gives a fresh one). */
export function expiredLink(ctx: HandlerContext): Reply | undefined {
  const expires = Number(ctx.query.get('expires'));
  if (Number.isFinite(expires) && ctx.store.now() <= expires) return undefined;
  return { status: 403, raw: Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>'), headers: { 'content-type': 'application/xml' } };
}

/** Serves a version's zip: the Code.Location of GetFunction. */
export const downloadCode: Handler = (ctx) => {
  const expired = expiredLink(ctx);
  if (expired) return expired;
  const rec = ctx.store.find(ctx.params.Region, ctx.params.Name);
  const q = ctx.params.Qualifier;
  const version = rec && (q === '$LATEST' ? rec.latest : rec.versions.get(q));
  if (!rec || !version) throw new ApiError('ResourceNotFoundException', 'The code you asked for no longer exists; call GetFunction again for a fresh Location.');
  return { status: 200, raw: version.zip, headers: { 'content-type': 'application/zip' } };
};
