/**
 * Reading a file the user named (an event, an env file, the binding file) without ever blocking on
 * something that is not a file: opening a FIFO waits for a writer and reading a device may never
 * end, which once hung `invoke --event FIFO` for minutes. The file is opened non-blocking and
 * checked on the open descriptor (no race between check and read); anything but a regular file is
 * refused with WorkbenchError('validation') (CLI exit 2). Other failures are thrown as Node's own
 * errors so callers keep their ENOENT handling.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { WorkbenchError } from '../errors';

/** What a non-regular file is, for messages (one owner for the product-file and input-file checks). */
export function describeKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads a regular file; `label` names it in messages ("The event file"). */
export async function readRegularFile(file: string, label = 'The file'): Promise<Buffer> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      throw new WorkbenchError('validation', `${label} ${file} is ${describeKind(st)}, not a regular file; it was not read.`, {
        hint: 'Pass a regular file (for standard input use -).',
        path: file,
      });
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The same, as UTF-8 text. */
export async function readRegularTextFile(file: string, label?: string): Promise<string> {
  return (await readRegularFile(file, label)).toString('utf8');
}
