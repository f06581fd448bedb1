/**
 * The editor's live loop: "Sync Folder on Save" (one sync session per folder, core's startSync)
 * and "Watch Local Invoke" (re-runs the last local invoke on every change to its function's files).
 * Each shows a status-bar item that says what it watches and what happened last, and stops it when
 * clicked. Failures notify once per streak, with details in the Lambda log; the loop carries on.
 */
import * as path from 'node:path';
import vscode = require('vscode');
import type { DeployProgress } from '../../core/deploy/types';
import type { SyncSession, SyncStatus } from '../../core/live/syncLoop';
import type { FolderWatch } from '../../core/live/watchFolder';
import type { SerialTrigger } from '../../core/live/serialTrigger';
import { BINDING_FILE } from '../bindings';
import { userMessage } from '../errorText';
import { Cmd, ContextKey } from '../ids';
import { log } from '../log';
import { settings } from '../settings';
import type { Workbench } from '../workbench';

interface SyncEntry {
  session: SyncSession;
  item: vscode.StatusBarItem;
  name: string;
}

interface WatchEntry {
  watch: FolderWatch;
  trigger: SerialTrigger;
  item: vscode.StatusBarItem;
}

const STATUS_TEXT: Record<SyncStatus, string> = {
  idle: 'idle',
  packaging: 'packaging',
  checking: 'checking',
  uploading: 'uploading',
  waiting: 'waiting',
  configuring: 'configuring',
};

export class LiveSessions implements vscode.Disposable {
  private readonly syncs = new Map<string, SyncEntry>();
  private watching: WatchEntry | undefined;

  constructor(private readonly wb: Workbench) {}

  isSyncing(folder: vscode.Uri): boolean {
    return this.syncs.has(folder.fsPath);
  }

  syncedFolders(): string[] {
    return [...this.syncs.keys()];
  }

  /** Starts syncing `folder` (which must be bound to a function), or stops it when it already syncs. */
  async toggleSync(folder: vscode.Uri): Promise<boolean> {
    if (this.syncs.has(folder.fsPath)) {
      await this.stopSync(folder.fsPath);
      return false;
    }
    const engine = await this.wb.connection.loadEngine();
    const loaded = await engine.loadBinding(folder.fsPath);
    const name = loaded?.binding.FunctionName;
    if (!name) {
      const DEPLOY = 'Deploy Now…';
      const pick = await vscode.window.showWarningMessage(
        `${path.basename(folder.fsPath)} is not bound to a function yet: deploy it once (that writes ${BINDING_FILE}), then turn on Sync on Save.`,
        DEPLOY,
      );
      if (pick === DEPLOY) await vscode.commands.executeCommand(Cmd.deployFolder, folder);
      return false;
    }
    const service = await this.wb.connection.service(loaded.binding.Profile);
    const defaultRegion = loaded.binding.Region ? undefined : (await this.wb.connection.regions())[0];
    const item = vscode.window.createStatusBarItem(`lambdaWorkbench.sync.${folder.fsPath}`, vscode.StatusBarAlignment.Left, 50);
    item.name = `Lambda Sync on Save: ${name}`;
    item.command = { title: 'Stop Sync on Save', command: Cmd.stopSync, arguments: [folder] };
    const show = (icon: string, text: string, tooltip: string) => {
      item.text = `$(${icon}) ${name}: ${text}`;
      item.tooltip = `Sync on Save for ${folder.fsPath}\n${tooltip}\nClick to stop.`;
    };
    show('sync', 'starting', 'Starting…');
    item.show();
    let last = 'No sync yet.';
    const session = engine.startSync({
      folder: folder.fsPath,
      excludes: settings.packageExclude(folder),
      deployOnce: async (signal: AbortSignal, onProgress: (p: DeployProgress) => void) => {
        // The binding file is read again each time: a broken one fails this sync, never deploys defaults.
        const now = await engine.loadBinding(folder.fsPath);
        return this.wb.buildProblems.track(folder.fsPath, () =>
          engine.deploy(
            service,
            { folder: folder.fsPath, binding: now?.binding ?? null, defaultRegion, allowCreate: false, packageOptions: { excludes: settings.packageExclude(folder) } },
            { signal, onProgress },
          ),
        );
      },
      onStatus: (s) => (s === 'idle' ? show('cloud', 'synced', last) : show('sync~spin', STATUS_TEXT[s], last)),
      onOutcome: (o) => {
        const time = o.at.toLocaleTimeString();
        if (o.ok) {
          last = `Last sync ${time}: ${o.result.action}${o.result.codeUpdated ? ', code uploaded' : ''}${o.result.changedSettings.length ? `, ${o.result.changedSettings.join(', ')}` : ''} (${o.ms} ms).`;
          log().info(`Sync on Save ${name}: ${o.result.action} (${o.ms} ms), CodeSha256 ${o.result.codeSha256}`);
          this.wb.model.refreshAll();
          return;
        }
        const message = userMessage(o.error);
        last = `Last sync ${time} ${o.stopped ? 'cancelled' : 'failed'}: ${message}`;
        log().error(`Sync on Save ${name} ${o.stopped ? 'cancelled' : 'failed'}: ${message}`);
        show('error', o.stopped ? 'stopped' : 'sync failed', last);
        // One notification per streak of failures, not one per save.
        if (o.firstInStreak && !o.stopped) {
          void vscode.window.showErrorMessage(`Sync on Save of ${name} failed: ${message}`, 'Show Log', 'Stop Sync').then((pick) => {
            if (pick === 'Show Log') log().show();
            if (pick === 'Stop Sync') void this.stopSync(folder.fsPath);
          });
        }
      },
      onEnded: (reason) => {
        void this.stopSync(folder.fsPath);
        void vscode.window.showWarningMessage(`Sync on Save of ${name} stopped: ${reason}`);
      },
    });
    this.syncs.set(folder.fsPath, { session, item, name });
    this.wb.setContext(ContextKey.syncActive, true);
    if (session.watch.mode === 'polling') log().warn(`Sync on Save ${name}: ${session.watch.reason}; polling every second instead.`);
    return true;
  }

