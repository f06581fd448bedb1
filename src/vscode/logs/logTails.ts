/**
 * Tail Logs in the editor: one LogOutputChannel per function ("Lambda Logs: name (region)"), a
 * TailSession writing to it, paused while the channel is not on screen, stopped by "Stop Tailing
 * Logs" or when the extension goes away. Commands: Tail Logs (the node, the configuration panel,
 * the palette), Tail Logs with Options… (start window, filter pattern), Stop Tailing Logs.
 */
import vscode = require('vscode');
import { isFunctionRef, functionKey, type FunctionRef } from '../functionRef';
import { ContextKey, Setting } from '../ids';
import { log } from '../log';
import { resolveFunction } from '../commands/pickFunction';
import type { Workbench } from '../workbench';
import { TailSession, type LogSink } from './logTailSession';

export interface TailOptions {
  /** `10m`, `1h`, an ISO date… (default: the lambdaWorkbench.logs.startWindow setting). */
  since?: string;
  filterPattern?: string;
}

interface Running {
  ref: FunctionRef;
  channel: vscode.LogOutputChannel;
  session: TailSession;
}

const running = new Map<string, Running>();
const channels = new Map<string, vscode.LogOutputChannel>();
let visibilityWatch: vscode.Disposable | undefined;

function channelName(ref: FunctionRef): string {
  return `Lambda Logs: ${ref.name} (${ref.region})`;
}

function channelFor(ref: FunctionRef): vscode.LogOutputChannel {
  const key = functionKey(ref);
  let channel = channels.get(key);
  if (!channel) channels.set(key, (channel = vscode.window.createOutputChannel(channelName(ref), { log: true })));
  return channel;
}

/** Application DEBUG/TRACE records stay visible at the channel's default level (Info), in their own colour when it allows. */
function sinkFor(channel: vscode.LogOutputChannel): LogSink {
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
    debug: (m) => (channel.logLevel <= vscode.LogLevel.Debug ? channel.debug(m) : channel.info(m)),
    trace: (m) => channel.trace(m),
  };
}

/** Output views show up as editors with the `output` scheme whose path names the channel. */
function isShown(ref: FunctionRef, editors: readonly vscode.TextEditor[]): boolean {
  const name = channelName(ref);
  return editors.some((e) => e.document.uri.scheme === 'output' && decodeURIComponent(e.document.uri.path).includes(name));
}

function watchVisibility(): void {
  visibilityWatch ??= vscode.window.onDidChangeVisibleTextEditors((editors) => {
    for (const r of running.values()) r.session.setVisible(isShown(r.ref, editors));
  });
}

function updateContext(wb: Workbench): void {
  wb.setContext(ContextKey.tailingLogs, running.size > 0);
}

