/**
 * Download Code: a deployed function's .zip (GetFunction → Code.Location, a pre-signed link valid
 * for 10 minutes; an expired one is fetched afresh once) streamed with progress, bounded and
 * cancellable, checked against the CodeSha256 Lambda reports, unzipped safely into a folder, and
 * a lambda-workbench.json written from the deployed configuration so the folder is ready for
 * Invoke Locally, Debug and Deploy.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import * as path from 'node:path';
import type { LambdaService } from '../aws/types';
import { BINDING_FILE, bindingPath, writeBinding } from '../config/binding';
import { bindingFromFunction } from '../config/bindingFromFunction';
import { LIMITS } from '../config/validationRules';
import { isAbort, WorkbenchError } from '../errors';
import { planExtraction, writeExtraction } from './safeExtract';

export type DownloadPhase = 'locating' | 'downloading' | 'unzipping' | 'writing';

export interface DownloadProgress {
  phase: DownloadPhase;
  /** Bytes received so far (downloading) or files written (writing). */
  done?: number;
  total?: number;
}

export interface DownloadCodeOptions {
  service: LambdaService;
  region: string;
  functionName: string;
  /** The folder to unzip into (created when missing). */
  folder: string;
  /** Replace files that exist already (the UI asks first; the CLI has --force). */
  overwrite?: boolean;
  /** Write lambda-workbench.json (default true). */
  writeBindingFile?: boolean;
  signal?: AbortSignal;
  onProgress?(p: DownloadProgress): void;
  /** A stalled download is given up after this long without a byte (default 30 s). */
  idleTimeoutMs?: number;
}

export interface DownloadCodeResult {
  folder: string;
  files: string[];
  bindingFile?: string;
  codeSha256?: string;
  zipBytes: number;
  unzippedBytes: number;
  /** How many environment variables the binding file holds (their values are in it: say so). */
  environmentVariables: number;
  /** Layers the function uses (their code is not in its package). */
  layers: string[];
}

/** The largest archive fetched: a package unzips to at most 250 MB, so its zip cannot be larger. */
const MAX_ZIP_BYTES = LIMITS.unzippedBytes;

/** A download link that answered 403/410: expired (or not authorised); ask for a fresh one. */
export class LinkExpired extends Error {}

/** Downloads a .zip from a pre-signed link: bounded (250 MB), with an idle timeout, cancellable. Also used for layers. */
export async function fetchZip(url: string, options: Pick<DownloadCodeOptions, 'signal' | 'idleTimeoutMs' | 'onProgress'>): Promise<Buffer> {
  const idleMs = options.idleTimeoutMs ?? 30_000;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleMs);
  };
  try {
    arm();
    const res = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    // S3 answers an expired pre-signed URL with 403 (AccessDenied "Request has expired"); the local server too.
    if (res.status === 403 || res.status === 410) throw new LinkExpired(`HTTP ${res.status}`);
    if (!res.ok || !res.body) throw new WorkbenchError('network', `Downloading the code failed: HTTP ${res.status}.`, { hint: 'Try again; the code link comes from GetFunction.' });
    const declared = Number(res.headers.get('content-length'));
    const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
    if (total !== undefined && total > MAX_ZIP_BYTES) throw new WorkbenchError('limits', `The code archive is ${total} bytes, more than a Lambda package can be.`, { hint: 'Nothing was written.' });
    const chunks: Buffer[] = [];
    let got = 0;
    options.onProgress?.({ phase: 'downloading', done: 0, total });
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      arm();
      got += chunk.byteLength;
      if (got > MAX_ZIP_BYTES) throw new WorkbenchError('limits', `The code archive passed ${MAX_ZIP_BYTES} bytes, more than a Lambda package can be.`, { hint: 'Nothing was written.' });
      chunks.push(Buffer.from(chunk));
      options.onProgress?.({ phase: 'downloading', done: got, total });
    }
    return Buffer.concat(chunks, got);
  } catch (e) {
    if (e instanceof WorkbenchError || e instanceof LinkExpired) throw e;
    if (options.signal?.aborted) throw new WorkbenchError('aborted', 'The download was cancelled.');
    if (stalled) throw new WorkbenchError('network', `The code download stalled (no data for ${Math.round(idleMs / 1000)} s).`, { hint: 'Check your network connection and try again.' });
    if (isAbort(e)) throw new WorkbenchError('aborted', 'The download was cancelled.');
    throw new WorkbenchError('network', `Downloading the code failed: ${(e as Error).message}.`, { hint: 'Check your network connection and try again.', cause: e });
  } finally {
    if (idle) clearTimeout(idle);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

export async function downloadFunctionCode(options: DownloadCodeOptions): Promise<DownloadCodeResult> {
  const { service, region, functionName } = options;
  const folder = path.resolve(options.folder);
  let zip: Buffer | undefined;
  let fn;
  for (let attempt = 1; ; attempt++) {
    options.onProgress?.({ phase: 'locating' });
    fn = await service.getFunction(region, functionName, { signal: options.signal });
    if (fn.Configuration?.PackageType === 'Image') {
      throw new WorkbenchError('validation', `${functionName} is a container image function: its code is an image in ECR, not a .zip to download.`, { hint: 'Pull the image with docker instead.' });
    }
    const location = fn.Code?.Location;
    if (!location) throw new WorkbenchError('service', `GetFunction returned no code location for ${functionName}.`, { hint: 'Check that you may call lambda:GetFunction on it.' });
    try {
      zip = await fetchZip(location, options);
      break;
    } catch (e) {
      // The link lives 10 minutes: one that expired (a slow start, a paused machine) is fetched afresh once.
      if (!(e instanceof LinkExpired)) throw e;
      if (attempt >= 2) throw new WorkbenchError('network', 'The code download link was refused twice (expired or not authorised).', { hint: 'Try again; if it persists, check access to the code location.' });
    }
  }
  const config = fn.Configuration ?? {};
  if (config.CodeSha256) {
    const sha = createHash('sha256').update(zip).digest('base64');
    if (sha !== config.CodeSha256) {
      throw new WorkbenchError('service', `The downloaded code does not match the function's CodeSha256 (${config.CodeSha256}).`, { hint: 'The code may have changed during the download; try again. Nothing was written.' });
    }
  }
  options.onProgress?.({ phase: 'unzipping' });
  const plan = await planExtraction(zip, folder);
  const writeBindingFile = options.writeBindingFile ?? true;
  const bindingConflict = writeBindingFile && !plan.files.some((f) => f.rel === BINDING_FILE) && (await exists(bindingPath(folder)));
  if (bindingConflict) plan.conflicts.push(BINDING_FILE);
  const files = await writeExtraction(plan, {
    overwrite: options.overwrite,
    signal: options.signal,
    onFile: (_rel, done, total) => options.onProgress?.({ phase: 'writing', done, total }),
  });
  let bindingFile: string | undefined;
  const binding = bindingFromFunction(config, region, fn.Tags);
  if (writeBindingFile && !plan.files.some((f) => f.rel === BINDING_FILE)) bindingFile = await writeBinding(folder, binding);
  return {
    folder,
    files,
    bindingFile,
    codeSha256: config.CodeSha256,
    zipBytes: zip.length,
    unzippedBytes: plan.unzippedBytes,
    environmentVariables: Object.keys(config.Environment?.Variables ?? {}).length,
    layers: (config.Layers ?? []).map((l) => l.Arn ?? '').filter(Boolean),
  };
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
