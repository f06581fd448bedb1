/** Shared set-up for the API tests: a server on an ephemeral port and real SDK clients for it. */
import { LambdaClient, GetFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import JSZip from 'jszip';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/core/emulator';

export const ROLE = 'arn:aws:iam::123456789012:role/test-role';

export interface Harness {
  emulator: RunningEmulator;
  client(region?: string): LambdaClient;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, stateDelayMs: 20, ...options });
  const clients: LambdaClient[] = [];
  return {
    emulator,
    client(region = 'us-east-1') {
      const c = new LambdaClient({ endpoint: emulator.url, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.destroy();
      await emulator.close();
    },
  };
}

export async function makeZip(files: Record<string, string> = { 'index.js': 'exports.handler = async (e) => e;\n' }): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export function createInput(name: string, zip: Uint8Array, extra: Record<string, unknown> = {}) {
  return { FunctionName: name, Runtime: 'nodejs22.x' as const, Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip }, ...extra };
}

/** Polls GetFunctionConfiguration until State is Active and LastUpdateStatus is final. */
export async function waitReady(client: LambdaClient, name: string, timeoutMs = 5000): Promise<FunctionConfiguration> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (c.State !== 'Pending' && c.LastUpdateStatus !== 'InProgress') return c;
    if (Date.now() > deadline) throw new Error(`${name} still ${c.State}/${c.LastUpdateStatus} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `fn` expecting it to reject; returns the error for assertions. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