  async stopSync(folderPath?: string): Promise<void> {
    const keys = folderPath ? [folderPath] : [...this.syncs.keys()];
    for (const key of keys) {
      const entry = this.syncs.get(key);
      if (!entry) continue;
      this.syncs.delete(key);
      entry.item.dispose();
      await entry.session.stop();
      log().info(`Sync on Save ${entry.name} stopped.`);
    }
    this.wb.setContext(ContextKey.syncActive, this.syncs.size > 0);
  }

  /** Watches the last local invoke's folder and re-runs it on every change (the run itself is the caller's). */
  async startWatch(folder: string, codeDir: string, label: string, rerun: () => Promise<unknown>): Promise<void> {
    this.stopWatch();
    const engine = await this.wb.connection.loadEngine();
    const trigger: SerialTrigger = new engine.SerialTrigger({
      debounceMs: 40,
      run: async () => {
        await rerun();
      },
      onError: (e: unknown) => log().error(`Watch ${label}: ${userMessage(e)}`),
    });
    const watch = engine.watchPackagedFiles({
      folder,
      codeDir,
      excludes: settings.packageExclude(vscode.Uri.file(folder)),
      onChange: (kind) => trigger.trigger(kind === 'dependencies' ? 1000 : undefined),
      onGone: () => {
        this.stopWatch();
        void vscode.window.showWarningMessage(`Watch stopped: ${folder} was deleted or renamed.`);
      },
    });
    const item = vscode.window.createStatusBarItem('lambdaWorkbench.watch', vscode.StatusBarAlignment.Left, 49);
    item.name = 'Lambda Watch Local Invoke';
    item.text = `$(eye) ${label}`;
    item.tooltip = `Invoking ${label} again on every save in ${folder}${watch.mode === 'polling' ? ` (polling: ${watch.reason})` : ''}.\nClick to stop.`;
    item.command = Cmd.stopWatch;
    item.show();
    this.watching = { watch, trigger, item };
    this.wb.setContext(ContextKey.watchActive, true);
  }

  get isWatching(): boolean {
    return this.watching !== undefined;
  }

  stopWatch(): void {
    const w = this.watching;
    if (!w) return;
    this.watching = undefined;
    w.watch.close();
    void w.trigger.stop();
    w.item.dispose();
    this.wb.setContext(ContextKey.watchActive, false);
  }

  dispose(): void {
    this.stopWatch();
    void this.stopSync();
  }
}

const sessions = new WeakMap<Workbench, LiveSessions>();

/** The workbench's live sessions, created on first use (nothing at activation). */
export function liveSessions(wb: Workbench): LiveSessions {
  let s = sessions.get(wb);
  if (!s) {
    s = new LiveSessions(wb);
    sessions.set(wb, s);
    wb.extension.subscriptions.push(s);
  }
  return s;
}
