/**
 * The one owner of "the product writes a file the user will see": package zips (`package --out`),
 * saved events, the binding file, and later downloaded code. The rules, so nothing the user owns
 * is ever replaced by surprise:
 * - a target that exists and is not a regular file (a device such as /dev/null, a FIFO, a socket,
 *   a folder) is refused, and so is a symbolic link: it is never followed and never replaced;
 * - for archives (`kind: 'zip'`), an existing regular file is replaced only when it already is a
 *   zip archive (checked by its magic bytes), and inside the folder being packaged only when its
 *   name also ends in `.zip`, so `--out src/index.js` can never replace a source file;
 * - `within` keeps the file inside a folder by real path (a symlinked parent cannot lead out);
 * - the bytes go to a fresh temporary file beside the target (created exclusively, never through a
 *   link) that is then renamed over it, so a failed write leaves the old file whole.
 * Refusals are WorkbenchError('validation') (CLI exit 2) that name the file and say why.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { chmod, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { WorkbenchError } from '../errors';
import { describeKind } from './regularFile';

export interface ProductFileOptions {
  /** 'zip': only an existing zip archive may be replaced. 'text' (default): an existing regular file may be. */
  kind?: 'zip' | 'text';
  /**
   * The folder being packaged (for zips): an existing file inside it is replaced only when it is
   * named `.zip` and is a zip archive.
   */
  sourceRoot?: string;
  /** The file must stay inside this folder (compared by real path). */
  within?: string;
  /** Create missing parent folders (default true). */
  createParents?: boolean;
  /** Words for messages, e.g. "--out" or "The saved event". */
  label?: string;
}

/** Local file headers, the empty-archive end record, and a spanned archive's marker. */
const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1'), Buffer.from('PK\x07\x08', 'latin1')];

function refuse(file: string, label: string | undefined, why: string, hint: string): WorkbenchError {
  return new WorkbenchError('validation', `${label ? `${label}: ` : ''}refusing to write ${file}: ${why}. Nothing was written.`, { hint, path: file });
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new WorkbenchError('validation', `Cannot write ${file}: a part of its path is a file, not a folder.`, { hint: 'Choose another path.', path: file });
    throw new WorkbenchError('validation', `Cannot write ${file} (${code ?? (e as Error).message}).`, { hint: 'Check the path and its permissions.', path: file, cause: e });
  }
}


/** True when the file starts with a zip signature. Reads 4 bytes, without following links. */
export function isZipArchive(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return n === 4 && ZIP_MAGIC.some((m) => m.equals(head));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The real path of the nearest existing ancestor, with the rest appended: where the file would really land. */
function realTarget(file: string): string {
  const rest: string[] = [];
  let dir = file;
  for (;;) {
    try {
      return path.join(realpathSync(dir), ...rest.reverse());
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return file;
      rest.push(path.basename(dir));
      dir = up;
    }
  }
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Checks that `file` may be written under the rules above; throws WorkbenchError('validation')
 * otherwise. Call it before long work (packaging) so a bad target fails first; writeProductFile
 * checks again.
 */
export function checkProductFile(file: string, options: ProductFileOptions = {}): void {
  const abs = path.resolve(file);
  const { label } = options;
  const st = lstatOrUndefined(abs);
  if (st?.isSymbolicLink()) {
    throw refuse(abs, label, 'it is a symbolic link (it is never followed or replaced)', 'Write to the real file path, or remove the link first.');
  }
  if (st && !st.isFile()) {
    throw refuse(abs, label, `it exists and is ${describeKind(st)}`, 'Choose the path of a new or existing regular file.');
  }
  const real = realTarget(abs);
  if (options.within && !inside(realOr(options.within), real)) {
    throw refuse(abs, label, `it would land outside ${options.within} (at ${real})`, 'Check for symbolic links in the path.');
  }
  if (!st || options.kind !== 'zip') return;
  const inSource = options.sourceRoot !== undefined && inside(realOr(options.sourceRoot), real);
  if (inSource && !abs.toLowerCase().endsWith('.zip')) {
    throw refuse(abs, label, `it is an existing file inside the folder being packaged (${options.sourceRoot}), not a .zip`, 'Write the package to a new path, or to a .zip file.');
  }
  if (!isZipArchive(abs)) {
    throw refuse(abs, label, 'it exists and is not a zip archive, so it is not an earlier package', 'Write the package to a new path, or delete the file yourself first.');
  }
}

/**
 * Writes `data` to `file` after checkProductFile's checks, atomically: a new temporary file beside
 * it (exclusive create, so never through a link), then a rename. An existing file keeps its mode.
 * Returns the absolute path written.
 */
export async function writeProductFile(file: string, data: string | Uint8Array, options: ProductFileOptions = {}): Promise<string> {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  // Before creating folders (a symlinked parent must not get folders made through it) and after.
  checkProductFile(abs, options);
  if (options.createParents !== false) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new WorkbenchError('validation', `Cannot create the folder ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, {
        hint: 'Choose a writable path.',
        path: abs,
        cause: e,
      });
    }
  }
  checkProductFile(abs, options);
  const existingMode = lstatOrUndefined(abs)?.mode;
  const tmp = path.join(dir, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx', mode: 0o644 });
    if (existingMode !== undefined) await chmod(tmp, existingMode & 0o7777);
    await rename(tmp, abs);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new WorkbenchError('validation', `Cannot write ${abs} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, {
      hint: 'Check that the folder is writable.',
      path: abs,
      cause: e,
    });
  }
  return abs;
}
