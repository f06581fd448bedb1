import { basename, resolve } from 'node:path';
import { resolveDefaultRegion } from '../core/aws';
import { loadBinding, type Binding } from '../core/config/binding';
import { validateFunctionName, validateRoleArn } from '../core/config/validateFunction';
import { LIMITS } from '../core/config/validationRules';
import { deploy } from '../core/deploy/deploy';
import { WarningsOnce } from '../core/deploy/warningsOnce';
import type { DeployPhase, DeployProgress, DeployResult } from '../core/deploy/types';
import { WorkbenchError } from '../core/errors';
import { formatBytes } from '../core/package/limits';
import { EXIT_OK, intFlag, parseFlags, writeJson, type CliCommand } from './command';
import { CONNECTION_FLAGS, connectFromFlags } from './connection';
import { runSyncWatch } from './syncWatch';

const usage = `Usage: lambda-workbench deploy <dir> [--function NAME] [--region R] [--profile P] [--endpoint URL]
         [--create --role ARN --runtime RT --handler H] [--memory MB] [--timeout S] [--include-secrets] [--force]
         [--watch [--poll]] [--json]

Packages <dir> (or its CodeRoot) and creates or updates the function named in <dir>/lambda-workbench.json.
Flags override the binding file. An unchanged package is not uploaded ("unchanged").
  --function NAME     function name or ARN (binding: FunctionName)
  --region R          region (binding: Region; default AWS_REGION or the profile's region)
  --profile P         named profile (binding: Profile; default AWS_PROFILE or the default chain)
  --endpoint URL      a Lambda-compatible endpoint, e.g. the local server (default: AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL)
  --create            create the function when it does not exist (implied when a binding file exists)
  --role ARN          execution role (binding: Role)
  --runtime RT        runtime, e.g. nodejs22.x (binding: Runtime)
  --handler H         handler, e.g. index.handler (binding: Handler)
  --memory MB         memory size, ${LIMITS.memoryMin}-${LIMITS.memoryMax} (binding: MemorySize)
  --timeout S         timeout in seconds, ${LIMITS.timeoutMin}-${LIMITS.timeoutMax} (binding: Timeout)
  --include-secrets   package files the secret rules leave out (.env*, *.pem, ...)
  --force             overwrite settings changed elsewhere (the console, the editor's panel) since this
                      folder's last deploy; without it such a deploy stops before uploading, prints the
                      differences and exits 1 (the last deploy is recorded in <dir>/.lambda/deploy-state.json)
  --watch             sync on save: deploy now, then after every change to what the folder packages
                      (debounced; never two at once; node_modules installs sync once they settle);
                      one line per sync; a failed sync is reported and the next change syncs again;
                      Ctrl+C stops, cancelling an upload under way and saying where the function stands
  --poll              with --watch: poll the folder instead of using file events
  --json              print {"action","functionArn","codeSha256","state","lastUpdateStatus"} (one line per sync)
Exit codes: 0 deployed (or unchanged), 1 the deploy failed, 2 bad usage, binding file or settings.`;

