import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WorkbenchError } from '../core/errors';

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1; // the operation ran and failed (a function error, a failed deploy)
export const EXIT_USAGE = 2; // bad usage or input: nothing ran

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Fires on Ctrl+C so long operations can be cancelled cleanly. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with our usage errors: unknown flags and missing values become WorkbenchError('usage'). */
export function parseFlags<T extends Options>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new WorkbenchError('usage', (e as Error).message, { hint: 'Run with --help to see the accepted flags.' });
  }
}

/** Parses a whole number flag within a range, or throws a usage error naming the flag. */
export function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new WorkbenchError('usage', `${flag} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return n;
}

export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}
