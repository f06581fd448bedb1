import type { CliCommand } from './command';
import { deployCommand } from './deployCommand';
import { downloadCommand } from './downloadCommand';
import { emulatorCommand } from './emulatorCommand';
import { invokeCommand } from './invokeCommand';
import { listCommand } from './listCommand';
import { logsCommand } from './logsCommand';
import { packageCommand } from './packageCommand';
import { serveCommand } from './serveCommand';

/** The CLI's command table. Each command lives in its own file under src/cli/. */
export const commands: CliCommand[] = [emulatorCommand, listCommand, packageCommand, deployCommand, invokeCommand, serveCommand, logsCommand, downloadCommand];