async function startTail(wb: Workbench, ref: FunctionRef, options: TailOptions): Promise<TailSession> {
  const engine = await wb.connection.loadEngine();
  const config = vscode.workspace.getConfiguration(Setting.section);
  const startTime = engine.parseSince(options.since ?? config.get<string>(Setting.logsStartWindow) ?? '5m');
  const prettyJson = config.get<boolean>(Setting.logsPrettyJson) ?? true;
  const key = functionKey(ref);
  running.get(key)?.session.stop();
  const service = await wb.connection.service();
  const target = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Finding the logs of ${ref.name}…` }, () =>
    engine.resolveLogTarget(service, ref.region, ref.name),
  );
  const logs = await wb.connection.logsService();
  const channel = channelFor(ref);
  channel.show(true);
  const session: TailSession = new TailSession({
    target,
    service: logs,
    engine,
    sink: sinkFor(channel),
    startTime,
    filterPattern: options.filterPattern?.trim() || undefined,
    prettyJson,
    pollIntervalMs: engine.isLocalEndpoint(logs.connection.endpoint) ? 500 : 2000,
    onFailed: (e) => {
      wb.lastError = e;
      void vscode.window.showErrorMessage(`Tail Logs for ${ref.name} stopped: ${describe(e)}`, 'Show Output').then((b) => b && channel.show());
    },
    onStopped: () => {
      if (running.get(key)?.session === session) running.delete(key);
      updateContext(wb);
    },
  });
  running.set(key, { ref, channel, session });
  watchVisibility();
  updateContext(wb);
  log().info(`Tail Logs: ${target.logGroupName} in ${ref.region}.`);
  return session;
}

function describe(e: unknown): string {
  const d = (e as { describe?: () => string } | null)?.describe;
  return typeof d === 'function' ? d.call(e) : String((e as Error)?.message ?? e);
}

/** Tail Logs: the node's, the panel's or a picked function; returns the function's key. */
export async function tailLogsCommand(wb: Workbench, arg?: unknown, options?: unknown): Promise<string | undefined> {
  const picked = await resolveFunction(wb, arg, 'Tail Logs');
  if (!picked) return undefined;
  const opts: TailOptions = {};
  if (typeof options === 'object' && options !== null) {
    const o = options as Record<string, unknown>;
    if (typeof o.since === 'string') opts.since = o.since;
    if (typeof o.filterPattern === 'string') opts.filterPattern = o.filterPattern;
  }
  await startTail(wb, picked.ref, opts);
  return functionKey(picked.ref);
}

const WINDOWS = [
  { label: 'Last 5 minutes', since: '5m' },
  { label: 'Last 15 minutes', since: '15m' },
  { label: 'Last hour', since: '1h' },
  { label: 'Last 24 hours', since: '1d' },
  { label: 'Since a date and time…', since: '' },
];

/** Tail Logs with Options…: asks the start window and a filter pattern first. */
export async function tailLogsWithOptionsCommand(wb: Workbench, arg?: unknown): Promise<string | undefined> {
  const picked = await resolveFunction(wb, arg, 'Tail Logs with Options');
  if (!picked) return undefined;
  const engine = await wb.connection.loadEngine();
  const window = await vscode.window.showQuickPick(WINDOWS, { title: `Tail Logs: ${picked.ref.name}`, placeHolder: 'Start from…' });
  if (!window) return undefined;
  let since = window.since;
  if (!since) {
    const typed = await vscode.window.showInputBox({
      title: 'Start from',
      prompt: 'An ISO date and time (2026-01-31T12:00:00Z) or a duration back (30m, 2h, 1d)',
      validateInput: (v) => {
        try {
          engine.parseSince(v);
          return undefined;
        } catch (e) {
          return describe(e);
        }
      },
    });
    if (typed === undefined) return undefined;
    since = typed;
  }
  const filterPattern = await vscode.window.showInputBox({
    title: `Filter pattern for ${picked.ref.name}`,
    prompt: 'A CloudWatch Logs filter pattern such as ERROR, "two words", ?ERROR ?WARN or { $.level = "ERROR" }; empty shows everything',
    validateInput: (v) => (v.length > 1024 ? 'At most 1024 characters.' : undefined),
  });
  if (filterPattern === undefined) return undefined;
  await startTail(wb, picked.ref, { since, filterPattern });
  return functionKey(picked.ref);
}

/** Stop Tailing Logs: the one running, or a pick of them (a FunctionRef argument stops that one). */
export async function stopTailingCommand(wb: Workbench, arg?: unknown): Promise<number> {
  let targets: Running[];
  if (isFunctionRef(arg)) targets = [...running.values()].filter((r) => functionKey(r.ref) === functionKey(arg));
  else if (running.size <= 1) targets = [...running.values()];
  else {
    const items = [...running.values()].map((r) => ({ label: r.ref.name, description: r.ref.region, r }));
    const chosen = await vscode.window.showQuickPick(items, { title: 'Stop Tailing Logs', canPickMany: true });
    targets = chosen?.map((c) => c.r) ?? [];
  }
  for (const r of targets) r.session.stop();
  await Promise.all(targets.map((r) => r.session.done));
  updateContext(wb);
  return targets.length;
}

/** What a running tail has written lately (the extension API exposes it to tests). */
export function logTailSnapshot(ref: FunctionRef): { mode: string; lines: string[] } | undefined {
  const r = running.get(functionKey(ref));
  return r ? { mode: r.session.mode, lines: [...r.session.recent] } : undefined;
}

export function disposeLogTails(): void {
  for (const r of running.values()) r.session.stop();
  running.clear();
  for (const c of channels.values()) c.dispose();
  channels.clear();
  visibilityWatch?.dispose();
  visibilityWatch = undefined;
}
