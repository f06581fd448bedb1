/**
 * Which installed packages are production dependencies, worked out locally (no network): the npm
 * lockfile's `dev` flags when there is one, otherwise Node's own resolution walked from the root
 * package.json through `dependencies`, `optionalDependencies` and `peerDependencies`.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../errors';

export interface DependencyPolicy {
  /** `key` is a package folder relative to the root, e.g. `node_modules/a/node_modules/@s/b`. */
  isProduction(key: string): boolean;
  /** Where the verdicts come from, for the manifest's warnings. */
  source: 'lockfile' | 'package.json' | 'none';
  lockfile?: string;
}

type DepMap = Record<string, string> | undefined;
interface PackageJson {
  dependencies?: DepMap;
  optionalDependencies?: DepMap;
  peerDependencies?: DepMap;
}

/** True when `relDir` (POSIX, no trailing slash) is an installed package's folder. */
export function isPackageDir(relDir: string): boolean {
  // Asked for every folder of a walk: the last three segments by index, without splitting the path.
  const last = relDir.lastIndexOf('/');
  if (last < 0) return false;
  const before = relDir.lastIndexOf('/', last - 1);
  const parent = relDir.slice(before + 1, last);
  if (parent === 'node_modules') return relDir[last + 1] !== '@' && relDir[last + 1] !== '.';
  return before >= 0 && parent.startsWith('@') && relDir.slice(relDir.lastIndexOf('/', before - 1) + 1, before) === 'node_modules';
}

/** The innermost package folder that contains `relPath`, or undefined outside node_modules. */
export function packageKeyOf(relPath: string): string | undefined {
  const parts = relPath.replace(/\/$/, '').split('/');
  for (let i = parts.length - 1; i >= 1; i--) {
    const dir = parts.slice(0, i + 1).join('/');
    if (isPackageDir(dir)) return dir;
  }
  return undefined;
}

export function loadDependencyPolicy(root: string): DependencyPolicy {
  const pkg = readJson<PackageJson>(join(root, 'package.json'), 'package.json');
  if (!pkg) return { source: 'none', isProduction: () => true };
  const lock = readLockfile(root);
  let walked: Set<string> | undefined;
  const byResolution = (key: string) => (walked ??= resolveProduction(root, pkg)).has(key);
  if (!lock) return { source: 'package.json', isProduction: byResolution };
  return {
    source: 'lockfile',
    lockfile: lock.file,
    // A package the lockfile does not know (installed with --no-save, or a stale lockfile) falls
    // back to resolution, which is what the runtime will actually do.
    isProduction: (key) => {
      const dev = lock.dev.get(key);
      return dev === undefined ? byResolution(key) : !dev;
    },
  };
}

interface Lock {
  file: string;
  /** package key -> true when only devDependencies reach it. */
  dev: Map<string, boolean>;
}

interface LockEntry {
  dev?: boolean;
  extraneous?: boolean;
  dependencies?: Record<string, LockEntry>;
}

/**
 * npm's hidden lockfile mirrors what is installed, so it is preferred; then the shrinkwrap, then
 * package-lock.json. v2/v3 lockfiles carry a flat `packages` map; v1 a nested `dependencies` tree.
 */
function readLockfile(root: string): Lock | undefined {
  for (const name of ['node_modules/.package-lock.json', 'npm-shrinkwrap.json', 'package-lock.json']) {
    const file = join(root, name);
    const json = readJson<{ packages?: Record<string, LockEntry>; dependencies?: Record<string, LockEntry> }>(file, name);
    if (!json) continue;
    const dev = new Map<string, boolean>();
    if (json.packages && typeof json.packages === 'object') {
      for (const [key, entry] of Object.entries(json.packages)) {
        if (key === '' || !entry || typeof entry !== 'object' || entry.extraneous) continue;
        dev.set(key, entry.dev === true);
      }
    } else if (json.dependencies && typeof json.dependencies === 'object') {
      const visit = (deps: Record<string, LockEntry>, prefix: string) => {
        for (const [name, entry] of Object.entries(deps)) {
          if (!entry || typeof entry !== 'object') continue;
          const key = `${prefix}node_modules/${name}`;
          if (!entry.extraneous) dev.set(key, entry.dev === true);
          if (entry.dependencies) visit(entry.dependencies, `${key}/`);
        }
      };
      visit(json.dependencies, '');
    } else continue;
    return { file, dev };
  }
  return undefined;
}

/** Node's module resolution from the root package.json, restricted to folders under the root. */
function resolveProduction(root: string, rootPkg: PackageJson): Set<string> {
  return dependencyClosure(root, [{ from: '', names: dependencyNames(rootPkg) }]);
}

/**
 * Every installed package folder reached from `seeds` (a package name looked up from a folder, as
 * require() would) and, transitively, through each package's dependencies, optionalDependencies
 * and peerDependencies. Names that are not installed are skipped (optional dependencies often are not).
 */
export function dependencyClosure(root: string, seeds: ReadonlyArray<{ from: string; names: readonly string[] }>): Set<string> {
  const found = new Set<string>();
  const queue = [...seeds];
  while (queue.length) {
    const { from, names } = queue.shift()!;
    for (const name of names) {
      const key = resolveFrom(root, from, name);
      if (!key || found.has(key)) continue;
      found.add(key);
      // An installed package's manifest is not ours to validate: a broken one just ends the walk there.
      queue.push({ from: key, names: dependencyNames(readJson<PackageJson>(join(root, key, 'package.json'), `${key}/package.json`, false) ?? {}) });
    }
  }
  return found;
}

function dependencyNames(pkg: PackageJson): string[] {
  const names = new Set<string>();
  for (const map of [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies]) {
    if (map && typeof map === 'object') for (const n of Object.keys(map)) names.add(n);
  }
  return [...names];
}

/** Looks in `<dir>/node_modules/<name>` for `from` and each ancestor, as require() does. */
export function resolveFrom(root: string, from: string, name: string): string | undefined {
  const parts = from ? from.split('/') : [];
  for (let i = parts.length; i >= 0; i--) {
    if (i > 0 && parts[i - 1] === 'node_modules') continue;
    const dir = parts.slice(0, i).join('/');
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    try {
      if (statSync(join(root, key)).isDirectory()) return key;
    } catch {
      // not installed at this level: keep walking up
    }
  }
  return undefined;
}

function readJson<T>(file: string, label: string, strict = true): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    if (!strict) return undefined;
    throw new WorkbenchError('validation', `${label} is not valid JSON: ${(e as Error).message}`, {
      hint: 'Fix the file (or run npm install to regenerate a lockfile) so production dependencies can be worked out.',
      path: file,
    });
  }
}
