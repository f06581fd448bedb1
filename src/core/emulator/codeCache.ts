/**
 * Unzips function code into a temp dir once per CodeSha256, for invokers that need files on disk.
 * Everything lives under one root that close() removes.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZip } from './unzip';

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

  /**
   * The directory standing for /opt: the layers' zips unzipped in order into one folder, later ones
   * over earlier ones, as Lambda extracts a function's layers. Extracted once per list of contents.
   */
  optDirFor(zips: Buffer[]): Promise<string> {
    const key = `opt-${createHash('sha256').update(zips.map((z) => createHash('sha256').update(z).digest('hex')).join(',')).digest('hex')}`;
    let dir = this.dirs.get(key);
    if (!dir) {
      dir = (async () => {
        this.root ??= mkdtemp(join(tmpdir(), 'lw-emulator-'));
        const target = join(await this.root, key);
        for (const zip of zips) await extractZip(zip, target);
        return target;
      })();
      this.dirs.set(key, dir);
      dir.catch(() => this.dirs.delete(key));
    }
    return dir;
  }

  private async extract(zip: Buffer, key: string): Promise<string> {
    this.root ??= mkdtemp(join(tmpdir(), 'lw-emulator-'));
    const dir = join(await this.root, key);
    // Bounded like the service's unzip: no entry inflates past its declared size (zip bombs stop at once).
    await extractZip(zip, dir);
    return dir;
  }

  async dispose(): Promise<void> {
    const root = this.root;
    this.root = undefined;
    this.dirs.clear();
    if (root) await rm(await root, { recursive: true, force: true });
  }
}
