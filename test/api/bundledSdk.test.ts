/**
 * The shipped bundles load the AWS SDK (dist/awsSdk.js) on first use only: `lambda-workbench
 * package` never parses it, and a command that calls AWS still gets it, over real HTTP against the
 * local server. Runs the built dist/cli.js (the api stage builds first), not the compiled sources.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SEED = join(ROOT, 'test', 'fixtures', 'emulator', 'seed.json');
const MARK = '[[awsSdk.js required]]';

describe('bundled CLI: the AWS SDK loads on first use only', function () {
  this.timeout(60000);
  let dir: string;
  let hook: string;
  let emulator: ChildProcess | undefined;

  before(function () {
    if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'awsSdk.js'))) assert.fail('dist/cli.js and dist/awsSdk.js must be built first (npm run build)');
    dir = mkdtempSync(join(os.tmpdir(), 'lw-bundled-sdk-'));
    // Preloaded into the CLI process: reports every require of the SDK bundle.
    hook = join(dir, 'hook.js');
    writeFileSync(
      hook,
      `const M = require('node:module');
const original = M.prototype.require;
M.prototype.require = function (id) {
  if (String(id).endsWith('awsSdk.js')) process.stderr.write(${JSON.stringify(MARK + '\n')});
  return original.apply(this, arguments);
};
`,
    );
  });
  after(() => {
    emulator?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  function cli(args: string[]) {
    const r = spawnSync(process.execPath, ['-r', hook, CLI, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
      timeout: 50000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('package never requires the SDK bundle', () => {
    const folder = join(dir, 'fn');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.js'), 'exports.handler = async () => 1;\n');
    const r = cli(['package', folder, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { fileCount: number }).fileCount, 1);
    assert.ok(!r.stderr.includes(MARK), `package loaded the SDK:\n${r.stderr}`);
  });

  it('list requires it on first use and talks to the local server through it', async () => {
    emulator = spawn(process.execPath, [CLI, 'emulator', '--seed', SEED, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((res, rej) => {
      createInterface({ input: emulator!.stdout! }).once('line', (l) => res(l.replace(/^listening /, '')));
      emulator!.once('exit', () => rej(new Error('the emulator exited before listening')));
    });
    const r = cli(['list', '--endpoint', url, '--region', 'us-east-1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { regions: { functions: { FunctionName: string }[] }[] };
    assert.deepEqual(out.regions[0]!.functions.map((f) => f.FunctionName).sort(), ['hello', 'inline']);
    assert.equal(r.stderr.split(MARK).length - 1, 1, `the SDK bundle is required exactly once:\n${r.stderr}`);
  });
});
