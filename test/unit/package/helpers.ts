/** Temp trees and a second zip reader (yauzl) for the packager's tests. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as yauzl from 'yauzl';

export type TreeSpec = Record<string, string | Buffer | { link: string } | { content: string | Buffer; mode: number }>;

const made: string[] = [];

/** Creates a temp folder holding `spec` (paths use `/`; a `{ link }` makes a symlink). */
export function makeTree(spec: TreeSpec, parent?: string): string {
  const root = parent ?? mkdtempSync(join(tmpdir(), 'lw-pkg-'));
  if (!parent) made.push(root);
  for (const [rel, value] of Object.entries(spec)) {
    const abs = join(root, ...rel.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof value === 'string' || Buffer.isBuffer(value)) writeFileSync(abs, value);
    else if ('link' in value) symlinkSync(value.link, abs);
    else {
      writeFileSync(abs, value.content);
      chmodSync(abs, value.mode);
    }
  }
  return root;
}

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lw-pkg-'));
  made.push(d);
  return d;
}

export function cleanupTrees(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface ZipEntryInfo {
  name: string;
  /** Unix mode from the external attributes' high 16 bits. */
  mode: number;
  madeBy: number;
  compressionMethod: number;
  crc32: number;
  uncompressedSize: number;
  dosDate: number;
  dosTime: number;
  extraFieldLength: number;
  content: Buffer;
}

/** Reads every entry back with yauzl (a reader independent of jszip). */
export function readZip(zip: Buffer): Promise<ZipEntryInfo[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error('no zip'));
      const out: ZipEntryInfo[] = [];
      file.on('error', reject);
      file.on('end', () => resolve(out));
      file.on('entry', (e: yauzl.Entry) => {
        const base = {
          name: e.fileName,
          mode: (e.externalFileAttributes >>> 16) & 0xffff,
          madeBy: e.versionMadeBy,
          compressionMethod: e.compressionMethod,
          crc32: e.crc32,
          uncompressedSize: e.uncompressedSize,
          dosDate: e.lastModFileDate,
          dosTime: e.lastModFileTime,
          extraFieldLength: e.extraFields.length,
        };
        if (e.fileName.endsWith('/')) {
          out.push({ ...base, content: Buffer.alloc(0) });
          file.readEntry();
          return;
        }
        file.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2 ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.push({ ...base, content: Buffer.concat(chunks) });
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

export function names(entries: ZipEntryInfo[]): string[] {
  return entries.map((e) => e.name);
}
