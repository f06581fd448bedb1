/**
 * Which Node runs a process-isolated execution environment: one on PATH whose major version is the
 * function's runtime's (nodejs22.x → a Node 22; `node22` before `node`), else the host's own Node
 * (`process.execPath`, with ELECTRON_RUN_AS_NODE=1 inside VS Code). The choice is reported, never hidden.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

export interface NodeChoice {
  /** The executable. */
  path: string;
  /** Its `--version`, e.g. v22.11.0. */
  version: string;
  /** True when its major version is the runtime's. */
  matches: boolean;
  /** The host is Electron (VS Code): the child needs ELECTRON_RUN_AS_NODE=1 to act as Node. */
  electron: boolean;
  /** One line for the user: which Node, and why. */
  description: string;
}

const versions = new Map<string, string | undefined>();

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `node --version` of a candidate, cached; bounded so a broken binary cannot hang an invoke. */
function versionOf(file: string): string | undefined {
  if (!versions.has(file)) {
    let v: string | undefined;
    try {
      v = execFileSync(file, ['--version'], { timeout: 5000, encoding: 'utf8', env: {}, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (!/^v\d+\./.test(v)) v = undefined;
    } catch {
      v = undefined;
    }
    versions.set(file, v);
  }
  return versions.get(file);
}

export function runtimeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m ? Number(m[1]) : undefined;
}

/** Picks the Node for a runtime. `env` is the host's environment (for PATH); `host` is this process. */
export function chooseNode(
  runtime: string,
  env: NodeJS.ProcessEnv = process.env,
  host: { execPath: string; version: string; electron: boolean } = { execPath: process.execPath, version: process.version, electron: Boolean(process.versions.electron) },
): NodeChoice {
  const major = runtimeMajor(runtime);
  const names = process.platform === 'win32' ? [`node${major}.exe`, 'node.exe'] : [`node${major}`, 'node'];
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d));
  for (const name of names) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (!executable(file)) continue;
      const version = versionOf(file);
      if (version && Number(/^v(\d+)/.exec(version)?.[1]) === major) {
        return { path: file, version, matches: true, electron: false, description: `Node ${version} from ${file} (matches ${runtime})` };
      }
    }
  }
  const hostMajor = Number(/^v(\d+)/.exec(host.version)?.[1]);
  const what = host.electron ? "the editor's own Node" : "this process's Node";
  return {
    path: host.execPath,
    version: host.version,
    matches: hostMajor === major,
    electron: host.electron,
    description: `Node ${host.version}, ${what} (${host.execPath})${hostMajor === major ? '' : `: no Node ${major ?? '?'} on PATH for ${runtime}`}`,
  };
}
