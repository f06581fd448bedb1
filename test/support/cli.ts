/**
 * Runs the CLI's `main` in this process, as the unit and API tests do: stdout and stderr captured,
 * stdin given as text, no host environment, so a test sees exactly what a user's terminal would.
 */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], stdin = ''): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(args, { stdout: out, stderr: err, stdin: Readable.from([stdin]), env: {}, signal: new AbortController().signal });
  return { code, stdout, stderr };
}
