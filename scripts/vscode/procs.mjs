/* global AbortSignal */
// Child processes for the harness: each one leads its own process group (setsid), logs to a file,
// and is stopped by its group id, never by name. Everything started here is also killed when this
// Node process exits for any reason (normal end, uncaught error, Ctrl+C, SIGTERM, timeout).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

const live = new Set();
let ownSignalHandling = false;

/** For entry points (npm start) that stop things themselves on Ctrl+C. */
export function handleSignalsYourself() {
  ownSignalHandling = true;
}

function killGroupNow(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

process.on('exit', () => {
  for (const p of live) killGroupNow(p.pid, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (ownSignalHandling) return;
    console.error(`\nReceived ${sig}: stopping ${live.size} child process group(s).`);
    for (const p of live) killGroupNow(p.pid, 'SIGKILL');
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

/**
 * Starts `cmd args` as the leader of a new process group with stdout+stderr appended to `logFile`.
 * Returns a handle with `stop()`, `exited` (a promise of the exit code) and `logTail()`.
 */
export function spawnGroup(name, cmd, args, { env = process.env, cwd, logFile }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exitCode = null;
  const handle = {
    name,
    pid: child.pid,
    logFile,
    get running() {
      return exitCode === null;
    },
    get exitCode() {
      return exitCode;
    },
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        exitCode = code ?? (signal ? 128 : 1);
        resolve(exitCode);
      });
      child.on('error', (e) => {
        exitCode = 127;
        handle.spawnError = e;
        resolve(exitCode);
      });
    }),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    logTail: (lines = 40) => tail(handle.log(), lines),
    /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the group is gone. */
    async stop(graceMs = 3000) {
      live.delete(handle);
      if (!killGroupNow(child.pid, 'SIGTERM')) return;
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && groupAlive(child.pid)) await sleep(100);
      killGroupNow(child.pid, 'SIGKILL');
    },
  };
  if (child.pid) live.add(handle);
  return handle;
}

/** True while any process of the group still exists (the leader may be gone, its children not). */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tail(text, lines = 40) {
  return text.split('\n').slice(-lines - 1).join('\n');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port that was free a moment ago on 127.0.0.1 (callers retry if someone takes it meanwhile). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(false)));
  });
}

/**
 * Polls `url` until it answers with one of `statuses`. Fails early when `proc` exits, and after
 * `timeoutMs` with the process's log tail so the reason is visible.
 */
export async function waitForHttp(url, { statuses = [200], timeoutMs = 60000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc && !proc.running) {
      throw new Error(`${proc.name} exited with code ${proc.exitCode} before answering ${url}.\n--- ${proc.name} log tail (${proc.logFile}) ---\n${proc.logTail()}`);
    }
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer().catch(() => {});
      if (statuses.includes(res.status)) return res.status;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await sleep(200);
  }
  throw new Error(
    `${proc?.name ?? 'server'} did not answer ${url} within ${timeoutMs / 1000}s (last: ${last}).` +
      (proc ? `\n--- ${proc.name} log tail (${proc.logFile}) ---\n${proc.logTail()}` : ''),
  );
}

/** Waits until `regex` matches the process's log; returns the match. Fails like waitForHttp. */
export async function waitForLog(proc, regex, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = regex.exec(proc.log());
    if (m) return m;
    if (!proc.running) {
      throw new Error(`${proc.name} exited with code ${proc.exitCode} before printing ${regex}.\n--- ${proc.name} log tail (${proc.logFile}) ---\n${proc.logTail()}`);
    }
    await sleep(100);
  }
  throw new Error(`${proc.name} did not print ${regex} within ${timeoutMs / 1000}s.\n--- ${proc.name} log tail (${proc.logFile}) ---\n${proc.logTail()}`);
}

/** Stops every process group started by this module (used by runners' finally blocks). */
export async function stopAll() {
  await Promise.all([...live].map((p) => p.stop()));
}
