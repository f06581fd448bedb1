// `npm start`: the product, working, offline, with no AWS account.
// 1. npm deps, the real VS Code (code-server) and its apt packages, the extension build + .vsix;
// 2. the local Lambda API server, with the examples in examples/ deployed into two regions through
//    the product's own deploy engine (`lambda-workbench deploy`; CreateFunction until it exists);
// 3. code-server with the extension installed, on a fresh copy of the examples (multi-root);
// 4. prints the URL to open. Ctrl+C stops everything it started (by process group).
//
//   node scripts/start.mjs [--port N] [--folder examples/hello-cjs] [--no-build]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setupVscode } from './setup-vscode.mjs';
import { ensureDeps, npmRun } from './vscode/build.mjs';
import { ROOT } from './vscode/paths.mjs';
import { handleSignalsYourself, portInUse, stopAll } from './vscode/procs.mjs';
import { startStack } from './vscode/stack.mjs';
import { hostTarget, packageTarget } from './package-vsix.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    folder: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const log = (m) => console.log(`[start] ${m}`);
const VSIX = join(ROOT, 'dist', 'lambda-workbench-dev.vsix');
const EXAMPLES = ['hello-cjs', 'orders-esm', 'greeter-ts', 'slugs-ts'].map((e) => join(ROOT, 'examples', e));

/** Hash of everything that goes into the .vsix, so an unchanged build is not packaged again. */
function inputsHash() {
  const h = createHash('sha256');
  const add = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) add(join(p, e));
    else h.update(p).update(readFileSync(p));
  };
  for (const p of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'schemas']) add(join(ROOT, p));
  for (const f of readdirSync(join(ROOT, 'dist')).filter((f) => /\.js(\.map)?$/.test(f)).sort()) add(join(ROOT, 'dist', f));
  return h.digest('hex');
}

async function packageIfChanged() {
  const stamp = `${VSIX}.sha256`;
  const hash = inputsHash();
  if (existsSync(VSIX) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    log('extension unchanged since the last package: reusing dist/lambda-workbench-dev.vsix');
    return;
  }
  log('packaging the extension (vsce)…');
  packageTarget(hostTarget(), VSIX, log);
  writeFileSync(stamp, hash);
}

async function main() {
  const t0 = Date.now();
  ensureDeps();
  await setupVscode({ log });
  if (!opts['no-build']) {
    npmRun('build', { log });
    await packageIfChanged();
  }
  let port = Number(opts.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a port number, got "${opts.port}".`);
  if (await portInUse(port)) {
    log(`port ${port} is in use: picking another`);
    port = undefined;
  }
  const stack = await startStack({
    name: 'start',
    seedVia: 'deploy',
    vsix: VSIX,
    port,
    ...(opts.folder ? { workspaceSource: resolve(opts.folder) } : { workspaceSources: EXAMPLES }),
    log,
  });
  let stopping = false;
  const shutdown = async (sig) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${sig}: stopping code-server and the local Lambda API server…`);
    await stack.stop();
    await stopAll();
    rmSync(stack.runDir, { recursive: true, force: true });
    console.log('[start] stopped.');
    process.exit(0);
  };
  handleSignalsYourself();
  process.on('SIGINT', () => shutdown('Ctrl+C'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  const line = '─'.repeat(72);
  console.log(`\n${line}`);
  console.log(`  Lambda Workbench is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)}s). Open:\n`);
  console.log(`    ${stack.openUrl}\n`);
  if (stack.emulator) {
    const byRegion = {};
    for (const f of stack.seeded) (byRegion[f.Region] ??= []).push(f.FunctionName);
    console.log(`  Local Lambda API server: ${stack.emulator.url}`);
    for (const [region, names] of Object.entries(byRegion)) console.log(`    ${region}: ${names.join(', ')}`);
    console.log(`  Try the CLI against it: node dist/cli.js list --endpoint ${stack.emulator.url} --region us-east-1 --region eu-west-1`);
  } else {
    console.log('  The local Lambda API server is not available in this build: the Lambda view has no endpoint.');
  }
  console.log(`  Workspace (a throw-away copy of examples/): ${stack.workspace}`);
  console.log(`  Logs: ${stack.runDir}`);
  console.log(`  Press Ctrl+C to stop.`);
  console.log(line);

  // Stay up until a server dies (then stop the other one too) or Ctrl+C.
  const died = await Promise.race([stack.server.proc.exited.then(() => 'code-server'), ...(stack.emulator ? [stack.emulator.proc.exited.then(() => 'the local Lambda API server')] : [])]);
  if (stopping) return; // Ctrl+C: shutdown() is already on it
  console.error(`[start] ${died} stopped unexpectedly; stopping the rest.`);
  const which = died === 'code-server' ? stack.server.proc : stack.emulator.proc;
  console.error(which.logTail(30));
  await stack.stop();
  await stopAll();
  process.exit(1);
}

main().catch(async (e) => {
  console.error(`[start] failed: ${e.message ?? e}`);
  if (e.runDir) console.error(`[start] logs: ${e.runDir}`);
  await stopAll();
  process.exit(1);
});
