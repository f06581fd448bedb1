/**
 * Walks a code root and decides, path by path, what goes into the package. Excluded folders are
 * not descended into, so a dev dependency or `.git/` costs one entry in the manifest, not a walk.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isInside } from '../paths';
import { BINDING_FILE } from '../config/binding';
import { WorkbenchError } from '../errors';
import { isPackageDir, packageKeyOf, type DependencyPolicy } from './dependencies';
import type { Rules } from './rules';
import type { ExcludedEntry, PackageProgress } from './types';
import type { Yielder } from './yielder';

export interface ScanEntry {
  /** POSIX path inside the zip. */
  path: string;
  /** Where to read the bytes (a link's target for links inside the root). */
  abs: string;
  size: number;
  /** Modification time and inode, for the incremental packaging cache (entryCache.ts). */
  mtimeMs: number;
  ino?: number;
  executable: boolean;
  /** A user `!pattern` named this file: secret content sniffing leaves it alone. */
  forcedIn: boolean;
  /** The bytes, for files made in memory (build outputs); `abs` is then only a label. */
  data?: Buffer;
}

export interface ScanResult {
  files: ScanEntry[];
  excluded: ExcludedEntry[];
  warnings: string[];
}

interface ScanContext {
  rootReal: string;
  rules: Rules;
  deps: DependencyPolicy;
  outFile: string | undefined;
  yielder: Yielder;
  onProgress?: (p: PackageProgress) => void;
  onFile?: (file: ScanEntry) => void;
  result: ScanResult;
}

/** Throws WorkbenchError('validation') for a missing root or one that is not a folder. */
export function realRoot(root: string): string {
  let st: Stats;
  try {
    st = statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WorkbenchError('validation', `The folder to package does not exist: ${root}${code && code !== 'ENOENT' ? ` (${code})` : ''}.`, {
      hint: 'Pass an existing folder, or fix CodeRoot in lambda-workbench.json.',
      path: root,
    });
  }
  if (!st.isDirectory()) {
    throw new WorkbenchError('validation', `The path to package is not a folder: ${root}.`, { hint: 'Pass the folder that holds the function code.', path: root });
  }
  return realpathSync(root);
}

export async function scanTree(
  root: string,
  rules: Rules,
  deps: DependencyPolicy,
  yielder: Yielder,
  /** `onFile` gets each file as it is found (in walk order), so compressing can start before the walk ends. */
  opts: { outFile?: string; onProgress?: (p: PackageProgress) => void; onFile?: (file: ScanEntry) => void } = {},
): Promise<ScanResult> {
  const rootReal = realRoot(root);
  const ctx: ScanContext = {
    rootReal,
    rules,
    deps,
    outFile: opts.outFile ? safeRealpath(opts.outFile) ?? opts.outFile : undefined,
    yielder,
    onProgress: opts.onProgress,
    onFile: opts.onFile,
    result: { files: [], excluded: [], warnings: [] },
  };
  if (deps.source === 'none' && exists(join(rootReal, 'node_modules'))) {
    ctx.result.warnings.push('There is no package.json at the code root, so node_modules is packaged as it is (dev dependencies included).');
  }
  await walkTree(ctx);
  sortByPath(ctx.result.files);
  sortByPath(ctx.result.excluded);
  return ctx.result;
}

/** A folder being walked: its entries in walk order, and the next one to visit. */
interface Frame {
  dirAbs: string;
  prefix: string;
  rel: string;
  ancestors: Set<string>;
  entries: Listed[];
  next: number;
}

/**
 * The walk is synchronous, in slices: `walk` visits entries until the yielder's slice is used up,
 * and the loop here gives the event loop its turn in between. Synchronous fs calls cost a fraction
 * of promise ones (no trip through the thread pool per file), and plain functions get optimized by
 * V8 while they run; the folders still open are kept on an explicit stack.
 */
