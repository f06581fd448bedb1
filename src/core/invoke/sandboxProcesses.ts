/**
 * Ends the child processes an environment started, whatever became of them: on Linux every
 * process of this user whose environment carries SANDBOX_MARKER=<id> (children, grandchildren,
 * detached ones in their own process group or session, daemons re-parented to init), found in
 * /proc; elsewhere the children the environment reported (their pid, and their process group when
 * they lead one). A process that clears its environment, or runs as another user, is not found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { SANDBOX_MARKER } from './protocol';

function marked(id: string): number[] {
  const needle = Buffer.from(`${SANDBOX_MARKER}=${id}\0`);
  const found: number[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of pids) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`);
      // Entries are NUL-separated; the marker is a whole entry (at the start or after a NUL).
      const at = environ.indexOf(needle);
      if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(pid);
    } catch {
      // Gone already, or another user's process.
    }
  }
  return found;
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * SIGKILLs every process of environment `id`; `reported` are the pids it reported (used where
 * there is no /proc). Repeats the scan while it finds processes, since a dying parent may have
 * just forked. Synchronous: it runs before the worker is terminated, so a worker blocked in
 * spawnSync is released at once.
 */
export function killSandboxProcesses(id: string, reported: Iterable<number>): number {
  let killed = 0;
  if (process.platform === 'linux') {
    for (let round = 0; round < 5; round++) {
      const pids = marked(id);
      if (pids.length === 0) break;
      for (const pid of pids) kill(pid);
      killed += pids.length;
    }
    return killed;
  }
  for (const pid of reported) {
    // A detached child leads its own process group: end the group (its children) first.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Not a group leader.
    }
    kill(pid);
    killed++;
  }
  return killed;
}
