/**
 * Paths on every OS, in one place: whether a path is inside a folder, and a file's POSIX path
 * relative to a folder (what zip entries, handler strings and .lambdaignore patterns use). Every
 * function takes the path flavour as a parameter (default: this OS's), so the Windows rules (drive
 * letters, `\`, case-insensitive names) are unit-tested on Linux with `path.win32`.
 */
import * as nodePath from 'node:path';

export type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

/** Windows and macOS file systems ignore case by default: `C:\Proj` and `c:\proj` are one folder. */
export function ignoresCase(p: PathApi = nodePath, platform: NodeJS.Platform = process.platform): boolean {
  return p.sep === '\\' || (p === nodePath && platform === 'darwin');
}

/** `child` relative to `parent`, or undefined when it is not inside (or is on another drive). */
function relativeInside(parent: string, child: string, p: PathApi, platform: NodeJS.Platform): string | undefined {
  let a = p.resolve(parent);
  let b = p.resolve(child);
  if (ignoresCase(p, platform)) {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  const rel = p.relative(a, b);
  if (rel === '') return '';
  if (p.isAbsolute(rel) || rel === '..' || rel.startsWith(`..${p.sep}`) || rel.startsWith('../')) return undefined;
  return rel;
}

/** True when `child` is `parent` or below it. */
export function isInside(parent: string, child: string, p: PathApi = nodePath, platform: NodeJS.Platform = process.platform): boolean {
  return relativeInside(parent, child, p, platform) !== undefined;
}

/**
 * `file`'s path relative to `root` with `/` separators and the file's own spelling of names, or
 * undefined when the file is outside `root`.
 */
export function posixRelative(root: string, file: string, p: PathApi = nodePath, platform: NodeJS.Platform = process.platform): string | undefined {
  const rel = relativeInside(root, file, p, platform);
  if (rel === undefined) return undefined;
  // Take the names as the file path spells them (the lower-cased comparison only decided inside-ness).
  const abs = p.resolve(file);
  const tail = rel === '' ? '' : abs.slice(abs.length - rel.length);
  return tail.split(p.sep).join('/');
}
