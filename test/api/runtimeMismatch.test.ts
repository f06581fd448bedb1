/**
 * A Runtime that cannot run the folder's code (python3.12 for a Node folder) is warned about before
 * anything is uploaded: in the package manifest (the deploy preview shows it), through the deploy
 * engine's onWarning ahead of the upload, and on the CLI's stderr before "Creating …".
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ClientFactory, createLambdaService } from '../../src/core/aws';
import { deploy } from '../../src/core/deploy/deploy';
import { packageFolder } from '../../src/core/package/packageFolder';
import { checkRuntimeFit } from '../../src/core/package/runtimeFit';
import { cleanupTrees, makeTree } from '../unit/package/helpers';
import { ROLE, startHarness, type Harness } from './emulatorHarness';

const CLI = resolve(__dirname, '..', '..', 'src', 'cli.js');

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('a Runtime that cannot run the package', () => {
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(async () => h.close());
  afterEach(cleanupTrees);

  it('checkRuntimeFit: the language must have code in the package', () => {
    const node = ['index.js', 'lib/util.js', 'package.json'];
    assert.match(checkRuntimeFit('python3.12', node) ?? '', /Runtime python3\.12 runs Python, but the package has no \.py\/\.pyc file.*looks like Node\.js code \(2 \.js files\): use a runtime such as nodejs22\.x/);
    assert.equal(checkRuntimeFit('nodejs22.x', node), undefined);
    assert.equal(checkRuntimeFit('python3.12', ['app.py', 'node_modules/x/index.js']), undefined);
    assert.match(checkRuntimeFit('nodejs22.x', ['app.py']) ?? '', /runs Node\.js.*looks like Python/);
    assert.match(checkRuntimeFit('provided.al2023', node) ?? '', /"bootstrap"/);
    assert.equal(checkRuntimeFit('provided.al2023', ['bootstrap']), undefined);
    assert.equal(checkRuntimeFit(undefined, node), undefined);
    assert.equal(checkRuntimeFit('nodejs22.x', []), undefined);
    // TypeScript sources for a Node.js runtime: the handler check's "build first" says it better.
    assert.equal(checkRuntimeFit('nodejs22.x', ['src/app.ts']), undefined);
    assert.match(checkRuntimeFit('python3.12', ['src/app.ts']) ?? '', /runs Python/);
  });

  it('the manifest carries the warning (the preview and `package` show it)', async () => {
    const root = makeTree({ 'index.js': 'exports.handler = async () => 1;' });
    const { manifest } = await packageFolder(root, { thread: 'main', runtime: 'python3.12', handler: 'index.handler' });
    assert.ok(manifest.warnings.some((w) => /Runtime python3\.12 runs Python/.test(w)), manifest.warnings.join('\n'));
  });

  it('deploy tells it through onWarning before uploading', async () => {
    const factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    const service = createLambdaService({ endpoint: h.emulator.url }, factory);
    const folder = makeTree({ 'index.js': 'exports.handler = async () => 1;', 'lambda-workbench.json': JSON.stringify({ FunctionName: 'py-on-node', Region: 'us-east-1', Runtime: 'python3.12', Role: ROLE, Handler: 'index.handler' }) });
    const order: string[] = [];
    try {
      const result = await deploy(service, { folder }, { onWarning: (w) => order.push(`warning ${w.slice(0, 40)}`), onProgress: (p) => order.push(p.phase) });
      assert.equal(result.action, 'created');
      const warned = order.findIndex((e) => e.startsWith('warning Runtime python3.12'));
      assert.ok(warned >= 0, order.join('\n'));
      assert.ok(warned < order.indexOf('uploading'), order.join('\n'));
      assert.ok(result.warnings.some((w) => /Runtime python3\.12 runs Python/.test(w)));
    } finally {
      factory.dispose();
    }
  });

  it('the CLI prints it on stderr before the upload line', async () => {
    const folder = makeTree({ 'index.js': 'exports.handler = async () => 1;' });
    const r = await cli(['deploy', folder, '--function', 'py-on-node-cli', '--region', 'us-east-1', '--endpoint', h.emulator.url, '--create', '--role', ROLE, '--runtime', 'python3.12', '--handler', 'index.handler'], {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    assert.equal(r.code, 0, r.stderr);
    const warning = r.stderr.indexOf('warning: Runtime python3.12 runs Python');
    assert.ok(warning >= 0, r.stderr);
    assert.ok(warning < r.stderr.indexOf('Creating py-on-node-cli'), r.stderr);
    assert.equal(r.stderr.split('warning: Runtime python3.12').length, 2, 'said once');
  });
});
