import { isValidRegion, listAllRegions, type FunctionConfiguration } from '../core/aws';
import { WorkbenchError } from '../core/errors';
import { EXIT_FAILED, EXIT_OK, intFlag, parseFlags, writeJson, type CliCommand } from './command';
import { CONNECTION_FLAGS, connectFromFlags, regionOrDefault } from './connection';

const usage = `Usage: lambda-workbench list [--region R]... [--profile P] [--endpoint URL] [--page-size N] [--concurrency N] [--json]

Lists the functions of one or more regions. Regions are listed in parallel, each paging to the end.
  --region R        a region to list; repeat for several (default: AWS_REGION or the profile's region)
  --profile P       a named profile from ~/.aws/config (default: AWS_PROFILE or the default chain)
  --endpoint URL    a Lambda-compatible endpoint, e.g. the local server (default: AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL)
  --page-size N     functions per ListFunctions page, 1-50 (default 50)
  --concurrency N   regions listed at once (default 8)
  --json            print {"regions":[{"region","functions":[...],"error"?}]} (environment values shown as ***)
Exit codes: 0 all regions listed, 1 a region failed, 2 bad usage.`;

/** Environment values can hold secrets and output ends up in CI logs: keep the keys, hide the values. */
function redactEnvironment(f: FunctionConfiguration): FunctionConfiguration {
  const vars = f.Environment?.Variables;
  if (!vars) return f;
  return { ...f, Environment: { ...f.Environment, Variables: Object.fromEntries(Object.keys(vars).map((k) => [k, '***'])) } };
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List functions in one or more regions',
  usage,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      {
        ...CONNECTION_FLAGS,
        region: { type: 'string', multiple: true },
        'page-size': { type: 'string' },
        concurrency: { type: 'string' },
      },
      false,
    );
    const pageSize = intFlag(values['page-size'], '--page-size', 1, 50);
    const concurrency = intFlag(values.concurrency, '--concurrency', 1, 64);
    const { service, factory } = await connectFromFlags(values, io.env);
    try {
      let regions = [...new Set(values.region ?? [])];
      if (regions.length === 0) regions = [await regionOrDefault(undefined, service, io.env)];
      const bad = regions.filter((r) => !isValidRegion(r));
      if (bad.length) throw new WorkbenchError('usage', `"${bad[0]}" is not a region name.`, { hint: 'Use a region id such as us-east-1 or eu-west-1.' });

      const listings = await listAllRegions(service, regions, { signal: io.signal, pageSize, concurrency });
      if (values.json) {
        writeJson(io, {
          regions: listings.map((l) => ({ region: l.region, pages: l.pages, functions: l.functions.map(redactEnvironment), ...(l.error ? { error: l.error.toJSON() } : {}) })),
        });
      } else {
        for (const l of listings) {
          if (l.error) {
            io.stderr.write(`${l.region}: could not list functions: ${l.error.describe()}\n`);
            continue;
          }
          io.stdout.write(`${l.region} (${l.functions.length} function${l.functions.length === 1 ? '' : 's'})\n`);
          for (const f of l.functions) {
            io.stdout.write(`  ${(f.FunctionName ?? '').padEnd(40)} ${(f.Runtime ?? f.PackageType ?? '').padEnd(12)} ${String(f.MemorySize ?? '').padStart(5)} MB  ${f.LastModified ?? ''}\n`);
          }
        }
      }
      return listings.some((l) => l.error) ? EXIT_FAILED : EXIT_OK;
    } finally {
      factory.dispose();
    }
  },
};
