/** `lambda-workbench logs <function>`: a function's CloudWatch logs since a time, optionally followed. */
import { isLocalEndpoint, normalizeEndpoint, resolveEndpoint } from '../core/aws';
import { WorkbenchError } from '../core/errors';
import { createLogsService, parseFunctionId, parseSince, resolveLogTarget, startLogTail, type LogEvent } from '../core/logs';
import { EXIT_OK, parseFlags, writeJson, type CliCommand } from './command';
import { CONNECTION_FLAGS, connectFromFlags, regionOrDefault } from './connection';

const usage = `Usage: lambda-workbench logs <function> [--region R] [--profile P] [--endpoint URL] [--since 10m|ISO] [--filter PATTERN] [--follow] [--json]

Prints a function's CloudWatch Logs events (its log group: /aws/lambda/<name>, or the one its
LoggingConfig names), oldest first.
  <function>         a function name or ARN
  --region R         the function's region (default: from the ARN, AWS_REGION or the profile)
  --profile P        a named profile from ~/.aws/config (default: AWS_PROFILE or the default chain)
  --endpoint URL     one endpoint for Lambda and CloudWatch Logs, e.g. the local server
                     (default: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, then AWS_ENDPOINT_URL, for Logs)
  --since T          start from T: a duration back (30s, 10m, 2h, 1d, 1w) or an ISO date (default 10m)
  --filter PATTERN   a CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = "ERROR" }'
  --follow           keep printing new events until Ctrl+C (Live Tail where available, else polling)
  --json             print JSON lines {"timestamp","logStream","message"} (timestamp in epoch ms)
A log group that does not exist yet (the function never ran) is reported on stderr, not an error.
Exit codes: 0 ok, 1 the logs could not be read, 2 bad usage.`;

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: "Print or follow a function's CloudWatch logs",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      ...CONNECTION_FLAGS,
      since: { type: 'string' },
      filter: { type: 'string' },
      follow: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new WorkbenchError('usage', positionals.length ? 'Give exactly one function.' : 'Which function? Give its name or ARN.', { hint: 'lambda-workbench logs my-function --since 10m' });
    const startTime = parseSince(values.since ?? '10m');
    if (values.filter !== undefined && values.filter.length > 1024) throw new WorkbenchError('usage', '--filter must be at most 1024 characters.');
    let logsEndpoint: string | undefined;
    try {
      logsEndpoint = values.endpoint ? normalizeEndpoint(values.endpoint) : resolveEndpoint({ env: io.env, service: 'logs' });
    } catch (e) {
      throw new WorkbenchError('usage', (e as Error).message);
    }
    const id = parseFunctionId(positionals[0], values.region);
    const { service, factory } = await connectFromFlags(values, io.env);
    try {
      const region = await regionOrDefault(id.region, service, io.env);
      const target = await resolveLogTarget(service, region, id.functionName, io.signal);
      if (target.note) io.stderr.write(`${target.note}\n`);
      const logs = createLogsService({ profile: service.connection.profile, endpoint: logsEndpoint }, factory);
      const print = (events: LogEvent[]) => {
        for (const e of events) {
          const message = e.message.replace(/\r?\n$/, '');
          if (values.json) writeJson(io, { timestamp: e.timestamp, logStream: e.logStreamName, message });
          else io.stdout.write(`${new Date(e.timestamp).toISOString()} ${e.logStreamName} ${message}\n`);
        }
      };
      const tail = startLogTail({
        service: logs,
        region,
        logGroupName: target.logGroupName,
        logGroupArn: target.logGroupArn,
        startTime,
        filterPattern: values.filter,
        follow: values.follow ?? false,
        pollIntervalMs: isLocalEndpoint(logsEndpoint) ? 500 : 2000,
        onEvents: print,
        onStatus: (s) => {
          if (s.mode === 'waitingForGroup') io.stderr.write(`${s.message ?? `The log group ${target.logGroupName} does not exist yet.`}${values.follow ? ' Waiting for it…' : ''}\n`);
        },
      });
      const onAbort = () => tail.stop();
      io.signal.addEventListener('abort', onAbort, { once: true });
      try {
        await tail.done;
      } finally {
        io.signal.removeEventListener('abort', onAbort);
      }
      return EXIT_OK;
    } finally {
      factory.dispose();
    }
  },
};
