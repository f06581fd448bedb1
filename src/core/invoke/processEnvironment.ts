/**
 * The host's side of a process-isolated execution environment: a Node child process (processRelay)
 * started with the function's environment only (the host's variables never reach it, not even in
 * /proc/self/environ), in its own process group, which is killed whole (the function's own child
 * processes included) at a timeout, a crash, an abort or dispose. Its real RSS is held to the
 * function's memory size. It looks to LocalEnvironment like a worker thread: same messages, same
 * events, so the invocation logic and the runtime code are the same in both modes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { WorkbenchError } from '../errors';
import type { NodeChoice } from './nodeBinary';
import { PauseClock } from './pauseClock';
import type { HostRelayMessage, RelayMessage } from './processRelay';
import { CONTROL, WAKE, type InitMessage, type InvokeMessage } from './protocol';

const MiB = 1024 * 1024;

/** Where processRelay.js sits: next to invokeWorker.js (dist/, or out/ under tests). */
export function relayPathFor(workerPath: string): string {
  return path.join(path.dirname(workerPath), 'processRelay.js');
}

export interface ProcessOptions {
  node: NodeChoice;
  memorySize: number;
  workerPath: string;
  /** The function's environment: the child's whole environment. */
  env: Record<string, string>;
  /** Extra Node flags (the inspector for Debug Locally). */
  execArgv?: string[];
}

/**
 * How to end an environment's process and its children: the whole process group on POSIX; on
 * Windows, which has no groups to signal, the process tree by parent id (`taskkill /T /F`), which
 * misses children whose parent already exited. Pure, so it is tested on every platform.
 */
