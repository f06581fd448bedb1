/**
 * lambda-workbench: a small CLI over the same core the extension uses (benchmarks, tests, CI).
 * Exit codes: 0 success, 1 the operation failed, 2 bad usage or input.
 * The shipped bin is dist/cli.js (src/cliLauncher.ts), which loads only the bundle a command needs.
 */
import type { CliIO } from './cli/command';
import { commands } from './cli/commands';
import { runCli, runMain } from './cli/runner';

export { SIGNAL_GRACE_MS } from './cli/runner';

export function main(argv: string[], io: CliIO): Promise<number> {
  return runMain(argv, io, commands);
}

if (require.main === module) runCli(commands);
