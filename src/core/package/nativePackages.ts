/**
 * Packages with native addons (`.node` files): esbuild cannot bundle them, so the build keeps them
 * external and the package ships them in node_modules. Their binaries are checked against the
 * function's platform (Lambda runs Linux on x86_64 or arm64) from the file headers.
 */
import { closeSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { packageKeyOf } from './dependencies';

/** Bound on directory entries walked while looking for addons (a huge node_modules is still bounded). */
const MAX_ENTRIES = 400_000;

export interface NativePackage {
  /** The package name, e.g. `sharp` or `@scope/addon`. */
  name: string;
  /** Its folder relative to the root, e.g. `node_modules/sharp`. */
  key: string;
  /** Its addon files, relative to the root. */
  addons: string[];
}

/** The package name a package folder key ends with. */
export function packageNameOf(key: string): string {
  const parts = key.split('/');
  const last = parts[parts.length - 1];
  const scope = parts[parts.length - 2];
  return scope?.startsWith('@') ? `${scope}/${last}` : last;
}

/** Every installed package (top-level or nested) that holds a `.node` file. */
export function findNativePackages(root: string): NativePackage[] {
  const byKey = new Map<string, NativePackage>();
  let budget = MAX_ENTRIES;
  const walk = (rel: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (--budget < 0) return;
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== '.bin' && e.name !== '.cache') walk(path);
      } else if (e.isFile() && e.name.endsWith('.node')) {
        const key = packageKeyOf(path);
        if (!key) continue;
        const pkg = byKey.get(key) ?? { name: packageNameOf(key), key, addons: [] };
        pkg.addons.push(path);
        byKey.set(key, pkg);
      }
    }
  };
  walk('node_modules');
  return [...byKey.values()];
}

export type BinaryPlatform = { os: 'linux'; cpu: 'x86_64' | 'arm64' | 'other' } | { os: 'macos' | 'windows' | 'unknown' };

/** What a native addon was built for, from its first bytes (ELF / Mach-O / PE headers). */
export function binaryPlatform(file: string): BinaryPlatform {
  const head = Buffer.alloc(20);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return { os: 'unknown' };
  }
  if (n >= 20 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') {
    const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
    return { os: 'linux', cpu: machine === 0x3e ? 'x86_64' : machine === 0xb7 ? 'arm64' : 'other' };
  }
  if (n >= 4) {
    const magic = head.readUInt32BE(0);
    if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return { os: 'macos' };
    if (head[0] === 0x4d && head[1] === 0x5a) return { os: 'windows' };
  }
  return { os: 'unknown' };
}

/** A warning when an addon will not load on Lambda for the given architecture, else undefined. */
export function platformWarning(root: string, addon: string, architecture: 'x86_64' | 'arm64'): string | undefined {
  const p = binaryPlatform(join(root, addon));
  const want = `Linux ${architecture}`;
  const fix = `Install it for Lambda (e.g. npm install --os=linux --cpu=${architecture === 'arm64' ? 'arm64' : 'x64'}), or change Architectures.`;
  if (p.os === 'linux' && p.cpu !== architecture) return `${addon} is a native addon built for Linux ${p.cpu}, but the function runs on ${want}: it will fail to load. ${fix}`;
  if (p.os === 'macos' || p.os === 'windows') return `${addon} is a native addon built for ${p.os === 'macos' ? 'macOS' : 'Windows'}, but the function runs on ${want}: it will fail to load. ${fix}`;
  return undefined;
}
