/**
 * Where a binding's `CodeRoot` really is. A committed binding file must never make a deploy upload
 * (or an invoke run) anything outside its own folder, so the folder is resolved by real path
 * (symbolic links followed) and refused when it lands outside the binding file's folder, before
 * anything is scanned.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { WorkbenchError } from '../errors';
import { isInside } from '../paths';
import { BINDING_FILE } from './binding';

/** True when a relative CodeRoot climbs out of its folder by `..` alone (no file system needed). */
export function codeRootEscapes(codeRoot: string): boolean {
  const norm = path.posix.normalize(codeRoot.replace(/\\/g, '/'));
  return norm === '..' || norm.startsWith('../');
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * The folder to package or run for a workspace folder and its binding's CodeRoot (the folder itself
 * when there is none). Throws WorkbenchError('validation', path `$.CodeRoot`) when the real path is
 * outside `folder`. A CodeRoot that does not exist yet is returned as it is (packaging reports it).
 */
export function resolveCodeRoot(folder: string, codeRoot: string | undefined): string {
  const base = path.resolve(folder);
  if (!codeRoot) return base;
  const lexical = path.resolve(base, codeRoot);
  const baseReal = real(base);
  const target = real(lexical);
  if (codeRootEscapes(codeRoot) || !isInside(baseReal, target)) {
    throw new WorkbenchError('validation', `${path.join(base, BINDING_FILE)}: $.CodeRoot ${JSON.stringify(codeRoot)} resolves to ${target}, outside the folder ${baseReal}; nothing was packaged or run.`, {
      hint: 'CodeRoot must be a folder inside the workspace folder (such as "dist"); a symbolic link may not lead out of it either.',
      path: '$.CodeRoot',
      details: { file: path.join(base, BINDING_FILE) },
    });
  }
  return lexical;
}
