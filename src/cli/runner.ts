/**
 * The CLI's process wiring over a command table: argument dispatch, help, exit codes, and SIGINT/SIGTERM.
 * It imports no command: each bundle that runs the CLI passes the table it holds (dist/cliAll.js all
 * of them, dist/cliPackage.js only `package`; see src/cliLauncher.ts).
 */
import { EXIT_FAILED, EXIT_USAGE, type CliCommand, type CliIO } from './command';
import { isWorkbenchError } from '../core/errors';

/** How long a cancelled command may take to wind down after SIGINT/SIGTERM before the process exits. */
export const SIGNAL_GRACE_MS = 5000;

function help(commands: readonly CliCommand[]): string {
  const rows = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return `Usage: lambda-workbench <command> [options]\n\nCommands:\n${rows}\n\nRun "lambda-workbench <command> --help" for a command's options.\n`;
}

export async function runMain(argv: string[], io: CliIO, commands: readonly CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help(commands));
    return name ? 0 : EXIT_USAGE;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${help(commands)}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isWorkbenchError(e)) {
      io.stderr.write(`Error: ${e.describe()}\n`);
      // Build errors: every esbuild message, file:line:column first, as compilers print them.
      const messages = e.options.details?.messages;
      if (e.code === 'BuildFailed' && Array.isArray(messages)) for (const m of messages) io.stderr.write(`  ${String(m)}\n`);
      return e.kind === 'usage' || e.kind === 'validation' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.stderr.write(`Error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT_FAILED;
  }
}

/** Runs the command named by this process's arguments, and sets its exit code. */
export function runCli(commands: readonly CliCommand[]): void {
  // The SDK's Node-version notice is not actionable for CLI users and would pollute stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  // Every command honours SIGINT and SIGTERM: the first cancels cleanly (the command sees the
  // abort and tidies up); if it has not finished within SIGNAL_GRACE_MS (something was stuck in a
  // read or a request), or on a second signal, the process exits anyway with 128 + the signal.
  let signals = 0;
  let signalled = false;
  const onSignal = (code: number) => () => {
    if (++signals > 1) process.exit(code);
    signalled = true;
    controller.abort();
    setTimeout(() => {
      process.stderr.write('Error: stopped (the command did not finish cancelling in time).\n');
      process.exit(code);
    }, SIGNAL_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal(130));
  process.on('SIGTERM', onSignal(143));
  runMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, signal: controller.signal }, commands).then(
    (code) => {
      process.exitCode = code;
      // After a signal the command has wound down (a server stopping says 0, a cancelled run 1):
      // leave now, even if a stream such as stdin would keep the process alive.
      if (signalled) process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`Unexpected error: ${String(e)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
