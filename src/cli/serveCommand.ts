/**
 * `lambda-workbench serve`: Serve Locally from the command line. Resolves each function through
 * core's resolveLocalConfig (binding file < flags), starts the HTTP server on 127.0.0.1, prints
 * `listening URL` first, then one line per request (and the function's logs on stderr, or
 * everything as JSON lines with --json), and runs until Ctrl+C / SIGTERM.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { WorkbenchError } from '../core/errors';
import { MEMORY_RANGE, SUPPORTED_RUNTIMES, TIMEOUT_RANGE } from '../core/invoke/config';
import { readEnvFile } from '../core/invoke/envFile';
import { resolveLocalConfig } from '../core/invoke/localConfig';
import { precheckHandler } from '../core/invoke/preflight';
import { startServer, type ServedFunction } from '../core/serve/server';
import { EXIT_OK, intFlag, parseFlags, type CliCommand, type CliIO } from './command';
import { parseEnvFlags } from './invokeCommand';
import { resolveLayersForCli } from './invokeLayers';
import { LineBatch } from './lineBatch';

const usage = `Usage: lambda-workbench serve <dir> [--handler FILE.EXPORT] [--port N] [--payload 2.0|1.0] [--json]

Serves a Node.js handler over HTTP on 127.0.0.1, the way a Function URL (payload 2.0, the default)
or a REST API (payload 1.0) calls it: each request becomes the service's event, the result becomes
the service's response. Environments are pooled like Lambda's; a change in the folder reloads.
<dir> is the function's folder; its lambda-workbench.json supplies Handler, Runtime, Timeout,
MemorySize, Environment, Region, CodeRoot, FunctionName; flags override them.
The first line printed is "listening http://127.0.0.1:PORT". Stops on Ctrl+C / SIGTERM.

Options:
  --handler FILE.EXPORT  e.g. index.handler (default: the binding's Handler)
  --port N               port on 127.0.0.1 (default 0 = a free port)
  --payload 2.0|1.0      2.0: Function URLs and HTTP APIs (default); 1.0: REST APIs
  --route PREFIX=DIR     serve several functions by path prefix (repeatable; longest prefix wins),
                         e.g. --route /api=api --route /=web; replaces <dir>
  --concurrency N        environments per function at once (default 10); beyond it 429
  --idle-timeout S       dispose an environment after S idle seconds (default 300)
  --no-reload            do not watch the folder for changes
  --function NAME        function name (context, log group)
  --runtime R            ${Object.keys(SUPPORTED_RUNTIMES).join(', ')}
  --timeout S            ${TIMEOUT_RANGE.min}-${TIMEOUT_RANGE.max} seconds
  --memory MB            ${MEMORY_RANGE.min}-${MEMORY_RANGE.max}
  --region R             AWS_REGION for the function
  --env K=V              set a function variable (repeatable)
  --env-file F           KEY=VALUE lines, dotenv style
  --profile P            profile for fetching the binding's Layers (default: binding Profile)
  --endpoint URL         where to fetch the Layers from (default: AWS_ENDPOINT_URL_LAMBDA,
                         AWS_ENDPOINT_URL, else AWS); fetched once, then from the per-user cache
  --json                 after the first line, JSON lines: {"type":"request"|"log"|"notice",...}
Output: "METHOD PATH STATUS DURATION" per request on stdout; the function's log lines on stderr.
A missing handler module or a syntax error does not stop the server: every request then fails at
init as on Lambda (Runtime.ImportModuleError / Runtime.UserCodeSyntaxError in the log, 502).
Exit codes: 0 stopped cleanly, 2 bad usage or input (a port in use, no handler, a missing export, a bad binding file).`;

interface Target {
  prefix: string;
  dir: string;
}

function parseRoutes(specs: string[]): Target[] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const prefix = eq > 0 ? spec.slice(0, eq) : '';
    if (!prefix.startsWith('/') || eq === spec.length - 1) {
      throw new WorkbenchError('usage', `--route expects /PREFIX=DIR, got "${spec}".`, { hint: 'For example --route /api=functions/api --route /=functions/web.' });
    }
    return { prefix, dir: spec.slice(eq + 1) };
  });
}

function folder(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new WorkbenchError('validation', `The folder ${abs} does not exist.`, { hint: 'Pass the folder that holds your function code.' });
  return abs;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve a handler over HTTP locally (Function URL / API Gateway events)',
  usage,
  async run(argv: string[], io: CliIO) {
    const { values, positionals } = parseFlags(argv, {
      handler: { type: 'string' },
      port: { type: 'string' },
      payload: { type: 'string' },
      route: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'no-reload': { type: 'boolean' },
      function: { type: 'string' },
      runtime: { type: 'string' },
      timeout: { type: 'string' },
      memory: { type: 'string' },
      region: { type: 'string' },
      env: { type: 'string', multiple: true },
      'env-file': { type: 'string' },
      profile: { type: 'string' },
      endpoint: { type: 'string' },
      json: { type: 'boolean' },
    });
    const routes = values.route ?? [];
    if (routes.length === 0 && positionals.length !== 1) throw new WorkbenchError('usage', `Expected one folder, got ${positionals.length}.`, { hint: 'Run lambda-workbench serve --help.' });
    if (routes.length > 0 && positionals.length > 0) throw new WorkbenchError('usage', 'Give either a folder or --route options, not both.');
    const targets: Target[] = routes.length > 0 ? parseRoutes(routes) : [{ prefix: '/', dir: positionals[0] }];
    if (routes.length > 1 && values.handler) throw new WorkbenchError('usage', '--handler applies to one function; with several --route folders put Handler in each lambda-workbench.json.');
    const payload = values.payload ?? '2.0';
    if (payload !== '2.0' && payload !== '1.0') throw new WorkbenchError('usage', `--payload must be 2.0 or 1.0, got "${payload}".`);
    const port = intFlag(values.port, '--port', 0, 65535);
    const concurrency = intFlag(values.concurrency, '--concurrency', 1, 1000);
    const idle = intFlag(values['idle-timeout'], '--idle-timeout', 1, 86_400);
    const timeout = intFlag(values.timeout, '--timeout', TIMEOUT_RANGE.min, TIMEOUT_RANGE.max);
    const memory = intFlag(values.memory, '--memory', MEMORY_RANGE.min, MEMORY_RANGE.max);
    if (values.runtime !== undefined && !SUPPORTED_RUNTIMES[values.runtime]) {
      throw new WorkbenchError('usage', `--runtime ${values.runtime} cannot be run locally.`, { hint: `Use one of ${Object.keys(SUPPORTED_RUNTIMES).join(', ')}.` });
    }
    const environment: Record<string, string> = {};
    if (values['env-file']) Object.assign(environment, await readEnvFile(resolve(values['env-file'])));
    Object.assign(environment, parseEnvFlags(values.env ?? []));

    const functions: ServedFunction[] = [];
    for (const t of targets) {
      const dir = folder(t.dir);
      // One resolver for the CLI, the editor and the emulator: defaults < binding file < flags.
      // Resolved again after every reload, so a changed binding file applies to new environments.
      // The binding's Layers are fetched before the server starts (an unreadable one stops it), then come from the cache.
      const resolveIt = async () =>
        resolveLayersForCli(
          await resolveLocalConfig({
            folder: dir,
            overrides: { handler: values.handler, functionName: values.function, runtime: values.runtime, region: values.region, memorySize: memory, timeout, environment },
          }),
          { profile: values.profile, endpoint: values.endpoint },
          io,
        );
      // Bad input stops here, before the server starts: no handler, a broken binding, a missing export.
      // A missing handler module or a syntax error is the function's init failing: the server runs,
      // and each request gets what a Function URL answers then (the runtime's error in the log, 502).
      const first = await resolveIt();
      for (const w of first.warnings) io.stderr.write(`warning: ${w}\n`);
      const { initProblem } = precheckHandler(first.config.codeDir, first.config.handler, first.config.layersDir);
      if (initProblem) io.stderr.write(`hint: ${initProblem.describe()} Each request will fail at init, as on Lambda (502).\n`);
      functions.push({ prefix: t.prefix, config: async () => (await resolveIt()).config, watchDir: values['no-reload'] ? undefined : dir });
    }

    const json = values.json === true;
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    // Every request writes several lines (its own, START/END/REPORT): one write per stream per turn of the event loop.
    const out = new LineBatch(io.stdout);
    const err = new LineBatch(io.stderr);
    const jsonLine = (value: unknown): void => out.write(JSON.stringify(value) + '\n');
    const server = await startServer({
      functions,
      port,
      payloadFormat: payload,
      maxConcurrency: concurrency,
      idleTimeoutMs: idle === undefined ? undefined : idle * 1000,
      onLog: (line, requestId) => {
        if (json) jsonLine({ type: 'log', requestId, source: line.source, text: line.text });
        else err.write((tty ? line.text.replace(/\r/g, '\n') : line.text) + '\n');
      },
      onRequest: (r) => {
        if (json) jsonLine({ type: 'request', ...r, durationMs: Math.round(r.durationMs * 100) / 100 });
        else out.write(`${r.method} ${r.path} ${r.status} ${r.durationMs.toFixed(1)} ms${r.coldStart ? ' (cold start)' : ''}${r.streamed ? ' (streamed)' : ''}\n`);
      },
      onNotice: (text) => {
        if (json) jsonLine({ type: 'notice', text });
        else err.write(text + '\n');
      },
    });
    io.stdout.write(`listening ${server.url}\n`);
    if (!io.signal.aborted) await new Promise<void>((done) => io.signal.addEventListener('abort', () => done(), { once: true }));
    await server.close();
    out.flush();
    err.flush();
    return EXIT_OK;
  },
};
