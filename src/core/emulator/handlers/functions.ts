/** CreateFunction, ListFunctions, GetFunction, GetFunctionConfiguration, DeleteFunction. */
import type { CreateFunctionRequest, FunctionConfiguration } from '@aws-sdk/client-lambda';
import { errorsOnly, validateCreateFunction } from '../../config/validateFunction';
import { invalid } from '../apiError';
import type { Handler, HandlerContext } from '../context';
import { parseJson } from '../http';
import { parseFunctionRef } from '../names';
import { assertUnzips, decodeZip, issuesError, unsupportedCodeSource } from './common';
import { functionLayers } from './layers';

export const createFunction: Handler = async (ctx) => {
  const json = parseJson(ctx.body);
  const code = (json.Code ?? undefined) as Record<string, unknown> | undefined;
  const input = { ...json, Code: code && { ...code, ZipFile: decodeZip(code.ZipFile) } } as CreateFunctionRequest;
  const issues = errorsOnly(validateCreateFunction(input));
  if (issues.length) throw issuesError(issues);
  unsupportedCodeSource(input.Code as Record<string, unknown>, input.PackageType);
  // A partial or full ARN names the function in this region and account only; the function's name is its name part.
  const ref = parseFunctionRef(input.FunctionName as string, ctx.region, ctx.accountId);
  const zip = Buffer.from(input.Code!.ZipFile as Uint8Array);
  await assertUnzips(zip);
  const layers = functionLayers(ctx, input.Layers, zip);
  const rec = ctx.store.create(ctx.region, { ...input, FunctionName: ref.name }, zip, { layers });
  const version = input.Publish ? [...rec.versions.values()][0] : rec.latest;
  return { status: 201, json: ctx.store.view(rec, version) };
};

/** The fields ListFunctions leaves out (the service returns them from GetFunction only). */
const NOT_IN_LIST = ['State', 'StateReason', 'StateReasonCode', 'LastUpdateStatus', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode', 'RuntimeVersionConfig'] as const;

function encodeMarker(name: string, version: string): string {
  return Buffer.from(JSON.stringify([name, version])).toString('base64');
}

function decodeMarker(marker: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(marker, 'base64').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw invalid('Invalid Marker: pass the NextMarker of the previous ListFunctions response unchanged.');
}

const versionOrder = (v: string): number => (v === '$LATEST' ? 0 : Number(v));

export const listFunctions: Handler = (ctx) => {
  const maxItemsRaw = ctx.query.get('MaxItems');
  let pageSize = ctx.maxPageSize;
  if (maxItemsRaw !== null) {
    const n = Number(maxItemsRaw);
    if (!Number.isInteger(n) || n < 1 || n > 10000) throw invalid(`MaxItems must be a whole number from 1 to 10000; got "${maxItemsRaw}".`);
    pageSize = Math.min(n, ctx.maxPageSize);
  }
  const all = ctx.query.get('FunctionVersion') === 'ALL';
  const rows: { name: string; version: string; config: FunctionConfiguration }[] = [];
  for (const rec of ctx.store.list(ctx.region)) {
    rows.push({ name: rec.name, version: '$LATEST', config: ctx.store.view(rec) });
    if (all) for (const [v, stored] of rec.versions) rows.push({ name: rec.name, version: v, config: ctx.store.view(rec, stored) });
  }
  let start = 0;
  const marker = ctx.query.get('Marker');
  if (marker) {
    const [name, version] = decodeMarker(marker);
    // Resume after the marker's position even if that function was deleted in between.
    start = rows.findIndex((r) => r.name > name || (r.name === name && versionOrder(r.version) > versionOrder(version)));
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + pageSize);
  const Functions = page.map((r) => {
    const c = r.config as Record<string, unknown>;
    for (const k of NOT_IN_LIST) delete c[k];
    return c;
  });
  const last = page[page.length - 1];
  const more = start + pageSize < rows.length;
  return { status: 200, json: more && last ? { Functions, NextMarker: encodeMarker(last.name, last.version) } : { Functions } };
};

function resolveRef(ctx: HandlerContext) {
  const ref = parseFunctionRef(ctx.params.FunctionName, ctx.region, ctx.accountId, ctx.query.get('Qualifier') ?? undefined);
  return ctx.store.resolve(ctx.region, ref);
}

export const getFunctionConfiguration: Handler = (ctx) => {
  const { record, version } = resolveRef(ctx);
  return { status: 200, json: ctx.store.view(record, version) };
};

export const getFunction: Handler = (ctx) => {
  const { record, version, qualifier } = resolveRef(ctx);
  const Configuration = ctx.store.view(record, version);
  const location = `${ctx.baseUrl}/_emulator/code/${encodeURIComponent(ctx.region)}/${encodeURIComponent(record.name)}/${encodeURIComponent(qualifier)}?sha=${encodeURIComponent(Configuration.CodeSha256 ?? '')}&expires=${ctx.store.now() + ctx.codeUrlTtlMs}`;
  const out: Record<string, unknown> = { Configuration, Code: { RepositoryType: 'S3', Location: location } };
  if (Object.keys(record.tags).length) out.Tags = { ...record.tags };
  if (record.reservedConcurrency !== undefined) out.Concurrency = { ReservedConcurrentExecutions: record.reservedConcurrency };
  return { status: 200, json: out };
};

export const deleteFunction: Handler = (ctx) => {
  const ref = parseFunctionRef(ctx.params.FunctionName, ctx.region, ctx.accountId, ctx.query.get('Qualifier') ?? undefined);
  ctx.store.delete(ctx.region, ref);
  return { status: 204 };
};
