/**
 * The packaging pipeline: scan -> limits -> compress -> zip -> hash -> manifest. Runs wherever it
 * is called (the packaging worker thread, or the caller's thread with `thread: 'main'`).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { WorkbenchError } from '../errors';
import { Compressor, ZippedLimitExceeded } from './compress';
import { loadDependencyPolicy } from './dependencies';
import { EntryCache } from './entryCache';
import { checkHandlerFile } from './handlerFile';
import { checkRuntimeFit } from './runtimeFit';
import { buildFiles } from './builtPackage';
import { planBuild } from './buildPlan';
import { biggestOffenders, limitError } from './limits';
import { buildRules } from './rules';
import { compare, realRoot, scanTree } from './scan';
import {
  LAMBDA_UNZIPPED_LIMIT,
  LAMBDA_ZIPPED_LIMIT,
  type ExcludedEntry,
  type PackageManifest,
  type PackageOptions,
  type PackageProgress,
  type PackageResult,
} from './types';
import { createYielder } from './yielder';
import { writeZip } from './zipWriter';

/** The options that cross a thread boundary (no functions, no signal). */
export type PackagerSettings = Omit<PackageOptions, 'signal' | 'onProgress' | 'thread'>;

export async function runPackager(
  root: string,
  settings: PackagerSettings,
  run: { signal?: AbortSignal; onProgress?: (p: PackageProgress) => void; sliceMs: number },
): Promise<PackageResult> {
  const yielder = createYielder(run.sliceMs, run.signal);
  const rootReal = realRoot(root);
  const limits = { zippedBytes: settings.limits?.zippedBytes ?? LAMBDA_ZIPPED_LIMIT, unzippedBytes: settings.limits?.unzippedBytes ?? LAMBDA_UNZIPPED_LIMIT };
  const rules = buildRules(settings.ignoreFiles ?? [join(rootReal, '.lambdaignore')], settings.includeSecrets === true, settings.excludes);
  const deps = loadDependencyPolicy(rootReal);

  run.onProgress?.({ phase: 'scanning', done: 0 });
  const ignoreFiles = settings.ignoreFiles ?? [join(rootReal, '.lambdaignore')];
  const plan = planBuild(rootReal, { build: settings.build, handler: settings.handler, runtime: settings.runtime, sourcemap: settings.sourceMapsForDebugger });
  const built = plan
    ? await buildFiles(rootReal, plan, { includeSecrets: settings.includeSecrets, excludes: settings.excludes, ignoreFiles, outFile: settings.outFile, architecture: settings.architecture }, yielder, run.onProgress)
    : undefined;
  const level = settings.level ?? 6;
  const cache = settings.incremental === false ? undefined : EntryCache.open(rootReal, level);
  let scan;
  let outcome;
  let zip: Buffer;
  let codeSha256: string;
  try {
    // Compressing starts while the tree is still being walked (on helper threads: see compress.ts).
    const compressor = new Compressor({ level, yielder, maxZippedBytes: limits.zippedBytes, onProgress: run.onProgress, cache });
    try {
      scan = built ?? (await scanTree(rootReal, rules, deps, yielder, { outFile: settings.outFile, onProgress: run.onProgress, onFile: (f) => compressor.offer(f) }));
      if (built) for (const f of built.files) compressor.offer(f);
      if (scan.files.length === 0) {
        throw new WorkbenchError(
          'validation',
          scan.excluded.length
            ? `Nothing to package: every entry in ${rootReal} was excluded (${scan.excluded.length} by the default, secret or .lambdaignore rules).`
            : `Nothing to package: ${rootReal} is empty.`,
          { hint: 'Point at the folder that holds the function code (CodeRoot in lambda-workbench.json), or loosen .lambdaignore.', path: rootReal },
        );
      }

      const unzipped = scan.files.reduce((n, f) => n + f.size, 0);
      if (unzipped > limits.unzippedBytes) {
        throw limitError('unzipped', unzipped, limits.unzippedBytes, biggestOffenders(scan.files), rootReal);
      }
      outcome = await compressor.finish();
    } catch (e) {
      if (e instanceof ZippedLimitExceeded) {
        throw limitError('zipped', e.zippedSoFar, limits.zippedBytes, biggestOffenders(scan?.files ?? []), rootReal, true);
      }
      throw e;
    } finally {
      compressor.close();
    }

    run.onProgress?.({ phase: 'writing' });
    zip = await writeZip(outcome.entries, yielder);
    if (zip.length > limits.zippedBytes) {
      const compressed = outcome.entries.map((e) => ({ path: e.path, size: e.compressedSize }));
      throw limitError('zipped', zip.length, limits.zippedBytes, biggestOffenders(compressed), rootReal);
    }
    codeSha256 = await sha256Base64(zip, yielder);
    cache?.save();
  } finally {
    cache?.close();
  }

  const excluded: ExcludedEntry[] = [...scan.excluded, ...outcome.privateKeys.map((path) => ({ path, rule: 'secret-content' as const }))];
  excluded.sort((a, b) => compare(a.path, b.path));
  const secretsExcluded = excluded.filter((e) => e.rule === 'secret' || e.rule === 'secret-content').map((e) => e.path);
  const warnings = [...scan.warnings];
  if (secretsExcluded.length) {
    warnings.push(
      `Left out ${secretsExcluded.length} possible secret${secretsExcluded.length === 1 ? '' : 's'}: ${secretsExcluded.slice(0, 5).join(', ')}${secretsExcluded.length > 5 ? ', ...' : ''}. Re-include one with a "!pattern" line in .lambdaignore.`,
    );
  }
  const manifest: PackageManifest = {
    root: rootReal,
    codeSha256,
    zipBytes: zip.length,
    unzippedBytes: outcome.entries.reduce((n, e) => n + e.size, 0),
    fileCount: outcome.entries.length,
    files: outcome.entries.map((e) => ({ path: e.path, size: e.size, compressedSize: e.compressedSize, mode: e.executable ? '0755' : '0644' })),
    excluded,
    secretsExcluded,
    warnings,
    ...(cache && { incremental: { reused: cache.hits, compressed: cache.misses } }),
  };
  if (built) {
    manifest.build = built.build;
    manifest.handler = built.build.handler;
  } else if (settings.handler) manifest.handler = settings.handler;
  // Before anything is uploaded: a Runtime that cannot run this code (python3.12 for a Node folder).
  const misfit = checkRuntimeFit(settings.runtime, manifest.files.map((f) => f.path));
  if (misfit) warnings.push(misfit);
  if (manifest.handler && !misfit) {
    const check = checkHandlerFile(manifest.handler, new Set(manifest.files.map((f) => f.path)));
    manifest.handlerFile = { handler: check.handler, found: check.found, candidates: check.candidates };
    if (check.warning) warnings.push(check.warning);
  }
  return { zip, manifest };
}

/** Hashes in 4 MB slices so a 50 MB zip never holds the thread for long. */
async function sha256Base64(buf: Buffer, yielder: { maybeYield(): Promise<void> }): Promise<string> {
  const hash = createHash('sha256');
  const SLICE = 4 * 1024 * 1024;
  for (let i = 0; i < buf.length; i += SLICE) {
    hash.update(buf.subarray(i, i + SLICE));
    await yielder.maybeYield();
  }
  return hash.digest('base64');
}
