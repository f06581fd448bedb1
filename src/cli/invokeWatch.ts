/**
 * `invoke <dir> --watch`: after the first run, every change to what the function packages (or to
 * its binding file) re-runs the same events in a fresh environment, debounced and never two at
 * once. A run that fails to start (a syntax error mid-edit, a broken binding file) is reported and
 * the next save tries again. Ctrl+C / SIGTERM stops it with exit 0.
 */
import { isWorkbenchError } from '../core/errors';
import { SerialTrigger } from '../core/live/serialTrigger';
import { watchPackagedFiles } from '../core/live/watchFolder';
import { EXIT_FAILED, EXIT_OK, type CliIO } from './command';

/** Short: a save should show its result within ~150 ms for a small handler. */
export const WATCH_DEBOUNCE_MS = 40;

export interface InvokeWatchOptions {
  folder: string;
  codeDir: string;
  polling: boolean;
  rerun(signal: AbortSignal): Promise<void>;
}

export function runInvokeWatch(opts: InvokeWatchOptions, io: CliIO): Promise<number> {
  return new Promise<number>((resolve) => {
    const trigger = new SerialTrigger({
      debounceMs: WATCH_DEBOUNCE_MS,
      run: async (signal) => {
        io.stderr.write(`watch: change detected, invoking again (${new Date().toISOString().slice(11, 23)})\n`);
        await opts.rerun(signal);
      },
      onError: (e) => io.stderr.write(`watch: ${isWorkbenchError(e) ? e.describe() : String((e as Error)?.message ?? e)}\nwatch: waiting for the next change.\n`),
    });
    const finish = (code: number) => {
      watch.close();
      void trigger.stop().then(() => resolve(code));
    };
    const watch = watchPackagedFiles({
      folder: opts.folder,
      codeDir: opts.codeDir,
      polling: opts.polling,
      onChange: (kind) => trigger.trigger(kind === 'dependencies' ? 1000 : undefined),
      onGone: () => {
        io.stderr.write(`watch: ${opts.folder} was deleted or renamed; stopped.\n`);
        finish(EXIT_FAILED);
      },
    });
    io.stderr.write(`watch: watching ${opts.folder} (${watch.mode === 'native' ? 'file events' : `polling: ${watch.reason}`}); Ctrl+C stops.\n`);
    const onAbort = () => finish(EXIT_OK);
    if (io.signal.aborted) onAbort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
  });
}
