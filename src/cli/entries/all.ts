/** dist/cliAll.js: the CLI with every command (loaded by dist/cli.js, src/cliLauncher.ts). */
import { commands } from '../commands';
import { runCli } from '../runner';

runCli(commands);
