// Starts the product's local Lambda API server (`node dist/cli.js emulator`) as its own process
// group on a free port, and puts functions into it: from a seed file (`--seed`, what tests use so
// their data does not move with the engine under test), or through the product's own deploy engine
// (`lambda-workbench deploy`, what `npm start` uses). Used by the integration and e2e runners.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnGroup, waitForLog } from '../../scripts/vscode/procs.mjs';
import { ROOT } from '../../scripts/vscode/paths.mjs';

const execFileP = promisify(execFile);
const CLI = join(ROOT, 'dist', 'cli.js');
export const SEED_FILE = join(ROOT, 'test', 'support', 'seed.json');
export const EXAMPLES_DIR = join(ROOT, 'examples');

/** Credentials the local server accepts; never real ones. */
export const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

async function cliSays(args) {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CLI, ...args], { timeout: 30000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Whether `lambda-workbench <name>` is implemented in this build (stubs say "not implemented"). */
export async function cliHas(name) {
  if (!existsSync(CLI)) return false;
  const r = await cliSays([name, '--help']);
  return r.code === 0 && !/not implemented/i.test(r.out);
}

/**
 * Starts the server. Resolves to `{ url, port, proc, stop() }` once it printed
 * `listening http://127.0.0.1:PORT`. A port taken in the meantime → another port.
 */
export async function startEmulator({ runDir, latencyMs, seedFile, extraArgs = [], log = () => {} }) {
  if (!(await cliHas('emulator'))) {
    throw new Error('The local Lambda API server is not available: `node dist/cli.js emulator` is missing or not implemented yet (run `npm run build`).');
  }
  let lastError;
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const args = [CLI, 'emulator', '--port', String(port), ...(latencyMs ? ['--latency', String(latencyMs)] : []), ...(seedFile ? ['--seed', seedFile] : []), ...extraArgs];
    const proc = spawnGroup('emulator', process.execPath, args, { cwd: ROOT, env: { ...process.env }, logFile: join(runDir, `emulator-${port}.log`) });
    try {
      const m = await waitForLog(proc, /listening (http:\/\/127\.0\.0\.1:\d+)/, 20000);
      const url = m[1];
      log(`local Lambda API server on ${url} (pgid ${proc.pid})`);
      return { url, port: Number(new URL(url).port), proc, stop: () => proc.stop() };
    } catch (e) {
      await proc.stop();
      lastError = e;
      if (!/EADDRINUSE|address already in use/i.test(proc.log())) break;
      log(`port ${port} was taken meanwhile; trying another`);
    }
  }
  throw lastError;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The seed entries with each example's binding merged in. */
export function loadSeed(seedFile = SEED_FILE) {
  return readJson(seedFile).functions.map((entry) => {
    const { Example, ...overrides } = entry;
    const dir = Example ? join(EXAMPLES_DIR, Example) : resolve(overrides.CodeDir ?? '.');
    const binding = Example ? readJson(join(dir, 'lambda-workbench.json')) : {};
    delete overrides.CodeDir;
    return { dir, ...binding, ...overrides };
  });
}

/**
 * Writes the seed in the server's own `--seed` format ({ functions: [CreateFunction request +
 * Region, Code.Dir] }, see docs/emulator.md) and returns the functions it holds.
 */
export function writeServerSeed(file, seedFile = SEED_FILE) {
  const functions = loadSeed(seedFile).map((fn) => {
    // Binding-only keys are not part of a CreateFunction request.
    const request = { ...fn, Code: { Dir: fn.dir } };
    for (const key of ['dir', 'Profile', '$schema']) delete request[key];
    return request;
  });
  writeFileSync(file, JSON.stringify({ functions }, null, 2));
  return functions.map((f) => ({ Region: f.Region, FunctionName: f.FunctionName }));
}

/** `lambda-workbench deploy <dir> --create ...` against the local server: the product's own path. */
async function createWithDeploy(endpoint, fn) {
  const args = ['deploy', fn.dir, '--endpoint', endpoint, '--region', fn.Region, '--function', fn.FunctionName, '--create', '--json'];
  const flags = { Role: '--role', Runtime: '--runtime', Handler: '--handler', MemorySize: '--memory', Timeout: '--timeout' };
  for (const [key, flag] of Object.entries(flags)) if (fn[key] !== undefined) args.push(flag, String(fn[key]));
  const { stdout } = await execFileP(process.execPath, [CLI, ...args], { timeout: 120000, env: { ...process.env, ...FAKE_AWS_ENV } }).catch((e) => {
    throw new Error(`lambda-workbench ${args.join(' ')} failed (exit ${e.code}):\n${e.stderr || e.stdout}`);
  });
  const result = JSON.parse(stdout.trim().split('\n').pop());
  return { Region: fn.Region, FunctionName: fn.FunctionName, FunctionArn: result.functionArn, via: 'deploy', action: result.action };
}

/** Deploys every seed entry with `lambda-workbench deploy` (the product's deploy engine). */
export async function deployToEmulator(endpoint, { seedFile = SEED_FILE, log = () => {} } = {}) {
  const created = [];
  // One after another: each deploy is quick, and the log stays readable.
  for (const fn of loadSeed(seedFile)) created.push(await createWithDeploy(endpoint, fn));
  log(`deployed ${created.length} example function(s) with lambda-workbench deploy: ${created.map((c) => `${c.FunctionName} (${c.Region}, ${c.action})`).join(', ')}`);
  return created;
}