async function walkTree(ctx: ScanContext): Promise<void> {
  const stack: Frame[] = [];
  enterDir(ctx, stack, ctx.rootReal, '', new Set([ctx.rootReal]), false);
  while (!walk(ctx, stack)) await ctx.yielder.maybeYield();
}

/** Visits entries depth first until the slice is used up (false) or the walk is done (true). */
function walk(ctx: ScanContext, stack: Frame[]): boolean {
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.next >= f.entries.length) {
      stack.pop();
      continue;
    }
    if (ctx.yielder.due()) return false;
    const { entry, name } = f.entries[f.next++]!;
    const relPath = f.rel ? `${f.rel}/${name.text}` : name.text;
    if (!name.valid) {
      visitNonUtf8(ctx, f.dirAbs, entry as Dirent<Buffer>, relPath, name.text);
      continue;
    }
    const abs = f.prefix + name.text;
    // Some file systems do not report entry types from readdir: ask lstat then.
    const kind = entry.isSymbolicLink() || entry.isDirectory() || entry.isFile() ? entry : lstatOrThrow(abs, relPath);
    if (kind.isSymbolicLink()) visitLink(ctx, stack, abs, relPath, f.ancestors);
    else if (kind.isDirectory()) visitDir(ctx, stack, abs, abs, relPath, f.ancestors);
    else if (kind.isFile()) visitFile(ctx, abs, relPath, lstatOrThrow(abs, relPath));
    else exclude(ctx, relPath, 'not-a-file', `${relPath} is not a regular file (socket, pipe or device) and was left out.`);
  }
  return true;
}

/** Lists a folder and puts it on the stack (unless it is another function's folder). */
function enterDir(ctx: ScanContext, stack: Frame[], dirAbs: string, rel: string, ancestors: Set<string>, forcedIn: boolean): void {
  let entries: Listed[];
  try {
    entries = list(dirAbs);
  } catch (e) {
    throw unreadable(rel || '.', e);
  }
  if (rel && !forcedIn && holdsOwnBinding(rel, entries)) {
    exclude(ctx, `${rel}/`, 'separate-function', `${rel}/ has its own ${BINDING_FILE} (a separately bound function) and was left out; deploy it on its own, or re-include it with "!${rel}/" in .lambdaignore.`);
    return;
  }
  // Names from readdir hold no separator and are never . or ..: plain concatenation is a join.
  const prefix = dirAbs.endsWith(sep) ? dirAbs : dirAbs + sep;
  // Folders sort as "name/": then this depth-first walk finds files in the zip's own order (plain
  // code-unit order of whole paths), and nothing downstream has to sort 10,000s of paths again.
  // (A folder "a" holds "a/x", which sorts after a sibling file "a-b": '-' < '/'.)
  for (const l of entries) l.key = isFolderLike(l.entry, prefix + l.name.text) ? `${l.name.text}/` : l.name.text;
  entries.sort((a, b) => compare(a.key, b.key));
  stack.push({ dirAbs, prefix, rel, ancestors, entries, next: 0 });
}

/** Whether an entry will be walked as a folder (a link is asked about its target; only ordering depends on it). */
function isFolderLike(entry: Dirent<Buffer> | Dirent, abs: string): boolean {
  if (entry.isDirectory()) return true;
  if (entry.isFile()) return false;
  try {
    return (entry.isSymbolicLink() ? statSync(abs) : lstatSync(abs)).isDirectory();
  } catch {
    return false;
  }
}

interface Listed {
  entry: Dirent<Buffer> | Dirent;
  name: { text: string; valid: boolean };
  /** The name to sort by (folders end with a slash). */
  key: string;
}

/**
 * A folder's entries with their names as text. Names are read as UTF-8 strings; only a folder with
 * a name that did not decode (it then holds U+FFFD) is read again as raw bytes, so that a name that
 * is not valid UTF-8 is never decoded lossily and then not found again (a misleading ENOENT).
 */
