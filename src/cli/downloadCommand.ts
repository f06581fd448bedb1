/** `lambda-workbench download <function> <dir>`: a deployed function's code and binding file into a folder. */
import { downloadFunctionCode } from '../core/download';
import { isWorkbenchError, WorkbenchError } from '../core/errors';
import { parseFunctionId } from '../core/logs/target';
import { EXIT_OK, EXIT_USAGE, parseFlags, writeJson, type CliCommand } from './command';
import { CONNECTION_FLAGS, connectFromFlags, regionOrDefault } from './connection';

const usage = `Usage: lambda-workbench download <function> <dir> [--region R] [--profile P] [--endpoint URL] [--force] [--no-binding] [--json]

Downloads a deployed function's code (GetFunction's Code.Location), checks it against its
CodeSha256, unzips it into <dir> and writes <dir>/lambda-workbench.json from the deployed
configuration, so "invoke", "deploy" and the editor work on it at once.
  <function>       a function name or ARN
  <dir>            the folder to unzip into (created when missing)
  --region R       the function's region (default: from the ARN, AWS_REGION or the profile)
  --profile P      a named profile from ~/.aws/config
  --endpoint URL   a Lambda-compatible endpoint, e.g. the local server
  --force          replace files that already exist in <dir> (otherwise: exit 2, nothing written)
  --no-binding     do not write lambda-workbench.json
  --json           print {"folder","files","bindingFile","codeSha256","zipBytes","unzippedBytes","environmentVariables","layers"}
Entries that would land outside <dir>, links that point outside it, and archives over 250 MB
unzipped are refused before anything is written. The binding file holds the function's
environment variables with their values: review it before committing it.
Exit codes: 0 downloaded, 1 the download failed, 2 bad usage or files in the way.`;

export const downloadCommand: CliCommand = {
  name: 'download',
  summary: "Download a function's code and binding file into a folder",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      ...CONNECTION_FLAGS,
      force: { type: 'boolean' },
      'no-binding': { type: 'boolean' },
    });
    if (positionals.length !== 2) throw new WorkbenchError('usage', 'Give the function and the folder to download into.', { hint: 'lambda-workbench download my-function ./my-function' });
    const id = parseFunctionId(positionals[0], values.region);
    const { service, factory } = await connectFromFlags(values, io.env);
    try {
      const region = await regionOrDefault(id.region, service, io.env);
      let lastPct = -1;
      const result = await downloadFunctionCode({
        service,
        region,
        functionName: id.functionName,
        folder: positionals[1],
        overwrite: values.force ?? false,
        writeBindingFile: !values['no-binding'],
        signal: io.signal,
        onProgress: (p) => {
          if (values.json || p.phase !== 'downloading' || !p.total) return;
          const pct = Math.floor(((p.done ?? 0) / p.total) * 10) * 10;
          if (pct !== lastPct) io.stderr.write(`downloading ${pct}%\n`);
          lastPct = pct;
        },
      });
      if (values.json) writeJson(io, result);
      else {
        io.stdout.write(`Downloaded ${id.functionName} (${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${result.unzippedBytes} bytes) into ${result.folder}\n`);
        if (result.bindingFile) io.stdout.write(`Wrote ${result.bindingFile}${result.environmentVariables ? ` (it holds ${result.environmentVariables} environment variable value${result.environmentVariables === 1 ? '' : 's'}: review before committing)` : ''}\n`);
        if (result.layers.length) io.stdout.write(`The function uses ${result.layers.length} layer(s), not part of its package: ${result.layers.join(', ')}\n`);
      }
      return EXIT_OK;
    } catch (e) {
      if (isWorkbenchError(e) && e.kind === 'conflict') {
        io.stderr.write(`Error: ${e.describe()} Pass --force to replace them.\n`);
        return EXIT_USAGE;
      }
      throw e;
    } finally {
      factory.dispose();
    }
  },
};
