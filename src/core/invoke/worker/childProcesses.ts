/**
 * Marks every child process the function starts, so the host can end them all with the
 * environment (timeout, crash, dispose): each child gets SANDBOX_MARKER=<environment id> in its
 * environment (inherited by its own children, detached or not), and the shared `spawned` cell is
 * set before the first one starts. Covers child_process's asynchronous calls (spawn, exec,
 * execFile, fork, through ChildProcess.prototype.spawn) and synchronous ones (spawnSync, execSync,
 * execFileSync, through the spawn_sync binding).
 */
import { ChildProcess } from 'node:child_process';
import { CONTROL, SANDBOX_MARKER } from '../protocol';
import { controlCells, post } from './channel';

interface SpawnOptions {
  envPairs?: string[];
}

function mark(options: SpawnOptions | undefined, marker: string): void {
  const c = controlCells();
  if (c) Atomics.store(c, CONTROL.spawned, 1);
  if (options && typeof options === 'object') options.envPairs = [...(options.envPairs ?? []).filter((p) => !p.startsWith(`${SANDBOX_MARKER}=`)), marker];
}

export function installChildProcessTracking(sandboxId: string): void {
  const marker = `${SANDBOX_MARKER}=${sandboxId}`;
  const proto = ChildProcess.prototype as unknown as { spawn: (this: ChildProcess, options: SpawnOptions) => unknown };
  const spawn = proto.spawn;
  proto.spawn = function (this: ChildProcess, options: SpawnOptions) {
    mark(options, marker);
    const result = spawn.call(this, options);
    if (typeof this.pid === 'number') post({ type: 'child', pid: this.pid });
    return result;
  };
  try {
    // The binding object the synchronous calls use; patching its method reaches them (per isolate).
    const binding = (process as unknown as { binding(name: string): { spawn: (options: SpawnOptions) => unknown } }).binding('spawn_sync');
    const spawnSync = binding.spawn;
    binding.spawn = function (this: unknown, options: SpawnOptions) {
      mark(options, marker);
      return spawnSync.call(this, options);
    };
  } catch {
    // Not available in this Node: children of the synchronous calls then go unmarked (see docs/invoke.md).
  }
}