function list(dirAbs: string): Listed[] {
  const named = readdirSync(dirAbs, { withFileTypes: true });
  if (!named.some((e) => e.name.includes('\uFFFD'))) return named.map((entry) => ({ entry, name: { text: entry.name, valid: true }, key: '' }));
  return readdirSync(dirAbs, { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({ entry, name: utf8Name(entry.name), key: '' }));
}

/** A file name as text: valid UTF-8 as it is; otherwise each byte that is not part of a valid sequence as `\xNN`. */
export function utf8Name(bytes: Buffer): { text: string; valid: boolean } {
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(bytes)) return { text, valid: true };
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const seq = len ? bytes.subarray(i, i + len) : undefined;
    const decoded = seq && seq.length === len ? seq.toString('utf8') : undefined;
    if (decoded !== undefined && Buffer.from(decoded, 'utf8').equals(seq!)) {
      out += decoded;
      i += len;
    } else {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return { text: out, valid: false };
}

/**
 * A name that is not valid UTF-8 cannot be a zip entry name Lambda reads back correctly. The
 * ignore rules still apply to it (by its escaped name, so `bad*` or `*.dat` match); if none leaves
 * it out, packaging stops naming the file and saying why.
 */
function visitNonUtf8(ctx: ScanContext, dirAbs: string, entry: Dirent<Buffer>, relPath: string, escaped: string): void {
  let isDir = entry.isDirectory();
  if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) {
    try {
      isDir = lstatSync(Buffer.concat([Buffer.from(`${dirAbs}${sep}`), entry.name])).isDirectory();
    } catch {
      // Treated as a file.
    }
  }
  const verdict = ctx.rules.test(isDir ? `${relPath}/` : relPath);
  if (verdict.excluded) {
    ctx.result.excluded.push({ path: isDir ? `${relPath}/` : relPath, rule: verdict.rule!, pattern: verdict.pattern });
    return;
  }
  const stem = escaped.slice(0, escaped.indexOf('\\x'));
  throw new WorkbenchError('validation', `${relPath} has a ${isDir ? 'folder' : 'file'} name that is not valid UTF-8 (shown here with \\xNN for the bytes that are not); zip entry names must be UTF-8, so nothing was packaged or uploaded.`, {
    hint: `Rename it, or leave it out with a pattern in .lambdaignore such as ${stem ? `"${stem}*"` : '"*.ext"'}${isDir ? ' (a folder: end the pattern with /)' : ''}.`,
    path: relPath,
  });
}

function visitDir(ctx: ScanContext, stack: Frame[], readFrom: string, real: string, relPath: string, ancestors: Set<string>): void {
  const verdict = ctx.rules.test(`${relPath}/`);
  if (verdict.excluded) {
    ctx.result.excluded.push({ path: `${relPath}/`, rule: verdict.rule!, pattern: verdict.pattern });
    return;
  }
  if (isPackageDir(relPath) && !verdict.forcedIn && !ctx.deps.isProduction(relPath)) {
    ctx.result.excluded.push({ path: `${relPath}/`, rule: 'devDependency' });
    return;
  }
  const next = new Set(ancestors).add(real);
  enterDir(ctx, stack, readFrom, relPath, next, verdict.forcedIn);
}

/**
 * A sub-folder with its own binding file is another function, deployed on its own: packaging the
 * parent must not ship it too. Installed packages are left alone (a dependency may carry such a file).
 */
function holdsOwnBinding(rel: string, entries: readonly Listed[]): boolean {
  if (rel === 'node_modules' || rel.startsWith('node_modules/') || rel.includes('/node_modules/')) return false;
  return entries.some(({ entry, name }) => name.text === BINDING_FILE && !entry.isDirectory());
}

