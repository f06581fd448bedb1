import { WorkbenchError } from '../core/errors';
import { createLocalInvoker, DEFAULT_POOL_LIMITS, type LocalInvokerOptions } from '../core/invoke';
import { isValidRegion } from '../core/aws/regionId';
import { startEmulator, type FunctionInvoker, type RequestLogEntry, type RunningEmulator } from '../core/emulator';
import { EXIT_OK, intFlag, parseFlags, type CliCommand, type CliIO } from './command';

const USAGE = `Usage: lambda-workbench emulator [options]

Runs a local Lambda API server on 127.0.0.1 that speaks the Lambda REST-JSON protocol, so the
AWS SDK, the AWS CLI and this extension can use it as an endpoint (credentials are not checked).
The first line printed is "listening http://127.0.0.1:PORT". Stops on Ctrl+C / SIGTERM.

Options:
  --port N            port to listen on (default 0 = any free port; a taken port falls back to a free one)
  --latency MS        delay every request by MS milliseconds
  --seed FILE         start with the functions in this seed file (see docs/emulator.md)
  --throttle-rate R   answer a share R (0-1) of requests with 429 TooManyRequestsException
  --error-rate R      answer a share R (0-1) of requests with 500 ServiceException
  --fault-seed N      make the injected faults repeatable
  --state-delay MS    Pending -> Active after MS ms (default 300)
  --update-delay MS   LastUpdateStatus InProgress -> Successful after MS ms (default: --state-delay)
  --page-size N       largest ListFunctions page (1-50, default 50)
  --region R          region for unsigned requests (default us-east-1)
  --concurrency N     invocations running at once in the whole server (default ${DEFAULT_POOL_LIMITS.maxEnvironments});
                      beyond it Invoke answers 429 TooManyRequestsException
  --function-concurrency N
                      invocations of one function at once (default ${DEFAULT_POOL_LIMITS.maxPerFunction}; a function's
                      reserved concurrency lowers it); beyond it 429 TooManyRequestsException
  --idle-timeout S    dispose a warm environment after S idle seconds (default ${DEFAULT_POOL_LIMITS.idleTimeoutMs / 1000})
  --quiet             do not log requests
  --json              log as JSON lines
`;

const OPTIONS = {
  port: { type: 'string' },
  latency: { type: 'string' },
  seed: { type: 'string' },
  'throttle-rate': { type: 'string' },
  'error-rate': { type: 'string' },
  'fault-seed': { type: 'string' },
  'state-delay': { type: 'string' },
  'update-delay': { type: 'string' },
  'page-size': { type: 'string' },
  region: { type: 'string' },
  concurrency: { type: 'string' },
  'function-concurrency': { type: 'string' },
  'idle-timeout': { type: 'string' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function rateFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new WorkbenchError('usage', `${flag} must be a number from 0 to 1, got "${value}".`);
  return n;
}

function secondsFlag(value: string | undefined): number | undefined {
  const s = intFlag(value, '--idle-timeout', 1, 86_400);
  return s === undefined ? undefined : s * 1000;
}

/** Invoke runs the stored code with the project's local runtime (warm environments per code version). */
function createInvoker(limits: LocalInvokerOptions): FunctionInvoker {
  return createLocalInvoker(limits);
}

function isAddressInUse(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'EADDRINUSE';
}

export const emulatorCommand: CliCommand = {
  name: 'emulator',
  summary: 'Run a local Lambda API server (for tests, demos and offline work)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values } = parseFlags(argv, OPTIONS, false);
    const port = intFlag(values.port, '--port', 0, 65535) ?? 0;
    const region = values.region ?? 'us-east-1';
    if (!isValidRegion(region)) throw new WorkbenchError('usage', `--region "${region}" is not a region name such as us-east-1.`);
    const log = (entry: RequestLogEntry) => {
      if (values.quiet) return;
      if (values.json) io.stdout.write(JSON.stringify({ event: 'request', ...entry }) + '\n');
      else io.stdout.write(`${entry.status} ${entry.method} ${entry.path} ${entry.operation} ${entry.region}${entry.errorType ? ` ${entry.errorType}` : ''} ${entry.ms}ms\n`);
    };
    const options = {
      latencyMs: intFlag(values.latency, '--latency', 0, 600_000),
      seed: values.seed,
      throttleRate: rateFlag(values['throttle-rate'], '--throttle-rate'),
      errorRate: rateFlag(values['error-rate'], '--error-rate'),
      faultSeed: intFlag(values['fault-seed'], '--fault-seed', 0, 2 ** 32 - 1),
      stateDelayMs: intFlag(values['state-delay'], '--state-delay', 0, 3_600_000),
      updateDelayMs: intFlag(values['update-delay'], '--update-delay', 0, 3_600_000),
      maxPageSize: intFlag(values['page-size'], '--page-size', 1, 50),
      defaultRegion: region,
      invoker: createInvoker({
        maxEnvironments: intFlag(values.concurrency, '--concurrency', 1, 1000),
        maxPerFunction: intFlag(values['function-concurrency'], '--function-concurrency', 1, 1000),
        idleTimeoutMs: secondsFlag(values['idle-timeout']),
      }),
      onRequest: log,
    };
    let emulator: RunningEmulator;
    try {
      emulator = await startEmulator({ ...options, port });
    } catch (e) {
      if (!isAddressInUse(e) || port === 0) throw e;
      emulator = await startEmulator({ ...options, port: 0 });
      io.stderr.write(`Port ${port} is in use; listening on port ${emulator.port} instead.\n`);
    }
    io.stdout.write(`listening ${emulator.url}\n`);
    const functions = emulator.store.regionNames().reduce((n, r) => n + emulator.store.list(r).length, 0);
    if (values.json) io.stdout.write(JSON.stringify({ event: 'listening', url: emulator.url, port: emulator.port, seededFunctions: functions }) + '\n');
    else if (functions) io.stdout.write(`seeded ${functions} function(s) in ${emulator.store.regionNames().join(', ')}\n`);
    if (!io.signal.aborted) await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    await emulator.close();
    if (values.json) io.stdout.write(JSON.stringify({ event: 'stopped' }) + '\n');
    else io.stderr.write('local Lambda API server stopped\n');
    return EXIT_OK;
  },
};
