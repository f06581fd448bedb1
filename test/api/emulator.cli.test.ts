import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';

const CLI = resolve(__dirname, '../../src/cli.js');
const SEED = resolve(__dirname, '../../../test/fixtures/emulator/seed.json');

interface Running {
  proc: ChildProcess;
  lines: string[];
  stderr: () => string;
  firstLine: Promise<string>;
  exited: Promise<number | null>;
}

function run(args: string[]): Running {
  const proc = spawn(process.execPath, [CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const rl = createInterface({ input: proc.stdout! });
  const firstLine = new Promise<string>((res, rej) => {
    rl.on('line', (l) => {
      lines.push(l);
      if (lines.length === 1) res(l);
    });
    proc.once('exit', () => rej(new Error(`exited before printing; stderr: ${err}`)));
  });
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return { proc, lines, stderr: () => err, firstLine, exited };
}

async function stop(r: Running): Promise<number | null> {
  r.proc.kill('SIGTERM');
  const timer = setTimeout(() => r.proc.kill('SIGKILL'), 5000);
  const code = await r.exited;
  clearTimeout(timer);
  return code;
}

describe('lambda-workbench emulator (CLI)', function () {
  this.timeout(20000);

  it('prints "listening URL" first, serves the seed, logs requests and exits 0 on SIGTERM despite keep-alive clients', async () => {
    const r = run(['--port', '0', '--seed', SEED]);
    try {
      const first = await r.firstLine;
      const m = /^listening (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
      assert.ok(m, first);
      const client = new LambdaClient({ endpoint: m[1], region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      const out = await client.send(new ListFunctionsCommand({}));
      assert.deepEqual(out.Functions?.map((f) => f.FunctionName), ['hello', 'inline']);
      // The client's keep-alive socket stays open on purpose: the server must still exit.
      assert.equal(await stop(r), 0);
      client.destroy();
      assert.ok(r.lines.some((l) => /^200 GET \/2015-03-31\/functions ListFunctions us-east-1 \d+ms$/.test(l)), r.lines.join('\n'));
      assert.doesNotMatch(r.lines.join('\n') + r.stderr(), /Credential=|test\/\d{8}|Signature/);
    } finally {
      r.proc.kill('SIGKILL');
    }
  });

  it('falls back to a free port when the asked one is taken, and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const taken = (blocker.address() as AddressInfo).port;
    const r = run(['--port', String(taken), '--json', '--quiet']);
    try {
      const first = await r.firstLine;
      const m = /^listening http:\/\/127\.0\.0\.1:(\d+)$/.exec(first);
      assert.ok(m, first);
      assert.notEqual(Number(m[1]), taken);
      assert.match(r.stderr(), new RegExp(`Port ${taken} is in use; listening on port ${m[1]} instead`));
      assert.equal(await stop(r), 0);
      assert.deepEqual(JSON.parse(r.lines[1]), { event: 'listening', url: `http://127.0.0.1:${m[1]}`, port: Number(m[1]), seededFunctions: 0 });
    } finally {
      r.proc.kill('SIGKILL');
      blocker.close();
    }
  });

  it('exits 2 on bad flags and on a bad seed file, naming the problem', async () => {
    for (const [args, pattern] of [
      [['--throttle-rate', '2'], /--throttle-rate must be a number from 0 to 1/],
      [['--nope'], /Unknown option '--nope'/],
      [['--seed', '/nonexistent/seed.json'], /Cannot read the seed file/],
      [['--concurrency', '0'], /--concurrency must be a whole number from 1 to 1000/],
      [['--function-concurrency', 'many'], /--function-concurrency must be a whole number from 1 to 1000/],
      [['--idle-timeout', '0'], /--idle-timeout must be a whole number from 1 to 86400/],
    ] as const) {
      const r = run([...args]);
      assert.equal(await r.exited, 2, args.join(' '));
      assert.match(r.stderr(), pattern);
    }
  });
});