export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: 'Package a folder and create or update its Lambda function',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      ...CONNECTION_FLAGS,
      function: { type: 'string' },
      create: { type: 'boolean' },
      role: { type: 'string' },
      runtime: { type: 'string' },
      handler: { type: 'string' },
      memory: { type: 'string' },
      timeout: { type: 'string' },
      'include-secrets': { type: 'boolean' },
      force: { type: 'boolean' },
      watch: { type: 'boolean' },
      poll: { type: 'boolean' },
    });
    if (positionals.length > 1) throw new WorkbenchError('usage', `Expected one folder, got ${positionals.length}: ${positionals.join(' ')}.`, { hint: 'Run with --help.' });
    const folder = resolve(positionals[0] ?? '.');
    if (values.poll && !values.watch) throw new WorkbenchError('usage', '--poll goes with --watch.');
    const overrides: Binding = {
      FunctionName: values.function,
      Region: values.region,
      Profile: values.profile,
      Role: values.role,
      Runtime: values.runtime as Binding['Runtime'],
      Handler: values.handler,
      MemorySize: intFlag(values.memory, '--memory', LIMITS.memoryMin, LIMITS.memoryMax),
      Timeout: intFlag(values.timeout, '--timeout', LIMITS.timeoutMin, LIMITS.timeoutMax),
    };
    flagIssue('--function', values.function === undefined ? [] : validateFunctionName(values.function));
    flagIssue('--role', values.role === undefined ? [] : validateRoleArn(values.role));

    const loaded = await loadBinding(folder);
    // Said before anything runs, so a misspelt key is seen even when the deploy then fails.
    for (const w of loaded?.warnings ?? []) io.stderr.write(`warning: ${basename(loaded?.file ?? '')}: ${w}\n`);
    const warnings = new WarningsOnce((w) => io.stderr.write(`warning: ${w}\n`));
    warnings.said(loaded?.warnings);
    const { service, factory } = await connectFromFlags({ profile: values.profile ?? loaded?.binding.Profile, endpoint: values.endpoint }, io.env);
    try {
      const region = values.region ?? loaded?.binding.Region;
      const defaultRegion = region ? undefined : await resolveDefaultRegion(service.connection, io.env);
      const request = (binding: Binding | null, exists: boolean) => ({
        folder,
        binding,
        overrides,
        defaultRegion,
        allowCreate: values.create === true || exists,
        packageOptions: { includeSecrets: values['include-secrets'] === true },
        force: values.force === true,
      });
      if (values.watch) {
        // Each sync reads the binding file afresh: a broken one mid-edit fails that sync (never deploys defaults).
        const deployOnce = async (signal: AbortSignal, onProgress: (p: DeployProgress) => void) => {
          const now = await loadBinding(folder);
          for (const w of now?.warnings ?? []) io.stderr.write(`warning: ${basename(now?.file ?? '')}: ${w}\n`);
          return deploy(service, request(now?.binding ?? null, now !== undefined), { signal, onProgress });
        };
        return await runSyncWatch({ folder, json: values.json === true, polling: values.poll === true, deployOnce, describe }, io);
      }
      let lastPhase: DeployPhase | undefined;
      const result = await deploy(service, request(loaded?.binding ?? null, loaded !== undefined), {
        signal: io.signal,
        onProgress: (p) => {
          if (p.phase === lastPhase) return;
          lastPhase = p.phase;
          io.stderr.write(`${p.message}\n`);
        },
        // Said before anything is uploaded (e.g. a Runtime that cannot run this code).
        onWarning: (w) => warnings.say(w),
      });
      if (values.json) {
        const { action, functionArn, codeSha256, state, lastUpdateStatus } = result;
        writeJson(io, { action, functionArn, codeSha256, state, lastUpdateStatus });
      } else io.stdout.write(describe(result));
      warnings.sayAll(result.warnings);
      return EXIT_OK;
    } finally {
      factory.dispose();
    }
  },
};

function flagIssue(flag: string, issues: Array<{ message: string }>): void {
  if (issues.length) throw new WorkbenchError('usage', `${flag}: ${issues[0].message}`);
}

function describe(r: DeployResult): string {
  const what =
    r.action === 'created'
      ? 'new function'
      : r.action === 'unchanged'
        ? 'code and configuration already up to date, nothing uploaded'
        : [r.codeUpdated ? 'code uploaded' : 'code unchanged', r.changedSettings.length ? `changed ${r.changedSettings.join(', ')}` : ''].filter(Boolean).join('; ');
  return [
    `${r.action} ${r.functionName} (${r.region}): ${what}`,
    `  ${r.functionArn}`,
    `  CodeSha256 ${r.codeSha256} (${r.manifest.fileCount} files, ${formatBytes(r.manifest.zipBytes)} zipped)`,
    `  State ${r.state ?? '?'}, LastUpdateStatus ${r.lastUpdateStatus ?? '?'}`,
  ].join('\n') + '\n';
}
