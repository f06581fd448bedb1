/**
 * Watches what a function's package is made of, and says what kind of change happened:
 * - `code`: a file the packager would include (the same rules: defaults, secrets, .lambdaignore);
 * - `config`: the binding file or .lambdaignore (what is packaged, or how, changed);
 * - `dependencies`: anything under node_modules (an install touches thousands of files: callers
 *   wait for it to settle and sync once).
 * Files the packager leaves out (.git, .lambda/, editor litter, build zips) never trigger.
 *
 * Native recursive fs.watch first; where the platform or its limits refuse it (inotify watches
 * exhausted, network file systems), polling with a stated interval instead, and the caller is told
 * which one runs.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { BINDING_FILE } from '../config/binding';
import { buildRules, type Rules } from '../package/rules';

export type ChangeKind = 'code' | 'config' | 'dependencies';

export interface WatchOptions {
  /** The folder with the binding file. */
  folder: string;
  /** The folder that is packaged (CodeRoot); default `folder`. */
  codeDir?: string;
  onChange(kind: ChangeKind, relPath: string): void;
  /** The watched folder was deleted or renamed: watching has stopped. */
  onGone?(): void;
  /** Extra exclude patterns (the lambdaWorkbench.package.exclude setting). */
  excludes?: readonly string[];
  /** Poll instead of native events (or when native watching fails). */
  polling?: boolean;
  pollMs?: number;
  /** Keep the process alive while watching (default true; a server that lives on its own says false). */
  persistent?: boolean;
}

export interface FolderWatch {
  mode: 'native' | 'polling';
  /** Why native watching was not used, when it was not. */
  reason?: string;
  close(): void;
}

export const DEFAULT_POLL_MS = 1000;
const LAMBDAIGNORE = '.lambdaignore';

/** Classifies one changed path (relative to the folder, any separators); undefined = not packaged, ignore. */
export function classifyChange(rel: string, codePrefix: string, rules: Rules): ChangeKind | undefined {
  const p = rel.split(path.sep).join('/');
  if (p === BINDING_FILE) return 'config';
  if (codePrefix && !(p === codePrefix.slice(0, -1) || p.startsWith(codePrefix))) return undefined;
  const inCode = codePrefix ? p.slice(codePrefix.length) : p;
  if (!inCode) return undefined;
  if (inCode === LAMBDAIGNORE) return 'config';
  if (inCode === 'node_modules' || inCode.startsWith('node_modules/')) return 'dependencies';
  // Test the path and every parent folder: an excluded folder (.git/) excludes all below it.
  const parts = inCode.split('/');
  for (let i = 1; i < parts.length; i++) if (rules.test(`${parts.slice(0, i).join('/')}/`).excluded) return undefined;
  // fs.watch names a folder without a trailing slash (".lambda" when a file inside it changed):
  // a folder the rules leave out is left out under either spelling.
  return rules.test(inCode).excluded || rules.test(`${inCode}/`).excluded ? undefined : 'code';
}

export function watchPackagedFiles(opts: WatchOptions): FolderWatch {
  const folder = path.resolve(opts.folder);
  const codeDir = path.resolve(opts.codeDir ?? folder);
  const rel = path.relative(folder, codeDir);
  const codePrefix = rel ? `${rel.split(path.sep).join('/')}/` : '';
  let rules = makeRules(codeDir, opts.excludes);
  let closed = false;
  const emit = (relPath: string) => {
    if (closed) return;
    if (!existsSync(folder)) {
      closed = true;
      stop();
      opts.onGone?.();
      return;
    }
    const kind = classifyChange(relPath, codePrefix, rules);
    if (!kind) return;
    if (kind === 'config') rules = makeRules(codeDir, opts.excludes);
    opts.onChange(kind, relPath);
  };

  let stop: () => void;
  let mode: FolderWatch['mode'] = 'native';
  let reason: string | undefined;
  let watcher: FSWatcher | undefined;
  if (!opts.polling) {
    try {
      watcher = watch(folder, { recursive: true, persistent: opts.persistent ?? true }, (_event, filename) => {
        // No file name (some platforms): treat as a change somewhere in the code.
        emit(filename ? filename.toString() : codePrefix || 'index.js');
      });
      watcher.on('error', () => emit(''));
    } catch (e) {
      reason = `native file watching is not available here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  } else reason = 'polling was asked for';
  if (watcher) {
    stop = () => watcher?.close();
  } else {
    mode = 'polling';
    stop = pollTree(folder, opts.pollMs ?? DEFAULT_POLL_MS, emit);
  }
  return {
    mode,
    reason,
    close() {
      closed = true;
      stop();
    },
  };
}

function makeRules(codeDir: string, excludes: readonly string[] | undefined): Rules {
  try {
    return buildRules([path.join(codeDir, LAMBDAIGNORE)], false, excludes);
  } catch {
    // An unreadable .lambdaignore: the package step will say so; watch with the defaults meanwhile.
    return buildRules([], false, excludes);
  }
}

/**
 * Polls: a snapshot of (path → size, mtime) every `ms`, node_modules only one level deep (an install
 * changes its top-level folders' mtimes), reporting paths that appeared, changed or went away.
 */
function pollTree(root: string, ms: number, emit: (rel: string) => void): () => void {
  let before = snapshot(root);
  const timer = setInterval(() => {
    if (!existsSync(root)) return emit('');
    const now = snapshot(root);
    for (const [p, sig] of now) if (before.get(p) !== sig) emit(p);
    for (const p of before.keys()) if (!now.has(p)) emit(p);
    before = now;
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string, depthInModules: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === '.git') continue;
      const abs = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      let st;
      try {
        st = statSync(abs);
      } catch {
        continue;
      }
      out.set(r, `${st.size}:${st.mtimeMs}`);
      if (st.isDirectory()) {
        const inModules = depthInModules >= 0 ? depthInModules + 1 : name === 'node_modules' ? 0 : -1;
        if (inModules < 1) walk(abs, r, inModules);
      }
    }
  };
  walk(root, '', -1);
  return out;
}
