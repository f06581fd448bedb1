/**
 * Hot reload's trigger: watches a function's folder and reports a change once the burst of file
 * events an editor's save produces has settled. Dependency and tool folders are ignored.
 */
import { watch, type FSWatcher } from 'node:fs';

const IGNORED = /(^|[\\/])(\.git|\.lambda|\.vscode|\.cache)([\\/]|$)/;
const SETTLE_MS = 80;

export interface FolderWatch {
  close(): void;
}

export function watchFolder(dir: string, onChange: (file: string) => void): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, file) => {
      const name = file ? String(file) : '';
      if (IGNORED.test(name)) return;
      last = name;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => onChange(last), SETTLE_MS);
      timer.unref();
    });
    // A watched folder that disappears must not crash the server.
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  return {
    close(): void {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
