import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { requireKnownProfile } from '../core/aws/profiles';
import { DEFAULTS } from '../core/config/validationRules';
import { WorkbenchError } from '../core/errors';
import { ISOLATION_MODES, MEMORY_RANGE, SUPPORTED_RUNTIMES, TIMEOUT_RANGE, type AwsCredentials, type Isolation } from '../core/invoke/config';
import { resolveInvokeCredentials } from '../core/invoke/credentials';
import { ENV_KEY, readEnvFile } from '../core/invoke/envFile';
import { prepareAsDeployed } from '../core/invoke/asDeployed';
import { debuggerPauseNote } from '../core/invoke/pauseClock';
import { createEnvironment } from '../core/invoke/environment';
import { checkInspectPort, parseInspectPort } from '../core/invoke/inspectPort';
import { resolveLocalConfig } from '../core/invoke/localConfig';
import { parseEventJson, stripBom } from '../core/invoke/eventJson';
import { readEventFile, readSavedEvent, savedEventPath } from '../core/invoke/events';
import { precheckHandler } from '../core/invoke/preflight';
import { getSampleEvent, listSampleEvents } from '../core/invoke/samples';
import { eventSizeWarning } from '../core/invoke/serviceErrors';
import { setSpareWorkers } from '../core/invoke/workerPool';
import { EXIT_FAILED, EXIT_OK, intFlag, parseFlags, type CliCommand, type CliIO } from './command';
import { runInvokeWatch } from './invokeWatch';
import { resolveLayersForCli } from './invokeLayers';

const usage = `Usage: lambda-workbench invoke <dir> --handler FILE.EXPORT [options]

Runs a Node.js handler locally in an isolated worker thread (or process), the way the Lambda runtime would.
<dir> is the workspace folder; its lambda-workbench.json (Handler, Runtime, MemorySize, Timeout,
Environment, LoggingConfig, Region, CodeRoot) supplies defaults that flags override.
  --handler FILE.EXPORT  e.g. index.handler, src/handlers/app.handler, index.nested.fn
  --function NAME        function name (context, log group, saved events); default: binding or folder name
  --region R             AWS_REGION for the function (default: binding or ${DEFAULTS.region})
  --event FILE|-|NAME    an event: a JSON file, - for stdin, a saved event of the function
                         (.lambda/events/<function>/NAME.json) or sample:ID (${listSampleEvents()
                           .map((s) => s.id)
                           .join(', ')}).
                         Repeat to invoke again in the same warm environment. Default: {}
  --runtime R            ${Object.keys(SUPPORTED_RUNTIMES).join(', ')} (default ${DEFAULTS.runtime})
  --timeout S            ${TIMEOUT_RANGE.min}-${TIMEOUT_RANGE.max} seconds (default ${DEFAULTS.timeout})
  --memory MB            ${MEMORY_RANGE.min}-${MEMORY_RANGE.max} (default ${DEFAULTS.memorySize}); caps the worker's heap
  --env K=V              set a function variable (repeatable; overrides the env file and binding)
  --env-file F           KEY=VALUE lines, dotenv style
  --log-format F         Text or JSON (LoggingConfig.LogFormat)
  --aws-credentials      pass the credentials of --profile (or the default chain) to the function
  --profile P            profile for --aws-credentials and for fetching layers (default: binding Profile)
  --endpoint URL         where to fetch the function's Layers from (default: AWS_ENDPOINT_URL_LAMBDA,
                         AWS_ENDPOINT_URL, else AWS); layers are cached per user, keyed by ARN
  --watch                re-run on every change to the function's files (or its binding file), each
                         time in a fresh environment with a new module graph; Ctrl+C stops
  --poll                 with --watch: poll the folder instead of using file events
  --inspect[=PORT]       open the V8 inspector on 127.0.0.1 (a free port if none) before the handler
                         loads and print its URL on stderr; runs process-isolated
  --inspect-brk[=PORT]   the same, and wait for a debugger to attach first; --timeout 0 = no deadline
  --built                run the package exactly as deploy would build and upload it (esbuild for a
                         TypeScript handler or "Build", the built Handler, no transpiling), unzipped
                         into a temporary folder; default: the sources, for speed and debugging
  --isolation M          thread (default: a worker thread) or process (a Node child process with
                         only the function's variables, its own process group and an RSS limit)
Output: one line per event on stdout (the response JSON, or the error object); log lines on stderr.
Exit codes: 0 every invoke succeeded, 1 a function or init error or a timeout, 2 bad usage or input.
A missing handler file or a syntax error is an init error, as in Lambda: the runtime's
Runtime.ImportModuleError / Runtime.UserCodeSyntaxError object on stdout, exit 1, and a hint with the
file, line and column on stderr.`;

interface EventInput {
  label: string;
  json: string;
}

