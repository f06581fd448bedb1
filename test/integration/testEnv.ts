/**
 * What the integration harness set up for this run, as the extension host sees it. Tests read it
 * instead of hard-coding ports or names: the endpoint of the local Lambda API server, the regions
 * it was seeded in, and the functions it holds.
 */
import * as fs from 'fs';

export interface SeededFunction {
  Region: string;
  FunctionName: string;
  FunctionArn?: string;
}

export interface TestEnv {
  /** http://127.0.0.1:PORT of the local Lambda API server, or undefined when it could not start. */
  endpoint: string | undefined;
  regions: string[];
  functions: SeededFunction[];
  /** The temporary copy of the example workspace the window has open. */
  workspaceDir: string | undefined;
  route: 'code-server' | 'electron' | string;
}

export function testEnv(): TestEnv {
  const file = process.env.LW_TEST_SEEDED_FILE;
  const functions: SeededFunction[] = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SeededFunction[]) : [];
  return {
    endpoint: process.env.LAMBDA_WORKBENCH_ENDPOINT || undefined,
    regions: [...new Set(functions.map((f) => f.Region))],
    functions,
    workspaceDir: process.env.LW_TEST_WORKSPACE || undefined,
    route: process.env.LW_TEST_ROUTE ?? 'unknown',
  };
}

/** Polls `probe` until it returns a value other than undefined; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
