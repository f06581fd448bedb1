/**
 * Unzips function code into a temp dir once per CodeSha256, for invokers that need files on disk.
 * Everything lives under one root that close() removes.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import JSZip from 'jszip';

export class CodeCache {
  private root: Promise<string> | undefined;
  private readonly dirs = new Map<string, Promise<string>>();

  /** The directory holding `zip` unzipped; extracted on first use. */
  dirFor(zip: Buffer): Promise<string> {
    const key = createHash('sha256').update(zip).digest('hex');
    let dir = this.dirs.get(key);
    if (!dir) {
      dir = this.extract(zip, key);
      this.dirs.set(key, dir);
      dir.catch(() => this.dirs.delete(key));
    }
    return dir;
  }

  private async extract(zip: Buffer, key: string): Promise<string> {
    this.root ??= mkdtemp(join(tmpdir(), 'lw-emulator-'));
    const dir = join(await this.root, key);
    const archive = await JSZip.loadAsync(zip);
    await mkdir(dir, { recursive: true });
    for (const entry of Object.values(archive.files)) {
      const target = resolve(dir, entry.name);
      // A zip entry may not escape the code directory ("zip slip").
      if (target !== dir && !target.startsWith(dir + sep)) continue;
      if (entry.dir) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      const mode = entry.unixPermissions && typeof entry.unixPermissions === 'number' ? entry.unixPermissions & 0o777 : 0o644;
      await writeFile(target, await entry.async('nodebuffer'), { mode: mode | 0o400 });
    }
    return dir;
  }

  async dispose(): Promise<void> {
    const root = this.root;
    this.root = undefined;
    this.dirs.clear();
    if (root) await rm(await root, { recursive: true, force: true });
  }
}