/** Reads standard input to its end; Ctrl+C / SIGTERM while waiting cancels (stdin may never end). */
async function readStdin(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  const read = (async () => {
    for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  })();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new WorkbenchError('aborted', 'Reading the event from standard input was cancelled.'));
    if (io.signal.aborted) onAbort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([read, aborted]);
  } finally {
    if (onAbort) io.signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads every --event before anything runs, so a bad one stops the command with exit 2. */
async function readEvents(specs: string[], io: CliIO, workspace: string, functionName: string): Promise<EventInput[]> {
  if (specs.length === 0) return [{ label: 'default', json: '{}' }];
  const out: EventInput[] = [];
  let stdinUsed = false;
  for (const spec of specs) {
    if (spec === '-') {
      if (stdinUsed) throw new WorkbenchError('usage', 'Standard input can be given as --event - only once.');
      stdinUsed = true;
      const text = stripBom(await readStdin(io));
      parseEventJson(text, 'The event on standard input');
      out.push({ label: 'stdin', json: text });
    } else if (spec.startsWith('sample:')) {
      const sample = getSampleEvent(spec.slice(7));
      if (!sample) throw new WorkbenchError('usage', `There is no sample event "${spec.slice(7)}".`, { hint: `Samples: ${listSampleEvents().map((s) => s.id).join(', ')}.` });
      out.push({ label: spec, json: JSON.stringify(sample.event) });
    } else if (!existsSync(spec) && /^[A-Za-z0-9][A-Za-z0-9._ -]*$/.test(spec) && existsSync(savedEventPath(workspace, functionName, spec))) {
      out.push({ label: spec, json: (await readSavedEvent(workspace, functionName, spec)).text });
    } else {
      out.push({ label: spec, json: (await readEventFile(resolve(spec))).text });
    }
  }
  return out;
}

export function parseEnvFlags(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!ENV_KEY.test(key)) {
      throw new WorkbenchError('usage', `--env expects KEY=VALUE with a valid variable name, got "${eq > 0 ? key : pair.slice(0, 40)}".`, {
        hint: 'Names start with a letter and use letters, digits and underscores.',
      });
    }
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

export const invokeCommand: CliCommand = {
  name: 'invoke',
  summary: 'Run a Node.js handler locally, as the Lambda runtime would',
  usage,
  async run(argv, io) {
    // `--inspect` / `--inspect-brk` may come without a port (Node's own spelling): a free one then.
    const args = argv.map((a) => (a === '--inspect' || a === '--inspect-brk' ? `${a}=` : a));
    const { values, positionals } = parseFlags(args, {
      handler: { type: 'string' },
      function: { type: 'string' },
      region: { type: 'string' },
      event: { type: 'string', multiple: true },
      runtime: { type: 'string' },
      timeout: { type: 'string' },
      memory: { type: 'string' },
      env: { type: 'string', multiple: true },
      'env-file': { type: 'string' },
      'log-format': { type: 'string' },
      'aws-credentials': { type: 'boolean' },
      profile: { type: 'string' },
      endpoint: { type: 'string' },
      watch: { type: 'boolean' },
      poll: { type: 'boolean' },
      isolation: { type: 'string' },
      built: { type: 'boolean' },
      inspect: { type: 'string' },
      'inspect-brk': { type: 'string' },
    });
    if (values.poll && !values.watch) throw new WorkbenchError('usage', '--poll goes with --watch.');
    if (positionals.length !== 1) throw new WorkbenchError('usage', `Expected one folder, got ${positionals.length}.`, { hint: 'Run lambda-workbench invoke --help.' });
    const workspace = resolve(positionals[0]);
    if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
      throw new WorkbenchError('validation', `The folder ${workspace} does not exist.`, { hint: 'Pass the folder that holds your function code.' });
    }
    if (values.inspect !== undefined && values['inspect-brk'] !== undefined) throw new WorkbenchError('usage', 'Give --inspect or --inspect-brk, not both.');
    const inspectFlag = values['inspect-brk'] !== undefined ? '--inspect-brk' : '--inspect';
    const inspectValue = values['inspect-brk'] ?? values.inspect;
    const inspect = inspectValue === undefined ? undefined : { port: parseInspectPort(inspectValue, inspectFlag), wait: inspectFlag === '--inspect-brk' };
    if (inspect && values.watch) throw new WorkbenchError('usage', `${inspectFlag} does not go with --watch.`);
    // With a debugger, --timeout 0 means no deadline (stepping through a handler takes a while).
    const timeout = intFlag(values.timeout, '--timeout', inspect ? 0 : TIMEOUT_RANGE.min, TIMEOUT_RANGE.max);
    if (inspect) await checkInspectPort(inspect.port);
    const memory = intFlag(values.memory, '--memory', MEMORY_RANGE.min, MEMORY_RANGE.max);
    const logFormat = values['log-format'];
    if (logFormat !== undefined && logFormat !== 'Text' && logFormat !== 'JSON') throw new WorkbenchError('usage', `--log-format must be Text or JSON, got "${logFormat}".`);
    const isolation = values.isolation;
    if (isolation !== undefined && !ISOLATION_MODES.includes(isolation as Isolation)) {
      throw new WorkbenchError('usage', `--isolation must be thread or process, got "${isolation}".`);
    }
    if (values.runtime !== undefined && !SUPPORTED_RUNTIMES[values.runtime]) {
      throw new WorkbenchError('usage', `--runtime ${values.runtime} cannot be run locally.`, { hint: `Use one of ${Object.keys(SUPPORTED_RUNTIMES).join(', ')}.` });
    }

    const environment: Record<string, string> = {};
    if (values['env-file']) Object.assign(environment, await readEnvFile(resolve(values['env-file'])));
    Object.assign(environment, parseEnvFlags(values.env ?? []));
    // One resolver for the CLI, the editor and the emulator: defaults < binding file < flags.
    const request = {
      folder: workspace,
      overrides: {
        handler: values.handler,
        functionName: values.function,
        runtime: values.runtime,
        region: values.region,
        memorySize: memory,
        timeout,
        environment,
        logFormat: logFormat as 'Text' | 'JSON' | undefined,
        isolation: isolation as Isolation | undefined,
        inspect,
      },
    };
    // The binding's Layers are fetched (once, then cached) before anything runs: an unreadable one stops here.
    const local = await resolveLayersForCli(await resolveLocalConfig(request), { profile: values.profile, endpoint: values.endpoint }, io);
    for (const w of local.warnings) io.stderr.write(`warning: ${w}\n`);
    const events = await readEvents(values.event ?? [], io, workspace, local.config.functionName);
    /** Bad input (exit 2) throws; a missing module or a syntax error runs, and the runtime reports it. */
    const precheck = (codeDir: string, handler: string, layersDir?: string): void => {
      const { initProblem } = precheckHandler(codeDir, handler, layersDir);
      // Beside the runtime's own error object (stdout), never instead of it.
      if (initProblem) io.stderr.write(`hint: ${initProblem.describe()}\n`);
    };
    precheck(local.config.codeDir, local.config.handler, local.config.layersDir);

    let credentials: AwsCredentials | undefined;
    if (values['aws-credentials']) {
      await requireKnownProfile(values.profile ?? local.profile, io.env);
      credentials = await resolveInvokeCredentials(values.profile ?? local.profile);
    }
    // A one-shot process: no spare environment worth starting for a next cold start. Watching
    // keeps one ready, so each re-run's cold start is the ~3 ms kind.
    setSpareWorkers(values.watch === true);
    // A record keeps its newlines as \r (one record, one line); a terminal shows them as new lines.
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    const show = (text: string): string => (tty ? text.replace(/\r/g, '\n') : text);
    /** Every event once, in one fresh environment; true when any failed. */
    const runAll = async (sources: typeof local.config, signal: AbortSignal): Promise<boolean> => {
      // --built: what deploy would upload, unzipped; its build errors stop here (exit 2), nothing runs.
      // With the inspector on, the build's source maps name the sources, for the debugger.
      const built = values.built ? await prepareAsDeployed(workspace, sources, { signal, sourceMaps: sources.inspect !== undefined }) : undefined;
      for (const note of built?.notes ?? []) io.stderr.write(`${note}\n`);
      const config = built?.config ?? sources;
      let env;
      try {
        env = await createEnvironment({ ...config, credentials });
      } catch (e) {
        await built?.dispose();
        throw e;
      }
      // Which Node runs a process-isolated environment is said, beside the function's output.
      const node = env.execution.node;
      if (node) io.stderr.write(`process isolation: ${node.description}\n`);
      env.onInspector = (url) =>
        io.stderr.write(
          `Debugger listening on ${url}\n` +
            `  Chrome: devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${url.slice('ws://'.length)} (or chrome://inspect)\n` +
            (inspect?.wait ? '  Waiting for a debugger to attach before the handler loads…\n' : ''),
        );
      let failed = false;
      try {
        for (const e of events) {
          const tooBig = eventSizeWarning(e.json);
          if (tooBig) io.stderr.write(`warning: ${e.label}: ${tooBig}\n`);
          const r = await env.invokeJson(e.json, { signal, onLog: (l) => io.stderr.write(show(l.text) + '\n') });
          io.stdout.write(r.payload + '\n');
          const paused = debuggerPauseNote(r);
          if (paused) io.stderr.write(`debugger: ${paused}\n`);
          if (r.functionError) failed = true;
        }
      } finally {
        await env.dispose();
        await built?.dispose();
      }
      return failed;
    };
    const failed = await runAll(local.config, io.signal);
    if (!values.watch) return failed ? EXIT_FAILED : EXIT_OK;
    return runInvokeWatch(
      {
        folder: workspace,
        codeDir: local.config.codeDir,
        polling: values.poll === true,
        // Each change: the binding file read again (through the one resolver), a new environment, a new module graph.
        rerun: async (signal) => {
          const now = await resolveLayersForCli(await resolveLocalConfig(request), { profile: values.profile, endpoint: values.endpoint }, io);
          for (const w of now.warnings) io.stderr.write(`warning: ${w}\n`);
          precheck(now.config.codeDir, now.config.handler, now.config.layersDir);
          await runAll(now.config, signal);
        },
      },
      io,
    );
  },
};
