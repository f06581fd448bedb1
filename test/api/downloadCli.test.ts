/**
 * `lambda-workbench download` against `lambda-workbench emulator` (two real CLI processes), then
 * `lambda-workbench invoke` on the downloaded folder: its binding file makes it ready to run.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = resolve(__dirname, '../../src/cli.js');
const SEED = resolve(__dirname, '../../../test/fixtures/emulator/seed.json');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_REGION: 'us-east-1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lambda-workbench download (CLI)', function () {
  this.timeout(90_000);
  let emulator: ChildProcess;
  let url: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-download-cli-'));
    emulator = spawn(process.execPath, [CLI, 'emulator', '--seed', SEED, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((res, rej) => {
      createInterface({ input: emulator.stdout! }).once('line', (l) => res(l.replace(/^listening /, '')));
      emulator.once('exit', () => rej(new Error('the emulator exited before listening')));
    });
  });
  after(() => {
    emulator.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the code and a binding file, and the folder invokes at once', () => {
    const folder = join(dir, 'hello');
    const r = cli(['download', 'hello', folder, '--endpoint', url, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { folder: string; files: string[]; bindingFile: string; codeSha256: string; environmentVariables: number };
    assert.ok(out.files.includes('index.js'));
    assert.equal(out.environmentVariables, 1);
    const binding = JSON.parse(readFileSync(join(folder, 'lambda-workbench.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(binding.FunctionName, 'hello');
    assert.equal(binding.Handler, 'index.handler');
    assert.equal(binding.MemorySize, 256);
    const run = cli(['invoke', folder]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { statusCode: 200, body: JSON.stringify({ hello: 'world' }) });
  });

  it('refuses to replace files without --force (exit 2, nothing written), replaces with it', () => {
    const folder = join(dir, 'taken');
    cli(['download', 'hello', folder, '--endpoint', url]);
    writeFileSync(join(folder, 'index.js'), 'mine\n');
    const r = cli(['download', 'hello', folder, '--endpoint', url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /would be replaced: .*index\.js.*--force/);
    assert.equal(readFileSync(join(folder, 'index.js'), 'utf8'), 'mine\n');
    const forced = cli(['download', 'hello', folder, '--endpoint', url, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(join(folder, 'index.js'), 'utf8'), 'mine\n');
    assert.match(forced.stdout, /review before committing/);
  });

  it('--no-binding writes only the code; a missing function exits 1; bad usage exits 2', () => {
    const folder = join(dir, 'bare');
    assert.equal(cli(['download', 'hello', folder, '--endpoint', url, '--no-binding']).code, 0);
    assert.ok(!existsSync(join(folder, 'lambda-workbench.json')));
    const missing = cli(['download', 'nope', join(dir, 'nope'), '--endpoint', url]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/);
    assert.equal(cli(['download', 'hello', '--endpoint', url]).code, 2);
  });
});
