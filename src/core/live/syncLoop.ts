/**
 * Sync on save: deploy a folder at start and after every change to what it packages, the way
 * `sam sync --watch` does, without CloudFormation. The deploy itself is core's deploy (package,
 * "unchanged" when the CodeSha256 matches, UpdateFunctionCode, wait, configuration with its
 * conflict handling); this module decides *when*:
 * - never two deploys at once; saves during a deploy coalesce into one follow-up sync;
 * - saves are debounced; node_modules churn waits for the install to settle, then syncs once;
 * - a failure (build error, bad binding file mid-edit, throttling, conflict, network) is reported
 *   once per streak, and syncing carries on with the next change;
 * - the function deleted remotely stops the loop with a clear reason.
 * The CLI (`deploy --watch`) and the editor ("Sync Folder on Save") are thin shells around it.
 */
import { isWorkbenchError } from '../errors';
import type { DeployPhase, DeployProgress, DeployResult } from '../deploy/types';
import { SerialTrigger, type Clock } from './serialTrigger';
import { watchPackagedFiles, type ChangeKind, type FolderWatch } from './watchFolder';

export type SyncStatus = 'idle' | DeployPhase;

export type SyncOutcome =
  | { ok: true; result: DeployResult; at: Date; ms: number }
  | {
      ok: false;
      error: unknown;
      at: Date;
      ms: number;
      /** The first failure after a success (or the start): worth a notification. */
      firstInStreak: boolean;
      /** The sync was cancelled by stop(): the error says where the function stands. */
      stopped?: boolean;
    };

export interface SyncOptions {
  folder: string;
  codeDir?: string;
  /** One deploy of the folder, as it is now (reads the binding file afresh each time). */
  deployOnce(signal: AbortSignal, onProgress: (p: DeployProgress) => void): Promise<DeployResult>;
  onStatus?(status: SyncStatus): void;
  onOutcome?(outcome: SyncOutcome): void;
  /** The loop ended by itself (folder gone, function deleted): why. Not called for stop(). */
  onEnded?(reason: string): void;
  excludes?: readonly string[];
  debounceMs?: number;
  /** Quiet time after a node_modules change (an install) before syncing. */
  settleMs?: number;
  polling?: boolean;
  clock?: Clock;
}

export interface SyncSession {
  watch: FolderWatch;
  /** Ends watching; an upload under way is cancelled (the deploy reports where the function stands). */
  stop(): Promise<void>;
  /** Resolves when no sync is running or waiting (tests). */
  idle(): Promise<void>;
  readonly syncs: number;
}

export const SYNC_DEBOUNCE_MS = 300;
export const INSTALL_SETTLE_MS = 2000;

export function startSync(opts: SyncOptions): SyncSession {
  let failing = false;
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    void session.stop().then(() => opts.onEnded?.(reason));
  };
  const trigger = new SerialTrigger({
    debounceMs: opts.debounceMs ?? SYNC_DEBOUNCE_MS,
    clock: opts.clock,
    run: async (signal) => {
      const t0 = Date.now();
      try {
        const result = await opts.deployOnce(signal, (p) => opts.onStatus?.(p.phase));
        failing = false;
        opts.onOutcome?.({ ok: true, result, at: new Date(), ms: Date.now() - t0 });
      } catch (error) {
        if (signal.aborted) {
          opts.onOutcome?.({ ok: false, error, at: new Date(), ms: Date.now() - t0, firstInStreak: true, stopped: true });
          return;
        }
        opts.onOutcome?.({ ok: false, error, at: new Date(), ms: Date.now() - t0, firstInStreak: !failing });
        failing = true;
        if (isWorkbenchError(error) && error.kind === 'notFound' && /function/i.test(error.message)) end(`The function no longer exists: ${error.message}`);
      } finally {
        opts.onStatus?.('idle');
      }
    },
  });
  const onChange = (kind: ChangeKind) => trigger.trigger(kind === 'dependencies' ? (opts.settleMs ?? INSTALL_SETTLE_MS) : undefined);
  const watch = watchPackagedFiles({
    folder: opts.folder,
    codeDir: opts.codeDir,
    excludes: opts.excludes,
    polling: opts.polling,
    onChange,
    onGone: () => end(`${opts.folder} was deleted or renamed: sync stopped.`),
  });
  const session: SyncSession = {
    watch,
    async stop() {
      watch.close();
      await trigger.stop();
    },
    idle: () => trigger.idle(),
    get syncs() {
      return trigger.runs;
    },
  };
  void trigger.runNow();
  return session;
}
