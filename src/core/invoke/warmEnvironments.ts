/**
 * Warm environments between an editor's local runs: one per handler, reused while its code and its
 * resolved settings stay the same, the way Lambda reuses an execution environment until a new
 * version is deployed. Code changes are seen by the live loop's folder watcher (what the package
 * holds, or the binding file); settings changes by a fingerprint of the resolved configuration.
 * Where the folder cannot be watched natively every run is cold: a polled watcher could notice a
 * save only after the run had started with the old code.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { LocalFunctionConfig } from './config';
import { createEnvironment, type LocalEnvironment } from './environment';
import { EnvironmentPool } from './environmentPool';
import { watchPackagedFiles, type FolderWatch, type WatchOptions } from '../live/watchFolder';

/** Why a run starts cold (the editor prints it beside "cold"). */
export type ColdReason = 'first run' | 'asked for a cold start' | 'code changed' | 'settings changed' | 'no warm environment' | 'folder not watched';

export interface WarmStart {
  /** Whether an initialised environment was there to run in (the runtime's own coldStart says the last word). */
  warm: boolean;
  /** Why not warm; for a code change, the file that changed. */
  reason?: ColdReason;
  changedFile?: string;
}

export interface WarmRequest {
  /** The function's folder (the one with the binding file): what is watched. */
  folder: string;
  config: LocalFunctionConfig;
  /** A fresh environment even when a warm one would do ("Invoke Cold"). */
  cold?: boolean;
  signal?: AbortSignal;
}

export interface WarmEnvironmentsOptions {
  /** Environments kept at most, over all handlers (least recently used go first). Default 4. */
  maxEnvironments?: number;
  /** An environment idle this long is disposed, as Lambda reclaims idle ones. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Seams for tests. */
  create?: (config: LocalFunctionConfig) => Promise<LocalEnvironment>;
  watch?: (options: WatchOptions) => FolderWatch;
}

interface Handler {
  fingerprint: string;
  /** The folder watcher's generation when it last ran; -1 once that watcher was closed. */
  generation: number;
  folderKey: string;
  /** Bumped by a cold start, so the key changes and the old environment is retired. */
  fresh: number;
}

interface Watched {
  watch: FolderWatch;
  generation: number;
  changedFile?: string;
  /** Environments of this folder alive, and runs under way: when both are zero the watcher is closed. */
  live: number;
  using: number;
}

export class WarmEnvironments {
  private readonly pool: EnvironmentPool<LocalEnvironment>;
  private readonly handlers = new Map<string, Handler>();
  private readonly watched = new Map<string, Watched>();
  private disposed = false;

  constructor(private readonly options: WarmEnvironmentsOptions = {}) {
    const max = options.maxEnvironments ?? 4;
    this.pool = new EnvironmentPool<LocalEnvironment>({ maxEnvironments: max, maxPerFunction: max, idleTimeoutMs: options.idleTimeoutMs });
  }

  /** Environments alive (busy and idle). */
  get size(): number {
    return this.pool.size;
  }

  /** Runs `run` in this handler's warm environment, or a new one; says which and why. */
  async use<T>(request: WarmRequest, run: (env: LocalEnvironment, start: WarmStart) => Promise<T>): Promise<T> {
    const { config } = request;
    const id = JSON.stringify([path.resolve(request.folder), path.resolve(config.codeDir), config.handler, config.functionName ?? '']);
    const watched = this.watch(request.folder, config.codeDir);
    // Credentials are part of the settings: hashed, never kept or shown in the clear.
    const fingerprint = createHash('sha256').update(stableJson(config)).digest('hex');
    const folderKey = watchKey(request.folder, config.codeDir);
    const before = this.handlers.get(id);
    const handler: Handler = { fingerprint, generation: watched?.generation ?? 0, folderKey, fresh: before?.fresh ?? 0 };
    let reason: ColdReason | undefined;
    if (!watched) {
      reason = 'folder not watched';
      handler.fresh++;
    } else if (request.cold) {
      reason = 'asked for a cold start';
      handler.fresh++;
    } else if (!before) reason = 'first run';
    else if (before.generation === -1) reason = undefined; // reclaimed while idle: "no warm environment"
    else if (before.fingerprint !== fingerprint) reason = 'settings changed';
    else if (before.generation !== handler.generation) reason = 'code changed';
    this.handlers.set(id, handler);
    const key = `${id}#${fingerprint}#${handler.generation}#${handler.fresh}`;
    // Retiring the old environment must not close the watcher the new one needs.
    if (watched) watched.using++;
    try {
      this.pool.retireOthers(id, key);
      return await this.pool.use(key, id, this.creator(config, folderKey, watched), (env) => {
        const warm = env.state === 'warm';
        const start: WarmStart = warm ? { warm } : { warm, reason: reason ?? 'no warm environment' };
        if (!warm && reason === 'code changed' && watched?.changedFile) start.changedFile = watched.changedFile;
        return run(env, start);
      }, { group: id, signal: request.signal, queue: true });
    } finally {
      if (watched) {
        watched.using--;
        this.maybeUnwatch(folderKey, watched);
      }
    }
  }

  /** Creates an environment counted against its folder's watcher while it lives. */
  private creator(config: LocalFunctionConfig, folderKey: string, watched: Watched | undefined): () => Promise<LocalEnvironment> {
    return async (): Promise<LocalEnvironment> => {
      const env = await (this.options.create ?? createEnvironment)(config);
      if (watched) watched.live++;
      const dispose = env.dispose.bind(env);
      let gone = false;
      env.dispose = async () => {
        if (!gone) {
          gone = true;
          if (watched) {
            watched.live--;
            this.maybeUnwatch(folderKey, watched);
          }
        }
        await dispose();
      };
      return env;
    };
  }

  /** Disposes every environment and closes every watcher. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const w of this.watched.values()) w.watch.close();
    this.watched.clear();
    this.handlers.clear();
    await this.pool.dispose();
  }

  private watch(folder: string, codeDir: string): Watched | undefined {
    if (this.disposed) return undefined;
    const key = watchKey(folder, codeDir);
    let w = this.watched.get(key);
    if (w) return w;
    let watch: FolderWatch;
    try {
      watch = (this.options.watch ?? watchPackagedFiles)({
        folder,
        codeDir,
        persistent: false,
        onChange: (_kind, file) => {
          const entry = this.watched.get(key);
          if (!entry) return;
          entry.generation++;
          entry.changedFile = file || undefined;
        },
        onGone: () => this.unwatch(key),
      });
    } catch {
      return undefined;
    }
    if (watch.mode !== 'native') {
      watch.close();
      return undefined;
    }
    w = { watch, generation: 0, live: 0, using: 0 };
    this.watched.set(key, w);
    return w;
  }

  /** Nothing of this folder is warm or running any more: stop watching it (the next run watches again). */
  private maybeUnwatch(key: string, w: Watched): void {
    if (w.live <= 0 && w.using <= 0 && this.watched.get(key) === w) this.unwatch(key);
  }

  private unwatch(key: string): void {
    const w = this.watched.get(key);
    if (!w) return;
    this.watched.delete(key);
    w.watch.close();
    // Its handlers' records name a generation of a watcher that is gone.
    for (const h of this.handlers.values()) if (h.folderKey === key) h.generation = -1;
  }
}

function watchKey(folder: string, codeDir: string): string {
  return `${path.resolve(folder)}\0${path.resolve(codeDir)}`;
}

/** JSON with object keys sorted, so the same settings always give the same fingerprint. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
