/**
 * Serve Locally's routes: one per served function, matched by path prefix (longest wins), each with
 * its generation of environments in the server's pool and, with a watched folder, its hot reload
 * (a change retires the generation, so new requests get fresh environments).
 */
import { WorkbenchError } from '../errors';
import type { LocalFunctionConfig } from '../invoke/config';
import { createEnvironment, type LocalEnvironment } from '../invoke/environment';
import type { EnvironmentPool } from '../invoke/environmentPool';
import { watchPackagedFiles } from '../live/watchFolder';
import type { PoolStats, ServedFunction } from './server';

/** An editor's save is a burst of file events: reload once it has settled. */
const RELOAD_SETTLE_MS = 80;

export interface Route {
  prefix: string;
  /** The configuration of the current generation, resolved once per generation. */
  config: () => Promise<LocalFunctionConfig>;
  resolved?: Promise<LocalFunctionConfig>;
  /** Environments of older generations are retired: new requests never get them. */
  generation: number;
  created: number;
  throttled: number;
  busy: number;
  live: Set<LocalEnvironment>;
  watch?: { close(): void };
}

export function normalisePrefix(prefix: string | undefined): string {
  if (!prefix || prefix === '/') return '/';
  const p = prefix.startsWith('/') ? prefix : '/' + prefix;
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

function matches(prefix: string, path: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(prefix + '/') || path.startsWith(prefix + '?');
}

export class Routes {
  /** Longest prefix first. */
  readonly all: Route[] = [];

  constructor(
    functions: ServedFunction[],
    private readonly pool: EnvironmentPool<LocalEnvironment>,
    notice: (text: string) => void,
  ) {
    // Checked before any watcher starts, so a refusal leaves nothing running.
    const prefixes = functions.map((fn) => normalisePrefix(fn.prefix));
    const twice = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
    if (twice !== undefined) throw new WorkbenchError('usage', `Two functions are routed at ${twice}.`, { hint: 'Give each --route its own prefix.' });
    for (const [i, fn] of functions.entries()) {
      const prefix = prefixes[i];
      const route: Route = {
        prefix,
        config: () => {
          const p = (route.resolved ??= Promise.resolve().then(fn.config));
          // A failed resolution (a broken binding file) is tried again by the next request.
          p.catch(() => route.resolved === p && (route.resolved = undefined));
          return p;
        },
        generation: 0,
        created: 0,
        throttled: 0,
        busy: 0,
        live: new Set(),
      };
      if (fn.watchDir) {
        // The live loop's watcher: only what the function packages (or its binding file) reloads it.
        let settle: NodeJS.Timeout | undefined;
        const watch = watchPackagedFiles({
          folder: fn.watchDir,
          persistent: false,
          onChange: (_kind, file) => {
            if (settle) clearTimeout(settle);
            settle = setTimeout(() => {
              this.retire(route);
              notice(`Reloaded${prefix === '/' ? '' : ` ${prefix}`}: ${file || 'a file'} changed; new requests get fresh environments.`);
            }, RELOAD_SETTLE_MS);
            settle.unref();
          },
        });
        route.watch = { close: () => (clearTimeout(settle), watch.close()) };
      }
      this.all.push(route);
    }
    this.all.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The route that answers a path (without its query), if any. */
  find(path: string): Route | undefined {
    return this.all.find((r) => matches(r.prefix, path));
  }

  /** The pool key of the route's current generation. */
  key(route: Route): string {
    return `${route.prefix}#${route.generation}`;
  }

  /** A new environment for the route's current generation, counted while it lives. */
  creator(route: Route): () => Promise<LocalEnvironment> {
    return async () => {
      const env = await createEnvironment(await route.config());
      route.created++;
      route.live.add(env);
      const dispose = env.dispose.bind(env);
      env.dispose = async () => {
        route.live.delete(env);
        await dispose();
      };
      return env;
    };
  }

  /** A reload: new requests get fresh environments, running ones finish in theirs. */
  retire(route: Route): void {
    route.generation++;
    route.resolved = undefined;
    this.pool.retireOthers(route.prefix, this.key(route));
  }

  stats(prefix?: string): PoolStats {
    const r = this.all.find((x) => x.prefix === normalisePrefix(prefix)) ?? this.all[this.all.length - 1];
    return { environments: r.live.size, busy: r.busy, created: r.created, throttled: r.throttled, generation: r.generation };
  }

  close(): void {
    for (const r of this.all) r.watch?.close();
  }
}
