/**
 * `deploy <dir> --watch`: the CLI shell around core's sync loop. One line per sync on stdout (the
 * same JSON as `deploy --json`, or the same sentence as a plain deploy), status and failures on
 * stderr, and Ctrl+C / SIGTERM ends it cleanly, cancelling an upload under way and saying where
 * the function stands.
 */
import type { DeployProgress, DeployResult } from '../core/deploy/types';
import { isWorkbenchError } from '../core/errors';
import { startSync } from '../core/live/syncLoop';
import { EXIT_FAILED, EXIT_OK, writeJson, type CliIO } from './command';

export interface SyncWatchOptions {
  folder: string;
  json: boolean;
  polling: boolean;
  deployOnce(signal: AbortSignal, onProgress: (p: DeployProgress) => void): Promise<DeployResult>;
  describe(result: DeployResult): string;
}

export function runSyncWatch(opts: SyncWatchOptions, io: CliIO): Promise<number> {
  return new Promise<number>((resolve) => {
    let lastStatus = '';
    const session = startSync({
      folder: opts.folder,
      polling: opts.polling,
      deployOnce: opts.deployOnce,
      onStatus: (s) => {
        if (s !== lastStatus && s !== 'idle') io.stderr.write(`sync: ${s}…\n`);
        lastStatus = s;
      },
      onOutcome: (o) => {
        const time = o.at.toISOString().slice(11, 19);
        if (o.ok) {
          const { action, functionArn, codeSha256, state, lastUpdateStatus } = o.result;
          if (opts.json) writeJson(io, { action, functionArn, codeSha256, state, lastUpdateStatus });
          else io.stdout.write(`[${time}] ${opts.describe(o.result)}`);
          for (const w of o.result.warnings) io.stderr.write(`warning: ${w}\n`);
        } else {
          const text = isWorkbenchError(o.error) ? o.error.describe() : String((o.error as Error)?.message ?? o.error);
          if (o.stopped) io.stderr.write(`[${time}] sync cancelled: ${text}\n`);
          else io.stderr.write(`[${time}] sync failed${o.firstInStreak ? '' : ' again'}: ${text}\nsync: waiting for the next change.\n`);
        }
      },
      onEnded: (reason) => {
        io.stderr.write(`sync stopped: ${reason}\n`);
        resolve(EXIT_FAILED);
      },
    });
    io.stderr.write(`sync: watching ${opts.folder} (${session.watch.mode === 'native' ? 'file events' : `polling: ${session.watch.reason}`}); Ctrl+C stops.\n`);
    const onAbort = () => {
      io.stderr.write('sync: stopping…\n');
      void session.stop().then(() => {
        io.stderr.write('sync stopped.\n');
        resolve(EXIT_OK);
      });
    };
    if (io.signal.aborted) onAbort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
  });
}
