/**
 * The shipped bundles (dist/cli.js, dist/engine.js; the api stage builds them first), not the
 * compiled sources: the AWS SDK (dist/awsSdk.js) loads on first use only (`lambda-workbench package`
 * never parses it; a command that calls AWS still gets it, over real HTTP against the local server),
 * and the CLI (packaging on its own thread) shares a folder's incremental cache with the extension's
 * packaging worker.
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
const ALL_MARK = '[[cliAll.js required]]';

describe('bundled CLI: the AWS SDK on first use only; one packaging cache', function () {
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
  if (String(id).endsWith('cliAll.js')) process.stderr.write(${JSON.stringify(ALL_MARK + '\n')});
  return original.apply(this, arguments);
};
`,
    );
  });
  after(() => {
    emulator?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, ['-r', hook, CLI, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', ...env },
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
    // The bin loads the package-only bundle, not the one with every command.
    assert.ok(!r.stderr.includes(ALL_MARK), `package loaded the whole CLI bundle:\n${r.stderr}`);
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}invoke /m);
    assert.ok(help.stderr.includes(ALL_MARK), 'other commands and help come from the whole CLI bundle');
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

  it("shares a folder's incremental cache with the extension's packaging worker", () => {
    const folder = join(dir, 'shared');
    mkdirSync(folder, { recursive: true });
    for (const name of ['a.js', 'b.js', 'c.js']) writeFileSync(join(folder, name), `exports.${name[0]} = ${JSON.stringify(name.repeat(50))};\n`);
    const env = { LAMBDA_WORKBENCH_CACHE_DIR: join(dir, 'cache') };
    const first = cli(['package', folder, '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const byCli = JSON.parse(first.stdout) as { codeSha256: string; incremental: { reused: number; compressed: number } };
    assert.deepEqual(byCli.incremental, { reused: 0, compressed: 3 });
    // The extension's way: dist/engine.js, packageFolder's default packaging worker.
    const script = `require(${JSON.stringify(join(ROOT, 'dist', 'engine.js'))}).packageFolder(process.argv[1]).then((r) => console.log(JSON.stringify(r.manifest)))`;
    const second = spawnSync(process.execPath, ['-e', script, folder], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 50000 });
    assert.equal(second.status, 0, second.stderr);
    const byWorker = JSON.parse(second.stdout) as typeof byCli;
    assert.deepEqual(byWorker.incremental, { reused: 3, compressed: 0 }, 'every entry comes from the cache the CLI wrote');
    assert.equal(byWorker.codeSha256, byCli.codeSha256);
    const summary = cli(['package', folder], env);
    assert.equal(summary.code, 0, summary.stderr);
    assert.match(summary.stdout, /^incremental cache: 3 entries reused, 0 compressed$/m);
  });
});
