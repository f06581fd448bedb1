/**
 * `lambda-workbench logs` against `lambda-workbench emulator`: two real CLI processes over HTTP,
 * the function's logs written by real invocations through the local server.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const CLI = resolve(__dirname, '../../src/cli.js');
const SEED = resolve(__dirname, '../../../test/fixtures/emulator/seed.json');
const BASE_ENV = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_REGION: 'us-east-1' };

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...BASE_ENV, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lambda-workbench logs (CLI)', function () {
  this.timeout(60_000);
  let emulator: ChildProcess;
  let url: string;
  let lambda: LambdaClient;
  const invoke = (name: string) => lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));

  before(async () => {
    emulator = spawn(process.execPath, [CLI, 'emulator', '--seed', SEED, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((res, rej) => {
      createInterface({ input: emulator.stdout! }).once('line', (l) => res(l.replace(/^listening /, '')));
      emulator.once('exit', () => rej(new Error('the emulator exited before listening')));
    });
    lambda = new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  after(() => {
    lambda?.destroy();
    emulator.kill('SIGTERM');
  });

  it('says a log group does not exist yet, and exits 0', () => {
    const r = cli(['logs', 'inline', '--endpoint', url]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /log group \/aws\/lambda\/inline does not exist yet/);
  });

  it('prints one line per event, and JSON lines with --json', async () => {
    await invoke('hello');
    const r = cli(['logs', 'hello', '--endpoint', url, '--since', '5m']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^\d{4}-\d{2}-\d{2}T[\d:.]+Z \d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32} START RequestId: /);
    assert.ok(lines.some((l) => l.includes(' REPORT RequestId: ')), r.stdout);
    const json = cli(['logs', 'hello', '--endpoint', url, '--json', '--filter', 'REPORT']);
    assert.equal(json.code, 0, json.stderr);
    const events = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { timestamp: number; logStream: string; message: string });
    assert.equal(events.length, 1);
    assert.deepEqual(Object.keys(events[0]).sort(), ['logStream', 'message', 'timestamp']);
    assert.match(events[0].message, /^REPORT RequestId: .*Duration: /);
  });

  it('--since excludes older events', async () => {
    const r = cli(['logs', 'hello', '--endpoint', url, '--since', new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z')]);
    // A start in the future is bad input, not an empty answer.
    assert.equal(r.code, 2);
    await new Promise((res) => setTimeout(res, 1100));
    const none = cli(['logs', 'hello', '--endpoint', url, '--since', '1s']);
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, '');
  });

  it('takes the Logs endpoint from AWS_ENDPOINT_URL_CLOUDWATCH_LOGS before AWS_ENDPOINT_URL, and the flag before both', () => {
    const viaGlobal = cli(['logs', 'hello', '--since', '1h'], { AWS_ENDPOINT_URL: url });
    assert.equal(viaGlobal.code, 0, viaGlobal.stderr);
    assert.match(viaGlobal.stdout, /START RequestId/);
    const dead = 'http://127.0.0.1:9';
    const specific = cli(['logs', 'hello', '--since', '1h'], { AWS_ENDPOINT_URL: url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: dead });
    assert.equal(specific.code, 1, 'Lambda goes to AWS_ENDPOINT_URL, Logs to the dead AWS_ENDPOINT_URL_CLOUDWATCH_LOGS');
    assert.match(specific.stderr, /Could not reach http:\/\/127\.0\.0\.1:9/);
    const flag = cli(['logs', 'hello', '--since', '1h', '--endpoint', url], { AWS_ENDPOINT_URL: dead, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: dead });
    assert.equal(flag.code, 0, flag.stderr);
  });

  it('--follow prints new events as they come and stops cleanly on Ctrl+C', async () => {
    const child = spawn(process.execPath, [CLI, 'logs', 'hello', '--endpoint', url, '--since', '1s', '--follow', '--json'], { env: { ...BASE_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
    try {
      await new Promise((res) => setTimeout(res, 1500));
      const count = (kind: string) => lines.filter((l) => l.includes(`"message":"${kind} RequestId`)).length;
      const before = { start: count('START'), report: count('REPORT') };
      await invoke('hello');
      // START and REPORT may arrive in different polls: wait for both, bounded.
      const deadline = Date.now() + 20_000;
      while ((count('START') === before.start || count('REPORT') === before.report) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
      assert.equal(count('START'), before.start + 1, `followed output: ${lines.join('\n')}\n${stderr}`);
      assert.equal(count('REPORT'), before.report + 1, `followed output: ${lines.join('\n')}\n${stderr}`);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, stderr);
  });

  it('bad usage exits 2 before any request', () => {
    assert.equal(cli(['logs']).code, 2);
    assert.equal(cli(['logs', 'hello', '--since', 'yesterday', '--endpoint', url]).code, 2);
    assert.equal(cli(['logs', 'not a name', '--endpoint', url]).code, 2);
    assert.equal(cli(['logs', 'hello', '--endpoint', 'ftp://x']).code, 2);
  });
});
