// Provides a real VS Code offline: code-server (VS Code 1.96.4 workbench + extension host) from the
// npm registry, installed under the git-ignored .cache/vscode/. Idempotent: a stamp file makes a
// second run return in milliseconds. Also installs the apt packages it needs (Chromium, ripgrep,
// libkrb5-dev, build tools) when missing.
//   node scripts/setup-vscode.mjs            install if needed
//   node scripts/setup-vscode.mjs --verify   also start it once and expect HTTP 302 on /
//   node scripts/setup-vscode.mjs --force    reinstall
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './ensure-system.mjs';
import { install, isInstalled, writeStamp } from './vscode/install.mjs';
import { CACHE_DIR, CODE_SERVER_VERSION, ENTRY, INSTALL_DIR } from './vscode/paths.mjs';
import { startCodeServer } from './vscode/server.mjs';
import { sleep } from './vscode/procs.mjs';

const LOCK = join(CACHE_DIR, '.install.lock');
const LOCK_WAIT_MS = 20 * 60 * 1000;

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A directory lock so two entry points (npm start + npm test) never install at the same time. */
async function withLock(log, fn) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let said = false; ; ) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      const age = existsSync(LOCK) ? Date.now() - statSync(LOCK).mtimeMs : 0;
      if ((Number.isInteger(holder) && !pidAlive(holder)) || (!Number.isInteger(holder) && age > 10000)) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another install (pid ${holder}) holding ${LOCK}.`);
      if (!said) log(`Another process (pid ${holder}) is installing VS Code; waiting…`);
      said = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Starts the installed server once on an empty folder and expects 302 on `/`. */
export async function verify(log = console.log) {
  const runDir = mkdtempSync(join(tmpdir(), 'lw-verify-'));
  const folder = join(runDir, 'ws');
  mkdirSync(folder);
  const t0 = Date.now();
  const server = await startCodeServer({ runDir, folder, log });
  try {
    const res = await fetch(server.url + '/', { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`Expected 302 from ${server.url}/, got ${res.status}`);
    log(`verified: GET / -> 302 (${((Date.now() - t0) / 1000).toFixed(1)}s to start)`);
  } finally {
    await server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure code-server is installed; returns the path of its entry.js. `verify` starts it once
 * after a fresh install (always) or on request.
 */
export async function setupVscode({ force = false, verify: wantVerify = false, log = console.log } = {}) {
  ensureSystemPackages(['chromium', 'ripgrep'], { log });
  if (!force && isInstalled()) {
    if (wantVerify) await verify(log);
    return ENTRY;
  }
  await withLock(log, async () => {
    if (!force && isInstalled()) return; // another process finished it while we waited
    ensureSystemPackages(['libkrb5-dev', 'python3', 'make', 'g++'], { log });
    const t0 = Date.now();
    log(`Installing VS Code ${CODE_SERVER_VERSION.replace(/^4\./, '1.')} (code-server ${CODE_SERVER_VERSION}) into ${INSTALL_DIR} — about 2 minutes, once.`);
    // No stamp until the server has answered: a half install is left for inspection and wiped by
    // the next run, never mistaken for a good one.
    install(log);
    await verify(log);
    const seconds = Math.round((Date.now() - t0) / 1000);
    writeStamp({ seconds });
    log(`VS Code installed in ${seconds}s.`);
  });
  return ENTRY;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  try {
    await setupVscode({ force: process.argv.includes('--force'), verify: process.argv.includes('--verify') });
    console.log(`VS Code ready: ${ENTRY} (${Date.now() - t0} ms)`);
  } catch (e) {
    console.error(`setup-vscode failed: ${e.message ?? e}`);
    process.exit(1);
  }
}
