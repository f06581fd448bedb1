/** `lambda-workbench list` against `lambda-workbench emulator`: two real CLI processes over HTTP. */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = resolve(__dirname, '../../src/cli.js');
const SEED = resolve(__dirname, '../../../test/fixtures/emulator/seed.json');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lambda-workbench list (CLI)', function () {
  this.timeout(30000);
  let emulator: ChildProcess;
  let url: string;

  before(async () => {
    emulator = spawn(process.execPath, [CLI, 'emulator', '--seed', SEED, '--page-size', '1', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((res, rej) => {
      createInterface({ input: emulator.stdout! }).once('line', (l) => res(l.replace(/^listening /, '')));
      emulator.once('exit', () => rej(new Error('the emulator exited before listening')));
    });
  });
  after(() => {
    emulator.kill('SIGTERM');
  });

  it('round-trips with the emulator: several regions, every page, as JSON', () => {
    const r = cli(['list', '--endpoint', url, '--region', 'us-east-1', '--region', 'eu-west-1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { regions: { region: string; pages: number; functions: { FunctionName: string }[] }[] };
    const byRegion = Object.fromEntries(out.regions.map((x) => [x.region, x]));
    assert.deepEqual(byRegion['us-east-1'].functions.map((f) => f.FunctionName).sort(), ['hello', 'inline']);
    assert.equal(byRegion['us-east-1'].pages, 2, 'one function a page: two pages');
    assert.deepEqual(byRegion['eu-west-1'].functions.map((f) => f.FunctionName).sort(), ['broken', 'starting']);
    const hello = byRegion['us-east-1'].functions.find((f) => f.FunctionName === 'hello') as { Environment?: { Variables?: Record<string, string> } };
    assert.deepEqual(hello.Environment?.Variables, { STAGE: '***' }, 'environment values never reach the output');
  });

  it('prints a readable table by default', () => {
    const r = cli(['list', '--endpoint', url, '--region', 'us-east-1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^us-east-1 \(2 functions\)$/m);
    assert.match(r.stdout, /^ {2}hello\s+nodejs22\.x\s+256 MB/m);
  });

  it('exits 1 naming the endpoint when it cannot be reached, and keeps credentials out of the output', () => {
    const r = cli(['list', '--endpoint', 'http://127.0.0.1:1', '--region', 'us-east-1'], { AWS_SECRET_ACCESS_KEY: 'do-not-print-me' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Could not reach http:\/\/127\.0\.0\.1:1/);
    assert.ok(!(r.stdout + r.stderr).includes('do-not-print-me'));
  });

  it('exits 2 on bad input: a bad region, a bad endpoint, an unknown profile', () => {
    const region = cli(['list', '--endpoint', url, '--region', 'useast1']);
    assert.equal(region.code, 2);
    assert.match(region.stderr, /"useast1" is not a region name/);
    const endpoint = cli(['list', '--endpoint', 'not a url', '--region', 'us-east-1']);
    assert.equal(endpoint.code, 2);
    assert.match(endpoint.stderr, /not a valid endpoint URL/);
    const dir = mkdtempSync(join(os.tmpdir(), 'lw-profile-'));
    try {
      writeFileSync(join(dir, 'config'), '[profile dev]\nregion = eu-west-1\n');
      const profile = cli(['list', '--profile', 'nope', '--region', 'us-east-1'], { AWS_CONFIG_FILE: join(dir, 'config') });
      assert.equal(profile.code, 2);
      assert.match(profile.stderr, /The AWS profile "nope" was not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 when no region is given or configured', () => {
    const r = cli(['list', '--endpoint', url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No region was given/);
  });
});
