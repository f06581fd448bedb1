/**
 * Unzips function code safely against zip bombs: every entry is inflated as a stream and stopped
 * as soon as it passes the size its central directory declares (which validation already holds to
 * the 250 MB unzipped limit), so a 100-byte claim that inflates to a gigabyte costs one chunk.
 * CreateFunction / UpdateFunctionCode verify the archive this way before accepting it; the code
 * cache extracts with the same reader.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { LIMITS } from '../config/validationRules';
import { inspectZip, ZipFormatError, type ZipEntryInfo } from '../config/validationZip';

/** An archive that cannot be unzipped as it claims (bomb, damage, unsupported compression). */
export class UnzipError extends Error {
  override readonly name = 'UnzipError';
}

const LOCAL_SIG = 0x04034b50;

function entryData(buf: Buffer, entry: ZipEntryInfo): Buffer {
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_SIG) throw new UnzipError(`entry "${entry.name}" has no local header`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new UnzipError(`entry "${entry.name}" runs past the end of the archive`);
  return buf.subarray(start, end);
}

/** The entry's bytes, chunk by chunk, never more than it declares. */
export async function* inflateEntry(buf: Buffer, entry: ZipEntryInfo): AsyncGenerator<Buffer> {
  const data = entryData(buf, entry);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) throw new UnzipError(`stored entry "${entry.name}" is ${data.length} bytes, not the ${entry.uncompressedSize} it declares`);
    yield data;
    return;
  }
  if (entry.method !== 8) throw new UnzipError(`entry "${entry.name}" uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`);
  const inflate = createInflateRaw();
  inflate.end(data);
  let total = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > entry.uncompressedSize) throw new UnzipError(`entry "${entry.name}" inflates past the ${entry.uncompressedSize} bytes it declares`);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof UnzipError) throw e;
    throw new UnzipError(`entry "${entry.name}" is damaged: ${(e as Error).message}`);
  } finally {
    inflate.destroy();
  }
  if (total !== entry.uncompressedSize) throw new UnzipError(`entry "${entry.name}" inflates to ${total} bytes, not the ${entry.uncompressedSize} it declares`);
}

/** The archive's entries, checked against the 250 MB unzipped limit (UnzipError otherwise). */
export function zipEntries(bytes: Uint8Array): { buf: Buffer; list: ZipEntryInfo[] } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const info = inspectZip(buf);
    if (info.uncompressedSize > LIMITS.unzippedBytes) throw new UnzipError(`the archive unzips to ${info.uncompressedSize} bytes, over the ${LIMITS.unzippedBytes}-byte limit`);
    return { buf, list: info.entries };
  } catch (e) {
    if (e instanceof ZipFormatError) throw new UnzipError(e.message);
    throw e;
  }
}

/** Inflates every entry without keeping anything; throws UnzipError when one is not what it declares. */
export async function verifyZip(bytes: Uint8Array): Promise<void> {
  const { buf, list } = zipEntries(bytes);
  for (const entry of list) {
    if (entry.isDirectory) continue;
    for await (const chunk of inflateEntry(buf, entry)) void chunk;
  }
}

/** Unzips into `dir`; entries that would land outside it ("zip slip") are skipped. */
export async function extractZip(bytes: Uint8Array, dir: string): Promise<void> {
  const { buf, list } = zipEntries(bytes);
  await mkdir(dir, { recursive: true });
  for (const entry of list) {
    const target = resolve(dir, entry.name);
    if (target !== dir && !target.startsWith(dir + sep)) continue;
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    const out = createWriteStream(target, { mode: ((entry.mode ?? 0o644) & 0o777) | 0o400 });
    try {
      for await (const chunk of inflateEntry(buf, entry)) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
  }
}