export function treeKill(platform: NodeJS.Platform, pid: number): { group: number } | { command: string; args: string[] } {
  return platform === 'win32' ? { command: 'taskkill', args: ['/pid', String(pid), '/T', '/F'] } : { group: -pid };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const how = treeKill(process.platform, child.pid);
  try {
    if ('group' in how) process.kill(how.group, 'SIGKILL');
    else {
      spawn(how.command, how.args, { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill('SIGKILL'));
    }
  } catch {
    // Already gone.
  }
}

/**
 * A child process playing a worker thread's part for LocalEnvironment: 'message', 'error' (with
 * ERR_WORKER_OUT_OF_MEMORY when the memory limit is hit) and 'exit' events, stdout/stderr,
 * ref/unref and terminate().
 */
export class ProcessWorker extends EventEmitter {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly pid: number | undefined;
  private readonly child: ChildProcess;
  private readonly pipe: Duplex | null;
  private exited: Promise<number>;
  private oomReported = false;
  /** Set once the environment watches debugger pauses (inspector on). */
  pauseClock: PauseClock | undefined;
  private peakRss = 0;
  /**
   * The host's copy of the CONTROL cells. The worker's real cells live in the child, where the relay
   * keeps output backpressure across the pipe; here the peak RSS is published for REPORT.
   */
  readonly control = new Int32Array(CONTROL.cells);

  constructor(private readonly options: ProcessOptions) {
    super();
    const env: Record<string, string> = { ...options.env };
    if (options.node.electron) env.ELECTRON_RUN_AS_NODE = '1';
    const child = spawn(options.node.path, [...(options.execArgv ?? []), relayPathFor(options.workerPath), '--memory', String(options.memorySize), '--worker', options.workerPath], {
      env,
      cwd: path.dirname(options.workerPath),
      // Its own process group: one signal ends it and everything it started.
      detached: process.platform !== 'win32',
      // fd 3 is the message pipe (JSON lines): no IPC channel, so no NODE_CHANNEL_FD in its environment.
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.pid = child.pid;
    this.stdout = child.stdout ?? new PassThrough();
    this.stderr = child.stderr ?? new PassThrough();
    this.pipe = child.stdio[3] as Duplex | null;
    let buffered = '';
    this.pipe?.setEncoding('utf8');
    this.pipe?.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line) this.onMessage(JSON.parse(line) as RelayMessage);
      }
    });
    // A write after the exit is not an error worth crashing the host for.
    this.pipe?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        // Spawning failed (no such Node): say so as the environment's error, then end as a crash.
        this.emit('error', new WorkbenchError('validation', `Cannot start ${options.node.path} for a process-isolated environment (${err.code ?? err.message}).`, { hint: 'Install Node.js or use thread isolation.' }));
        this.emit('exit', 1);
        resolve(1);
      });
      child.once('exit', (code, signal) => {
        // Whatever the function started in its group goes with it.
        killGroup(child);
        const status = code ?? (signal === 'SIGKILL' ? 137 : 1);
        this.emit('exit', status);
        resolve(status);
      });
    });
  }

  private onMessage(m: RelayMessage): void {
    if (m.type === '$paused' || m.type === '$resumed' || m.type === '$pauseWatch') return this.onPauseMessage(m);
    if (m.type === '$rss') {
      this.peakRss = Math.max(this.peakRss, m.bytes);
      Atomics.store(this.control, CONTROL.peakMemoryMb, Math.ceil(this.peakRss / MiB));
      if (m.bytes > this.options.memorySize * MiB) this.outOfMemory();
      return;
    }
    if (m.type === '$oom') return this.outOfMemory();
    this.emit('message', m);
  }

  /** Debugger pauses (inspector on): the clock the host's deadline timer follows. */
  private onPauseMessage(m: Extract<RelayMessage, { type: '$paused' | '$resumed' | '$pauseWatch' }>): void {
    if (m.type === '$paused') return this.pauseClock?.paused(m.at);
    if (m.type === '$resumed') return this.pauseClock?.resumed(m.pausedMs);
    if (!m.ok) {
      const warning = Object.assign(new Error(`the function's deadline keeps running while a debugger holds it paused (${m.reason ?? 'no pause watch'}).`), { name: 'Warning' });
      this.emit('error', warning);
      return;
    }
    this.pauseClock = new PauseClock();
    // Node prints this line (on the environment's stderr) when the last debugger connection closes.
    // Node would then resume a thread left paused; our watch's own session would keep it paused.
    let tail = '';
    this.stderr.on('data', (d: Buffer | string) => {
      tail = (tail + d.toString()).slice(-512);
      if (!tail.includes('Debugger ending on ws://')) return;
      tail = '';
      this.postMessage({ type: '$debuggerGone' });
    });
  }

  /** Over the function's memory size: the service's answer is to kill the runtime. */
  private outOfMemory(): void {
    if (this.oomReported) return;
    this.oomReported = true;
    const err = Object.assign(new Error('The execution environment ran out of memory.'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    this.emit('error', err);
    killGroup(this.child);
  }

  /** The highest RSS seen, in bytes. */
  get peakRssBytes(): number {
    return this.peakRss;
  }

  postMessage(message: InitMessage | InvokeMessage | HostRelayMessage): void {
    if (this.pipe && !this.pipe.destroyed) this.pipe.write(`${JSON.stringify(message)}\n`);
  }

  ref(): void {
    this.child.ref();
    for (const s of [this.child.stdout, this.child.stderr, this.pipe]) (s as unknown as { _handle?: { ref?: () => void } } | null)?._handle?.ref?.();
  }

  /** Lets the host exit while the environment is frozen between invocations. */
  unref(): void {
    this.child.unref();
    for (const s of [this.child.stdout, this.child.stderr, this.pipe]) (s as unknown as { _handle?: { unref?: () => void } } | null)?._handle?.unref?.();
  }

  /** Kills the process group and waits for the exit. */
  terminate(): Promise<number> {
    killGroup(this.child);
    return this.exited;
  }
}

/** Starts a process-isolated environment, shaped like a booted worker thread. */
export function startProcess(options: ProcessOptions): {
  worker: ProcessWorker;
  port: { postMessage(m: InitMessage | InvokeMessage): void; close(): void };
  wake: Int32Array;
  control: Int32Array;
} {
  const worker = new ProcessWorker(options);
  // The pipe needs no wake-up cell: a message wakes the relay, which wakes the runtime thread.
  return { worker, port: { postMessage: (m) => worker.postMessage(m), close: () => undefined }, wake: new Int32Array(WAKE.cells), control: worker.control };
}
