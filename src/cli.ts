/**
 * lambda-workbench: a small CLI over the same core the extension uses (benchmarks, tests, CI).
 * Exit codes: 0 success, 1 the operation failed, 2 bad usage or input.
 */
import { EXIT_FAILED, EXIT_USAGE, type CliCommand, type CliIO } from './cli/command';
import { commands } from './cli/commands';
import { isWorkbenchError } from './core/errors';

function help(): string {
  const rows = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return `Usage: lambda-workbench <command> [options]\n\nCommands:\n${rows}\n\nRun "lambda-workbench <command> --help" for a command's options.\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? 0 : EXIT_USAGE;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${help()}`);
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
      return e.kind === 'usage' || e.kind === 'validation' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.stderr.write(`Error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT_FAILED;
  }
}

if (require.main === module) {
  // The SDK's Node-version notice is not actionable for CLI users and would pollute stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  let interrupted = 0;
  process.on('SIGINT', () => {
    // First Ctrl+C cancels cleanly; a second one exits at once.
    if (++interrupted > 1) process.exit(130);
    controller.abort();
  });
  process.on('SIGTERM', () => controller.abort());
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`Unexpected error: ${String(e)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
