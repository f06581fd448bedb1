/**
 * The per-user layer cache for local invoke. Each layer version is fetched once (GetLayerVersionByArn,
 * then its Content.Location, checked against CodeSha256) and unzipped with core's safe extraction
 * (no entry or link out of its folder, 250 MB at most) under the cache root, keyed by ARN (and the
 * endpoint it came from). A function's layers are then merged, in order, into one folder that stands
 * for /opt: later layers overwrite earlier ones' files, as Lambda extracts them. Entries are written
 * to a temporary folder and renamed into place, so a cancelled or failed fetch leaves nothing half
 * done. The cache is bounded: least recently used entries beyond the caps are removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { LIMITS } from '../config/validationRules';
import { fetchZip, LinkExpired } from '../download/downloadCode';
import { planExtraction, writeExtraction } from '../download/safeExtract';
import { throwIfAborted, WorkbenchError } from '../errors';
import { packageCacheRoot } from '../package/entryCache';
import { parseOrThrow, readLayerVersion, type LayerReadContext } from './layerSource';

/** At most this many layer versions and merged /opt folders are kept; older ones go first. */
export const CACHE_CAPS = { layers: 32, merged: 16 } as const;

export interface CachedLayer {
  arn: string;
  /** The layer's files, unzipped. */
  dir: string;
  codeSize: number;
  unzippedBytes: number;
  /** False when this call downloaded it. */
  cached: boolean;
}

export interface PreparedLayers {
  /** The folder standing for /opt: every layer merged in order. */
  optDir: string;
  layers: CachedLayer[];
}

export interface PrepareLayersOptions extends LayerReadContext {
  arns: readonly string[];
  /** Default: the per-user cache root (LAMBDA_WORKBENCH_CACHE_DIR or the platform's cache folder) + /layers. */
  cacheDir?: string;
  /** Called before each download, for progress. */
  onFetch?: (arn: string) => void;
}

interface Meta {
  arn: string;
  codeSha256?: string;
  codeSize: number;
  unzippedBytes: number;
}

