/**
 * PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions,
 * DeleteLayerVersion, and the download Content.Location points at (a link that expires, as the
 * service's pre-signed S3 URLs do).
 */
import { validateLayerName, validateLayerVersionArn, validatePublishLayerVersion } from '../../config/validateLayer';
import { ARCHITECTURES, findRuntime, LIMITS } from '../../config/validationRules';
import { inspectZip } from '../../config/validationZip';
import type { LayerSizes } from '../configuration';
import { parseLayerVersionArn } from '../../layers/layerArn';
import { ApiError, invalid } from '../apiError';
import type { Handler, HandlerContext } from '../context';
import { parseJson } from '../http';
import { layerAccessDenied, type LayerVersionRecord } from '../layerStore';
import { assertUnzips, decodeZip, issuesError } from './common';
import { expiredLink } from './extras';

const notFound = (): ApiError => new ApiError('ResourceNotFoundException', 'The resource you requested does not exist.');

/** The layer's name from the path: a name, or its unversioned ARN in this region and account. */
function layerName(ctx: HandlerContext): string {
  const raw = ctx.params.LayerName;
  const issues = validateLayerName(raw);
  if (issues.length) throw issuesError(issues);
  if (!raw.startsWith('arn:')) return raw;
  const [, , , region, account, , name] = raw.split(':');
  if (account !== ctx.accountId) throw layerAccessDenied(raw);
  if (region !== ctx.region) throw invalid(`The layer ARN's region ${region} does not match this request's region ${ctx.region}; send the request to ${region}.`);
  return name;
}

function versionNumber(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw invalid(`VersionNumber must be a whole number from 1; got "${raw}".`);
  return n;
}

/** The fields every view of a version shares (ListLayerVersions' items, ListLayers' LatestMatchingVersion). */
function summary(ctx: HandlerContext, v: LayerVersionRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    LayerVersionArn: ctx.store.layers.versionArn(v),
    Version: v.version,
    Description: v.description,
    CreatedDate: v.createdDate,
  };
  if (v.compatibleRuntimes) out.CompatibleRuntimes = [...v.compatibleRuntimes];
  if (v.licenseInfo !== undefined) out.LicenseInfo = v.licenseInfo;
  if (v.compatibleArchitectures) out.CompatibleArchitectures = [...v.compatibleArchitectures];
  return out;
}

/** PublishLayerVersion / GetLayerVersion(ByArn)'s answer, with a fresh Content.Location. */
function full(ctx: HandlerContext, v: LayerVersionRecord): Record<string, unknown> {
  const location = `${ctx.baseUrl}/_emulator/layer/${encodeURIComponent(v.region)}/${encodeURIComponent(v.name)}/${v.version}?sha=${encodeURIComponent(v.codeSha256)}&expires=${ctx.store.now() + ctx.codeUrlTtlMs}`;
  return {
    Content: { Location: location, CodeSha256: v.codeSha256, CodeSize: v.zip.length },
    LayerArn: ctx.store.layers.layerArn(v.region, v.name),
    ...summary(ctx, v),
  };
}

export const publishLayerVersion: Handler = async (ctx) => {
  const name = layerName(ctx);
  const json = parseJson(ctx.body);
  const content = json.Content as Record<string, unknown> | undefined;
  const input: Record<string, unknown> = { ...json, Content: content && typeof content === 'object' ? { ...content, ZipFile: decodeZip(content.ZipFile) } : content };
  const issues = validatePublishLayerVersion(input);
  if (issues.length) throw issuesError(issues);
  const c = input.Content as Record<string, unknown>;
  if (c.S3Bucket !== undefined || c.S3Key !== undefined) {
    throw invalid('This local Lambda API server cannot read layer content from S3: send the zip bytes in Content.ZipFile instead of S3Bucket/S3Key.');
  }
  const zip = Buffer.from(c.ZipFile as Uint8Array);
  await assertUnzips(zip);
  ctx.store.assertStorage(ctx.region, zip.length);
  const v = ctx.store.layers.publish(ctx.region, name, zip, {
    description: input.Description as string | undefined,
    licenseInfo: input.LicenseInfo as string | undefined,
    compatibleRuntimes: input.CompatibleRuntimes as string[] | undefined,
    compatibleArchitectures: input.CompatibleArchitectures as string[] | undefined,
  });
  return { status: 201, json: full(ctx, v) };
};

export const getLayerVersion: Handler = (ctx) => {
  const v = ctx.store.layers.get(ctx.region, layerName(ctx), versionNumber(ctx.params.VersionNumber));
  if (!v) throw notFound();
  return { status: 200, json: full(ctx, v) };
};

/** GET /2018-10-31/layers?find=LayerVersion&Arn=…: a version by its full ARN. */
export const getLayerVersionByArn: Handler = (ctx) => {
  const arn = ctx.query.get('Arn') ?? '';
  const issues = validateLayerVersionArn(arn);
  if (issues.length) throw issuesError(issues);
  const ref = parseLayerVersionArn(arn)!;
  if (ref.account !== ctx.accountId) throw layerAccessDenied(arn);
  if (ref.region !== ctx.region) throw invalid(`The layer ARN's region ${ref.region} does not match this request's region ${ctx.region}; send the request to ${ref.region}.`);
  const v = ctx.store.layers.get(ref.region, ref.name, ref.version);
  if (!v) throw notFound();
  return { status: 200, json: full(ctx, v) };
};

