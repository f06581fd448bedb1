/**
 * Download Code against the local server with the real SDK: GetFunction's Code.Location served by
 * the server, checked against CodeSha256, unzipped into a folder with a binding file from the
 * deployed configuration; no overwrite without asking; an expired link is fetched afresh.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { ClientFactory, createLambdaService } from '../../src/core/aws';
import type { LambdaService } from '../../src/core/aws/types';
import { readBinding } from '../../src/core/config';
import { downloadFunctionCode, type DownloadProgress } from '../../src/core/download';
import { createInput, makeZip, startHarness, waitReady, type Harness } from './emulatorHarness';

describe('Download Code (local server, real SDK)', function () {
  this.timeout(60_000);
  let h: Harness;
  let service: LambdaService;
  const factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'lw-download-'));
    dirs.push(d);
    return d;
  };

  before(async () => {
    h = await startHarness();
    const zip = await makeZip({ 'index.js': 'exports.handler = async () => require("./lib/util").answer;\n', 'lib/util.js': 'exports.answer = 42;\n' });
    await h.client().send(
      new CreateFunctionCommand(createInput('fetchme', zip, { MemorySize: 256, Timeout: 7, Description: 'to download', Environment: { Variables: { STAGE: 'dev' } }, Tags: { team: 'a' } })),
    );
    await waitReady(h.client(), 'fetchme');
    service = createLambdaService({ endpoint: h.emulator.url }, factory);
  });
  after(async () => {
    factory.dispose();
    await h.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('unzips the code and writes a binding file from the deployed configuration', async () => {
    const folder = join(tmp(), 'fetchme');
    const phases: DownloadProgress['phase'][] = [];
    const result = await downloadFunctionCode({ service, region: 'us-east-1', functionName: 'fetchme', folder, onProgress: (p) => phases.push(p.phase) });
    assert.deepEqual(result.files.sort(), ['index.js', 'lib/util.js']);
    assert.equal(readFileSync(join(folder, 'lib', 'util.js'), 'utf8'), 'exports.answer = 42;\n');
    assert.ok(phases.includes('downloading') && phases.includes('writing'), phases.join());
    const binding = await readBinding(folder);
    assert.deepEqual(
      { ...binding },
      { FunctionName: 'fetchme', Region: 'us-east-1', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::123456789012:role/test-role', Handler: 'index.handler', Description: 'to download', Timeout: 7, MemorySize: 256, Environment: { Variables: { STAGE: 'dev' } }, Tags: { team: 'a' } },
    );
    assert.equal(result.environmentVariables, 1);
    const deployed = await h.client().send(new GetFunctionCommand({ FunctionName: 'fetchme' }));
    assert.equal(result.codeSha256, deployed.Configuration?.CodeSha256);
  });

  it('never replaces existing files without being asked, and does when asked', async () => {
    const folder = tmp();
    writeFileSync(join(folder, 'index.js'), 'mine\n');
    await assert.rejects(
      downloadFunctionCode({ service, region: 'us-east-1', functionName: 'fetchme', folder }),
      (e: Error & { kind?: string; options?: { details?: { conflicts?: string[] } } }) => e.kind === 'conflict' && e.options?.details?.conflicts?.includes('index.js') === true,
    );
    assert.equal(readFileSync(join(folder, 'index.js'), 'utf8'), 'mine\n', 'untouched');
    assert.ok(!existsSync(join(folder, 'lib')), 'nothing else written either');
    await downloadFunctionCode({ service, region: 'us-east-1', functionName: 'fetchme', folder, overwrite: true });
    assert.match(readFileSync(join(folder, 'index.js'), 'utf8'), /require\("\.\/lib\/util"\)/);
  });

  it('the server refuses an expired Code.Location, and the download fetches a fresh link', async () => {
    const real = await service.getFunction('us-east-1', 'fetchme');
    const expired = real.Code!.Location!.replace(/expires=\d+/, 'expires=1');
    assert.equal((await fetch(expired)).status, 403);
    let calls = 0;
    const stale: LambdaService = {
      ...service,
      getFunction: async (...args: Parameters<LambdaService['getFunction']>) => {
        const out = await service.getFunction(...args);
        return ++calls === 1 ? { ...out, Code: { ...out.Code, Location: expired } } : out;
      },
    };
    const folder = tmp();
    const result = await downloadFunctionCode({ service: stale, region: 'us-east-1', functionName: 'fetchme', folder });
    assert.equal(calls, 2, 'GetFunction was asked again for a fresh link');
    assert.equal(result.files.length, 2);
  });

  it('says when the function does not exist', async () => {
    await assert.rejects(downloadFunctionCode({ service, region: 'us-east-1', functionName: 'nope', folder: tmp() }), (e: Error & { kind?: string }) => e.kind === 'notFound');
  });

  it('the CLI-visible cancel: an aborted download writes nothing', async () => {
    const folder = join(tmp(), 'cancelled');
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(downloadFunctionCode({ service, region: 'us-east-1', functionName: 'fetchme', folder, signal: abort.signal }), (e: Error & { kind?: string }) => e.kind === 'aborted');
    assert.ok(!existsSync(folder));
  });
});