export function layerCacheDir(): string {
  return path.join(packageCacheRoot(), 'layers');
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

async function readMeta(dir: string): Promise<Meta | undefined> {
  try {
    const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as Meta;
    return typeof meta.arn === 'string' && typeof meta.unzippedBytes === 'number' ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** Marks an entry used now (the bound removes the least recently used). */
async function touch(dir: string): Promise<void> {
  const now = new Date();
  await utimes(path.join(dir, 'meta.json'), now, now).catch(() => undefined);
}

/** Moves a finished temporary folder into place; a concurrent run that got there first wins. */
async function commit(tmp: string, final: string): Promise<void> {
  try {
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    if ((await readMeta(final)) === undefined) throw e;
  }
}

async function download(arn: string, ctx: PrepareLayersOptions): Promise<{ zip: Buffer; codeSha256?: string }> {
  // A Content.Location link lives minutes: one that expired in between is asked for again, once.
  for (let attempt = 1; ; attempt++) {
    const info = await readLayerVersion(arn, ctx);
    ctx.onFetch?.(arn);
    try {
      const zip = await fetchZip(info.location, { signal: ctx.signal });
      if (info.codeSha256) {
        const sha = createHash('sha256').update(zip).digest('base64');
        if (sha !== info.codeSha256) throw new WorkbenchError('service', `The downloaded layer ${arn} does not match its CodeSha256.`, { hint: 'Try again. Nothing was kept.', details: { layer: arn } });
      }
      return { zip, codeSha256: info.codeSha256 };
    } catch (e) {
      if (!(e instanceof LinkExpired)) throw e;
      if (attempt >= 2) throw new WorkbenchError('network', `The download link of layer ${arn} was refused twice (expired or not authorised).`, { hint: 'Try again.', details: { layer: arn } });
    }
  }
}

async function fetchLayer(arn: string, ctx: PrepareLayersOptions, root: string): Promise<CachedLayer> {
  const dir = path.join(root, 'v', hash(`${ctx.connection.endpoint ?? 'aws'}\n${arn}`));
  const known = await readMeta(dir);
  if (known && known.arn === arn) {
    await touch(dir);
    return { arn, dir: path.join(dir, 'content'), codeSize: known.codeSize, unzippedBytes: known.unzippedBytes, cached: true };
  }
  const { zip, codeSha256 } = await download(arn, ctx);
  throwIfAborted(ctx.signal, 'Fetching the layers');
  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    let plan;
    try {
      plan = await planExtraction(zip, path.join(tmp, 'content'));
    } catch (e) {
      if (e instanceof WorkbenchError) throw new WorkbenchError(e.kind, `Layer ${arn}: ${e.message}`, { hint: e.hint, details: { layer: arn }, cause: e });
      throw e;
    }
    await writeExtraction(plan, { signal: ctx.signal });
    const meta: Meta = { arn, codeSha256, codeSize: zip.length, unzippedBytes: plan.unzippedBytes };
    await writeFile(path.join(tmp, 'meta.json'), JSON.stringify(meta));
    await mkdir(path.dirname(dir), { recursive: true });
    // Only a broken leftover is removed: a complete entry another run just wrote may be in use.
    if (!(await readMeta(dir))) await rm(dir, { recursive: true, force: true });
    await commit(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const meta = (await readMeta(dir))!;
  return { arn, dir: path.join(dir, 'content'), codeSize: meta.codeSize, unzippedBytes: meta.unzippedBytes, cached: false };
}

/** One folder with every layer's files, later layers over earlier ones: what the function sees as /opt. */
async function merge(layers: CachedLayer[], root: string): Promise<string> {
  const dir = path.join(root, 'opt', hash(layers.map((l) => l.dir).join('\n')));
  if (await readMeta(dir)) {
    await touch(dir);
    return path.join(dir, 'opt');
  }
  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(path.join(tmp, 'opt'), { recursive: true });
    // Links were checked at extraction to stay inside their layer; copied as they are, they stay inside /opt.
    for (const l of layers) await cp(l.dir, path.join(tmp, 'opt'), { recursive: true, force: true, verbatimSymlinks: true });
    const meta: Meta = { arn: layers.map((l) => l.arn).join(','), codeSize: 0, unzippedBytes: layers.reduce((n, l) => n + l.unzippedBytes, 0) };
    await writeFile(path.join(tmp, 'meta.json'), JSON.stringify(meta));
    await mkdir(path.dirname(dir), { recursive: true });
    await commit(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return path.join(dir, 'opt');
}

/** Keeps at most `cap` entries of a cache folder: those in `keep`, then the most recently used. */
export async function prune(folder: string, cap: number, keep: Set<string>): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => !n.includes('.tmp-'));
  } catch {
    return;
  }
  if (names.length <= cap) return;
  const aged = await Promise.all(names.map(async (n) => ({ dir: path.join(folder, n), at: (await stat(path.join(folder, n, 'meta.json')).catch(() => undefined))?.mtimeMs ?? 0 })));
  // Entries in use always stay (and count towards the cap); the others, newest first, fill the rest.
  const others = aged.filter((e) => !keep.has(e.dir)).sort((a, b) => b.at - a.at);
  const room = Math.max(0, cap - (aged.length - others.length));
  for (const entry of others.slice(room)) await rm(entry.dir, { recursive: true, force: true });
}

/**
 * Fetches (or finds in the cache) each layer and returns the folder that stands for /opt. Checks
 * everything it can before downloading: at most 5 layers, each a layer version ARN. Throws
 * WorkbenchError naming the layer that cannot be read, before any function code runs.
 */
export async function prepareLayers(options: PrepareLayersOptions): Promise<PreparedLayers | undefined> {
  const arns = [...options.arns];
  if (arns.length === 0) return undefined;
  if (arns.length > LIMITS.layersMax) {
    throw new WorkbenchError('validation', `The function lists ${arns.length} layers; Lambda allows at most ${LIMITS.layersMax}.`, { hint: 'Remove layers from Layers.', path: '$.Layers' });
  }
  arns.forEach(parseOrThrow);
  const root = options.cacheDir ?? layerCacheDir();
  const layers: CachedLayer[] = [];
  for (const arn of arns) {
    throwIfAborted(options.signal, 'Fetching the layers');
    layers.push(await fetchLayer(arn, options, root));
  }
  const total = layers.reduce((n, l) => n + l.unzippedBytes, 0);
  if (total > LIMITS.unzippedBytes) {
    throw new WorkbenchError('limits', `The function's layers unzip to ${total} bytes together, over Lambda's ${LIMITS.unzippedBytes}-byte (250 MB) limit for a function and its layers.`, {
      hint: 'Lambda would refuse this configuration; remove a layer.',
    });
  }
  const optDir = await merge(layers, root);
  await prune(path.join(root, 'v'), CACHE_CAPS.layers, new Set(layers.map((l) => path.dirname(l.dir))));
  await prune(path.join(root, 'opt'), CACHE_CAPS.merged, new Set([path.dirname(optDir)]));
  return { optDir, layers };
}