interface Filters {
  runtime?: string;
  architecture?: string;
  pageSize: number;
  marker?: string;
}

function filters(ctx: HandlerContext): Filters {
  const runtime = ctx.query.get('CompatibleRuntime') ?? undefined;
  if (runtime !== undefined && !findRuntime(runtime)) throw invalid(`CompatibleRuntime "${runtime}" is not a Lambda runtime: use one such as nodejs22.x.`);
  const architecture = ctx.query.get('CompatibleArchitecture') ?? undefined;
  if (architecture !== undefined && !(ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw invalid(`CompatibleArchitecture must be one of ${ARCHITECTURES.join(', ')}; got "${architecture}".`);
  }
  const raw = ctx.query.get('MaxItems');
  let pageSize: number = LIMITS.layersPageMax;
  if (raw !== null) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > LIMITS.layersPageMax) throw invalid(`MaxItems must be a whole number from 1 to ${LIMITS.layersPageMax}; got "${raw}".`);
    pageSize = n;
  }
  return { runtime, architecture, pageSize, marker: ctx.query.get('Marker') ?? undefined };
}

function matches(v: LayerVersionRecord, f: Filters): boolean {
  if (f.runtime && !v.compatibleRuntimes?.includes(f.runtime)) return false;
  if (f.architecture && !v.compatibleArchitectures?.includes(f.architecture)) return false;
  return true;
}

/** Markers are opaque to callers: the position's key, base64-encoded. */
function page<T>(rows: T[], key: (row: T) => string, f: Filters, operation: string): { items: T[]; next?: string } {
  let start = 0;
  if (f.marker) {
    let after: string;
    try {
      after = Buffer.from(f.marker, 'base64').toString('utf8');
    } catch {
      after = '';
    }
    start = rows.findIndex((r) => key(r) === after) + 1;
    if (start === 0) throw invalid(`Invalid Marker: pass the NextMarker of the previous ${operation} response unchanged.`);
  }
  const items = rows.slice(start, start + f.pageSize);
  const more = start + f.pageSize < rows.length;
  return more ? { items, next: Buffer.from(key(items[items.length - 1])).toString('base64') } : { items };
}

export const listLayers: Handler = (ctx) => {
  const f = filters(ctx);
  const rows: { name: string; latest: LayerVersionRecord }[] = [];
  for (const name of ctx.store.layers.names(ctx.region)) {
    const latest = ctx.store.layers.versions(ctx.region, name).find((v) => matches(v, f));
    if (latest) rows.push({ name, latest });
  }
  const { items, next } = page(rows, (r) => r.name, f, 'ListLayers');
  const Layers = items.map((r) => ({ LayerName: r.name, LayerArn: ctx.store.layers.layerArn(ctx.region, r.name), LatestMatchingVersion: summary(ctx, r.latest) }));
  return { status: 200, json: next ? { Layers, NextMarker: next } : { Layers } };
};

export const listLayerVersions: Handler = (ctx) => {
  const name = layerName(ctx);
  const f = filters(ctx);
  const rows = ctx.store.layers.versions(ctx.region, name).filter((v) => matches(v, f));
  const { items, next } = page(rows, (v) => String(v.version), f, 'ListLayerVersions');
  const LayerVersions = items.map((v) => summary(ctx, v));
  return { status: 200, json: next ? { LayerVersions, NextMarker: next } : { LayerVersions } };
};

export const deleteLayerVersion: Handler = (ctx) => {
  ctx.store.layers.delete(ctx.region, layerName(ctx), versionNumber(ctx.params.VersionNumber));
  return { status: 204 };
};

/** Serves a layer version's zip: Content.Location. */
export const downloadLayer: Handler = (ctx) => {
  const expired = expiredLink(ctx);
  if (expired) return expired;
  const v = ctx.store.layers.get(ctx.params.Region, ctx.params.Name, Number(ctx.params.Version));
  if (!v) throw new ApiError('ResourceNotFoundException', 'The layer version you asked for no longer exists; call GetLayerVersion again.');
  return { status: 200, raw: v.zip, headers: { 'content-type': 'application/zip' } };
};

/**
 * A function's Layers checked as the service checks them on CreateFunction and
 * UpdateFunctionConfiguration (each readable, existing, in the region; 250 MB unzipped with the
 * code), with their sizes; undefined when the request does not set Layers.
 */
export function functionLayers(ctx: HandlerContext, arns: readonly string[] | undefined, zip: Uint8Array): LayerSizes | undefined {
  if (arns === undefined || arns.length === 0) return undefined;
  return ctx.store.layers.resolveForFunction(ctx.region, arns, inspectZip(zip).uncompressedSize);
}

/** UpdateFunctionCode: the new code together with the layers the function keeps must still fit in 250 MB. */
export function assertFitsWithLayers(ctx: HandlerContext, layers: { Arn?: string }[] | undefined, zip: Uint8Array): void {
  if (!layers?.length) return;
  let total = inspectZip(zip).uncompressedSize;
  for (const l of layers) total += (l.Arn && ctx.store.layers.content(l.Arn)?.unzippedBytes) || 0;
  if (total > LIMITS.unzippedBytes) {
    throw invalid(`Function code combined with layers exceeds the maximum allowed size of ${LIMITS.unzippedBytes} bytes. The actual size is ${total} bytes.`);
  }
}
