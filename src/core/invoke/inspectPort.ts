/**
 * The inspector's port for `--inspect=PORT` and Debug Locally: parsed and checked free on
 * 127.0.0.1 before anything starts, so a port in use is a clear error and nothing is left running.
 */
import { createServer } from 'node:net';
import { WorkbenchError } from '../errors';

/** `--inspect` alone is port 0 (a free one); otherwise a port 1-65535. */
export function parseInspectPort(value: string, flag: string): number {
  if (value === '' || value === 'true') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new WorkbenchError('usage', `${flag} takes a port from 1 to 65535, got "${value}".`, { hint: `${flag}=9229, or ${flag} alone for a free port.` });
  return port;
}

/** Resolves when `port` (0: any) can be listened on at 127.0.0.1; else WorkbenchError('usage'). */
export function checkInspectPort(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new WorkbenchError('usage', `Port ${port} on 127.0.0.1 is ${e.code === 'EADDRINUSE' ? 'already in use' : `not available (${e.code ?? e.message})`}, so the inspector cannot listen there.`, { hint: 'Choose another port, or leave the port out for a free one.' })),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
