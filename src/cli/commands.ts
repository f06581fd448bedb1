import type { CliCommand } from './command';

/** The CLI's command table. Each command lives in its own file under src/cli/. */
export const commands: CliCommand[] = [];