function visitFile(ctx: ScanContext, abs: string, relPath: string, st: Stats): void {
  const verdict = ctx.rules.test(relPath);
  if (verdict.excluded) {
    ctx.result.excluded.push({ path: relPath, rule: verdict.rule!, pattern: verdict.pattern });
    return;
  }
  if (ctx.outFile && abs === ctx.outFile) {
    ctx.result.excluded.push({ path: relPath, rule: 'output-file' });
    return;
  }
  const file: ScanEntry = { path: relPath, abs, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, executable: (st.mode & 0o111) !== 0, forcedIn: verdict.forcedIn };
  ctx.result.files.push(file);
  ctx.onFile?.(file);
  if (ctx.result.files.length % 500 === 0) ctx.onProgress?.({ phase: 'scanning', done: ctx.result.files.length });
}

/**
 * Links inside the root are stored as their target's content under the link's own path; links
 * that leave the root are never followed (they could pull in anything on the machine).
 */
function visitLink(ctx: ScanContext, stack: Frame[], abs: string, relPath: string, ancestors: Set<string>): void {
  const target = safeRealpath(abs);
  const pointsAt = target ?? lexicalTarget(abs);
  if (pointsAt !== undefined && isOutside(ctx.rootReal, pointsAt)) {
    exclude(ctx, relPath, 'symlink-outside-root', `${relPath} links outside the code root (to ${pointsAt}) and was skipped.`);
    return;
  }
  if (target === undefined) {
    exclude(ctx, relPath, 'symlink-broken', `${relPath} is a broken symbolic link and was left out.`);
    return;
  }
  const fromRoot = relative(ctx.rootReal, target);
  const targetKey = packageKeyOf(fromRoot.split(sep).join('/'));
  if (targetKey && !ctx.deps.isProduction(targetKey)) {
    ctx.result.excluded.push({ path: relPath, rule: 'devDependency' });
    return;
  }
  let st: Stats;
  try {
    st = statSync(target);
  } catch (e) {
    throw unreadable(relPath, e);
  }
  if (st.isDirectory()) {
    if (ancestors.has(target)) {
      exclude(ctx, relPath, 'symlink-cycle', `${relPath} links to a folder that contains it and was skipped.`);
      return;
    }
    visitDir(ctx, stack, target, target, relPath, ancestors);
  } else if (st.isFile()) {
    visitFile(ctx, target, relPath, st);
  } else {
    exclude(ctx, relPath, 'not-a-file', `${relPath} links to something that is not a regular file and was left out.`);
  }
}

function exclude(ctx: ScanContext, relPath: string, rule: ExcludedEntry['rule'], warning: string): void {
  ctx.result.excluded.push({ path: relPath, rule });
  ctx.result.warnings.push(warning);
}

function isOutside(rootReal: string, target: string): boolean {
  return !isInside(rootReal, target);
}

function lexicalTarget(link: string): string | undefined {
  try {
    return resolve(dirname(link), readlinkSync(link));
  } catch {
    return undefined;
  }
}

function lstatOrThrow(abs: string, relPath: string): Stats {
  try {
    return lstatSync(abs);
  } catch (e) {
    throw unreadable(relPath, e);
  }
}

export function unreadable(relPath: string, e: unknown): WorkbenchError {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new WorkbenchError('validation', `Cannot read ${relPath} (${code}); nothing was packaged or uploaded.`, {
    hint: 'Fix its permissions, or list it in .lambdaignore to leave it out.',
    path: relPath,
    cause: e,
  });
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Plain code-unit order: the same on every platform and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts by path in place, unless already sorted: the walk yields paths in order (see walkDir), so
 * this is usually one cheap pass; comparing long shared prefixes 200,000 times is not.
 */
export function sortByPath<T extends { path: string }>(items: T[]): T[] {
  return isSortedByPath(items) ? items : items.sort((a, b) => compare(a.path, b.path));
}

export function isSortedByPath(items: readonly { path: string }[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i - 1]!.path > items[i]!.path) return false;
  return true;
}
