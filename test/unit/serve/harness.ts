/** Shared set-up for the serve tests: a temp copy of the fixture app and a real server on it. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, type ServeHandle, type ServeOptions } from '../../../src/core/serve';
import type { LocalFunctionConfig } from '../../../src/core/invoke';

export const fixtureApp = path.resolve(__dirname, '../../../../test/fixtures/serve/app');

export function copyApp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-serve-'));
  cpSync(fixtureApp, dir, { recursive: true });
  return dir;
}

const dirs: string[] = [];
const servers: ServeHandle[] = [];

export interface Served {
  server: ServeHandle;
  dir: string;
  notices: string[];
}

/** Starts a server for one handler of a fresh copy of the fixture app. */
export async function serve(handler: string, extra: Partial<ServeOptions> & { config?: Partial<LocalFunctionConfig>; watch?: boolean } = {}): Promise<Served> {
  const dir = copyApp();
  dirs.push(dir);
  const notices: string[] = [];
  const { config, watch, ...rest } = extra;
  const server = await startServer({
    functions: [{ config: () => ({ codeDir: dir, handler, functionName: 'served-fn', ...config }), watchDir: watch ? dir : undefined }],
    onNotice: (t) => notices.push(t),
    ...rest,
  });
  servers.push(server);
  return { server, dir, notices };
}

export async function cleanup(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Polls until probe() is truthy, bounded. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
