/**
 * Unzipping downloaded function code into a user's folder without surprises: every entry's path
 * must stay inside the folder (no absolute paths, drive letters or `..`), symbolic links are made
 * only when their target stays inside too, the archive must unzip to at most the 250 MB the
 * service allows (each entry inflated with the bounded reader, so a bomb stops at once), and an
 * existing file is replaced only when the caller says so. Files are written through core's
 * product-file owner (no following links, atomic). Plan first, then write: a refusal writes nothing.
 */
import { lstat, mkdir, readlink, symlink, chmod } from 'node:fs/promises';
import * as path from 'node:path';
import { LIMITS } from '../config/validationRules';
import type { ZipEntryInfo } from '../config/validationZip';
import { inflateEntry, UnzipError, verifyZip, zipEntries } from '../emulator/unzip';
import { WorkbenchError, throwIfAborted } from '../errors';
import { writeProductFile } from '../files/productFile';

export interface ExtractionPlan {
  root: string;
  files: { rel: string; entry: ZipEntryInfo }[];
  dirs: string[];
  links: { rel: string; target: string }[];
  /** Files (relative paths) that exist already and would be replaced. */
  conflicts: string[];
  unzippedBytes: number;
}

/** A relative, forward-slash path inside the folder, or undefined when the name would escape it. */
export function safeEntryPath(name: string): string | undefined {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\0')) return undefined;
  const parts = n.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  return parts.join('/');
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function existing(file: string): Promise<'file' | 'other' | undefined> {
  try {
    const st = await lstat(file);
    return st.isFile() ? 'file' : 'other';
  } catch {
    return undefined;
  }
}

async function entryBytes(buf: Buffer, entry: ZipEntryInfo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of inflateEntry(buf, entry)) chunks.push(c);
  return Buffer.concat(chunks);
}

function unzipError(e: unknown): WorkbenchError {
  if (e instanceof UnzipError) {
    const over = /over the \d+-byte limit/.test(e.message);
    return new WorkbenchError(over ? 'limits' : 'validation', `The function's code archive cannot be unzipped safely: ${e.message}.`, {
      hint: over ? `Lambda allows ${LIMITS.unzippedBytes} bytes unzipped; nothing was written.` : 'Nothing was written.',
      cause: e,
    });
  }
  return e as WorkbenchError;
}

/** Checks the archive against the folder; throws before anything is written. */
export async function planExtraction(zip: Uint8Array, root: string): Promise<ExtractionPlan & { buf: Buffer }> {
  let buf: Buffer;
  let list: ZipEntryInfo[];
  try {
    ({ buf, list } = zipEntries(zip));
  } catch (e) {
    throw unzipError(e);
  }
  const plan: ExtractionPlan & { buf: Buffer } = { root: path.resolve(root), files: [], dirs: [], links: [], conflicts: [], unzippedBytes: 0, buf };
  const seen = new Set<string>();
  for (const entry of list) {
    const rel = safeEntryPath(entry.name);
    if (!rel) {
      throw new WorkbenchError('validation', `The code archive has an entry that would be written outside the folder: "${entry.name.slice(0, 200)}".`, {
        hint: 'Nothing was written. The archive is not what Lambda itself would accept from a normal package.',
        details: { entry: entry.name.slice(0, 200) },
      });
    }
    plan.unzippedBytes += entry.uncompressedSize;
    if (entry.isDirectory) {
      plan.dirs.push(rel);
      continue;
    }
    if (seen.has(rel)) throw new WorkbenchError('validation', `The code archive holds "${rel}" twice.`, { hint: 'Nothing was written.' });
    seen.add(rel);
    if (entry.isSymlink) {
      if (entry.uncompressedSize > 4096) throw new WorkbenchError('validation', `The symbolic link "${rel}" in the code archive is malformed.`, { hint: 'Nothing was written.' });
      const target = (await entryBytes(buf, entry).catch((e: unknown) => Promise.reject(unzipError(e)))).toString('utf8');
      const resolved = path.resolve(plan.root, path.dirname(rel), target);
      if (path.isAbsolute(target) || !inside(plan.root, resolved)) {
        throw new WorkbenchError('validation', `The code archive has a symbolic link that points outside the folder: "${rel}" → "${target.slice(0, 200)}".`, {
          hint: 'Nothing was written. Links may only point inside the function\'s code.',
          details: { entry: rel, target: target.slice(0, 200) },
        });
      }
      plan.links.push({ rel, target });
    } else plan.files.push({ rel, entry });
    const there = await existing(path.join(plan.root, rel));
    if (there) plan.conflicts.push(rel);
  }
  // Every entry inflates to exactly what it declares, before a single file is written.
  try {
    await verifyZip(zip);
  } catch (e) {
    throw unzipError(e);
  }
  return plan;
}

/**
 * Writes the plan. Existing files are replaced only with `overwrite`; otherwise the call throws
 * WorkbenchError('conflict') listing them (details.conflicts) and writes nothing.
 */
export async function writeExtraction(plan: ExtractionPlan & { buf: Buffer }, options: { overwrite?: boolean; signal?: AbortSignal; onFile?: (rel: string, done: number, total: number) => void } = {}): Promise<string[]> {
  if (plan.conflicts.length && !options.overwrite) {
    const shown = plan.conflicts.slice(0, 5).join(', ');
    throw new WorkbenchError('conflict', `${plan.conflicts.length} file${plan.conflicts.length === 1 ? '' : 's'} in ${plan.root} would be replaced: ${shown}${plan.conflicts.length > 5 ? ', …' : ''}.`, {
      hint: 'Nothing was written. Choose an empty folder, or confirm replacing them.',
      details: { conflicts: plan.conflicts },
    });
  }
  await mkdir(plan.root, { recursive: true });
  for (const d of plan.dirs) await mkdir(path.join(plan.root, d), { recursive: true });
  const written: string[] = [];
  let done = 0;
  for (const { rel, entry } of plan.files) {
    throwIfAborted(options.signal, 'The download');
    let data: Buffer;
    try {
      data = await entryBytes(plan.buf, entry);
    } catch (e) {
      throw unzipError(e);
    }
    const file = await writeProductFile(path.join(plan.root, rel), data, { within: plan.root, label: 'Download Code' });
    if (entry.mode !== undefined && entry.mode & 0o111) await chmod(file, 0o755);
    written.push(rel);
    options.onFile?.(rel, ++done, plan.files.length);
  }
  for (const link of plan.links) {
    const at = path.join(plan.root, link.rel);
    await mkdir(path.dirname(at), { recursive: true });
    const there = await existing(at);
    if (there === 'other') {
      const current = await readlink(at).catch(() => undefined);
      if (current === link.target) continue;
    }
    if (there) {
      throw new WorkbenchError('conflict', `${at} exists; the archive has a symbolic link there.`, { hint: 'Remove it yourself or choose an empty folder.' });
    }
    await symlink(link.target, at);
    written.push(link.rel);
  }
  return written;
}
