/**
 * Debug Locally: one process-isolated execution environment whose runtime opens the V8 inspector on
 * a free loopback port and waits; VS Code's own JavaScript debugger (js-debug) attaches to it; the
 * invoke then runs, so the first breakpoint binds. Logs go to the Debug Console and the Invoke output,
 * the result opens like Invoke Locally's, "Invoke Again" reuses the warm environment while the
 * session lives, and ending the session (or any failure) disposes the environment: the process
 * group is killed, nothing is left running.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { handlerExport } from '../../core/invoke/handlerName';
import type { AsDeployed, LocalConfig, LocalEnvironment } from '../../core/invoke';
import type { ConnectionManager } from '../connection';
import { ContextKey } from '../ids';
import { log } from '../log';
import type { ResultDocuments } from '../resultDocuments';
import { readEventFile, type ChosenEvent } from '../invoke/eventPicker';
import { batchedAppender, invokeHeader, invokeOutput } from '../invoke/invokeOutput';
import { debuggerPauseNote } from '../../core/invoke/pauseClock';
import { toLocalOutcome, type LocalOutcome } from '../invoke/localEngine';
import { packageAsDeployed } from '../invoke/packageAsDeployed';
import type { LocalTarget } from '../invoke/localInvokeController';
import { attachConfiguration, SESSION_MARK } from './attachConfig';
import { debugConsoleLine } from './debugConsole';

/** How long js-debug may take to attach before the environment is given up (it waits for nothing else). */
const ATTACH_LIMIT_MS = 60_000;

export interface DebugLocalOptions {
  /** The workspace folder the session belongs to (launch.json's), else the handler's. */
  folder?: vscode.WorkspaceFolder;
  /** The session's name (launch.json's "name"). */
  name?: string;
  /** The inspector's port; 0 or absent = a free one. */
  port?: number;
}

export interface DebugLocalRun {
  local: LocalConfig;
  event: ChosenEvent;
  outcome: LocalOutcome;
  /** Path of the result document ("/local/…"). */
  resultPath: string;
  /** The js-debug session attached to the environment (still alive after the invoke). */
  sessionId: string | undefined;
}

interface Live {
  id: string;
  env: LocalEnvironment;
  local: LocalConfig;
  event: ChosenEvent;
  abort: AbortController;
  session?: vscode.DebugSession;
  ended: boolean;
  /** As deployed: the unzipped package the environment runs, removed when the session ends. */
  built?: AsDeployed;
}

export interface DebugLocalHost {
  resolve(target: LocalTarget): Promise<LocalConfig>;
  passCredentials(): boolean;
  /** Run the package as deploy builds it (the invoke.asDeployed setting), read at every start. */
  asDeployed?(): boolean;
  /** Runs a build, its errors shown in the Problems panel. */
  trackBuild?<T>(folder: string, work: () => Promise<T>): Promise<T>;
}

export class DebugLocalController implements vscode.Disposable {
  private live: Live | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly results: ResultDocuments,
    private readonly setContext: (key: string, value: unknown) => void,
    private readonly host: DebugLocalHost,
  ) {
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((s) => {
        const live = this.live;
        if (live && !live.session && s.configuration[SESSION_MARK] === live.id) live.session = s;
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        const live = this.live;
        // Ours, or js-debug's child session for the attached target.
        if (live && (s.configuration[SESSION_MARK] === live.id || s.parentSession?.configuration[SESSION_MARK] === live.id)) void this.end(live, 'The debug session ended.');
      }),
    ];
  }

  /** The session's id while one is attached to a live environment. */
  get activeSessionId(): string | undefined {
    return this.live && !this.live.ended ? this.live.session?.id : undefined;
  }

  /**
   * Starts an environment with the inspector, attaches the debugger, runs the event once and
   * returns its outcome; the session stays attached (and the environment warm) until it is stopped.
   */
  async start(target: LocalTarget, event: ChosenEvent, options: DebugLocalOptions = {}): Promise<DebugLocalRun> {
    await this.stop();
    const engine = await this.connection.loadEngine();
    const port = options.port ?? 0;
    const debugTarget: LocalTarget = { ...target, request: { ...target.request, overrides: { ...target.request.overrides, inspect: { port, wait: true } } } };
    const local = await this.host.resolve(debugTarget);
    // Bad input is refused before anything starts: a missing handler file or export, a port in use.
    engine.checkHandler(local.config.codeDir, local.config.handler, local.config.layersDir);
    await engine.checkInspectPort(port);
    const credentials = this.host.passCredentials() ? await this.connection.credentials() : undefined;
    // As deployed: the package a deploy would upload, with source maps for the debugger, mapped back to the sources.
    const built = this.host.asDeployed?.() === true ? await packageAsDeployed(engine, target.request.folder, local.config, { sourceMaps: true, trackBuild: this.host.trackBuild }) : undefined;
    let env: LocalEnvironment;
    try {
      env = await engine.createEnvironment({ ...(built?.config ?? local.config), credentials });
    } catch (error) {
      await built?.dispose();
      throw error;
    }
    const live: Live = { id: randomUUID(), env, local, event, abort: new AbortController(), ended: false, built };
    this.live = live;
    this.setContext(ContextKey.debugLocalActive, true);
    const out = invokeOutput();
    const name = options.name ?? `Debug ${local.config.handler} (Lambda)`;
    out.appendLine(invokeHeader(`Debug ${local.config.handler} locally${built ? ' as deployed' : ''} (${local.config.functionName}, ${local.config.runtime}) with ${event.label}`));
    for (const w of local.warnings) out.appendLine(`warning: ${w}`);
    for (const note of built?.notes ?? []) out.appendLine(note);
    if (env.execution.node) out.appendLine(`process isolation: ${env.execution.node.description}`);
    const attachTimer = setTimeout(() => {
      if (!live.session) void this.end(live, 'The debugger did not attach within a minute.');
    }, ATTACH_LIMIT_MS);
    env.onInspector = (url) => {
      const config = attachConfiguration({
        inspectorUrl: url,
        codeDir: built?.config.codeDir ?? local.config.codeDir,
        sources: { dir: local.config.codeDir, built: built?.manifest.build !== undefined },
        runtimeDir: path.dirname(engine.defaultWorkerPath()),
        name,
        id: live.id,
      });
      const folder = options.folder ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(local.config.codeDir));
      void Promise.resolve(vscode.debug.startDebugging(folder, config as vscode.DebugConfiguration, { suppressDebugView: false })).then(
        (started) => {
          if (!started) void this.end(live, 'VS Code\'s JavaScript debugger did not start.');
        },
        (e: unknown) => void this.end(live, `VS Code's JavaScript debugger did not start: ${(e as Error).message}`),
      );
    };
    try {
      const run = await this.invoke(live, event);
      return run;
    } catch (error) {
      await this.end(live);
      throw error;
    } finally {
      clearTimeout(attachTimer);
    }
  }

  /** Runs the session's event again in the same (warm) environment, breakpoints still bound. */
  async invokeAgain(): Promise<DebugLocalRun | undefined> {
    const live = this.live;
    if (!live || live.ended) {
      void vscode.window.showInformationMessage('No Debug Locally session is running: start one with "Debug Locally" on a handler file.');
      return undefined;
    }
    // A saved event is read again, so edits to it apply.
    const event = live.event.uri ? await readEventFile(live.event.uri) : live.event;
    live.event = event;
    return this.invoke(live, event);
  }

  private async invoke(live: Live, event: ChosenEvent): Promise<DebugLocalRun> {
    const { config } = live.local;
    const out = invokeOutput();
    const logs = batchedAppender(out);
    const onLog = (text: string): void => {
      const line = text.replace(/\r/g, '\n');
      logs.write(line.endsWith('\n') ? line : `${line}\n`);
      debugConsoleLine(line);
    };
    let result;
    try {
      result = await live.env.invokeJson(event.payload, { signal: live.abort.signal, onLog: (l) => onLog(l.text) });
    } catch (error) {
      if (live.ended) throw new WorkbenchError('aborted', 'The debug session was stopped.');
      throw error;
    } finally {
      logs.flush();
    }
    const outcome = toLocalOutcome(result);
    const resultPath = `/local/${config.functionName}/${handlerExport(config.handler)}.json`;
    await this.results.show(resultPath, JSON.stringify(outcome.body ?? null, null, 2) + '\n', { language: 'json' });
    const summary = outcome.ok ? `${config.handler} returned` : `${config.handler} failed: ${[outcome.errorType, outcome.errorMessage].filter(Boolean).join(': ')}`;
    debugConsoleLine(`${summary} (the result is open beside the code; "Lambda: Invoke Again" runs it again in this environment)`);
    const paused = debuggerPauseNote(result);
    if (paused) debugConsoleLine(`The handler ran ${result.durationMs.toFixed(2)} ms, ${paused}.`);
    log().info(`Debug Locally: ${summary}.`);
    if (!live.ended) {
      void vscode.window.showInformationMessage(summary, 'Invoke Again', 'Stop').then((picked) => {
        if (picked === 'Invoke Again' && this.live === live) void this.invokeAgain().catch((e: unknown) => debugConsoleLine(`Invoke Again failed: ${(e as Error).message}`));
        if (picked === 'Stop' && this.live === live) void this.stop();
      });
    }
    return { local: live.local, event, outcome, resultPath, sessionId: live.session?.id };
  }

  /** Ends the session and disposes its environment. */
  async stop(): Promise<boolean> {
    const live = this.live;
    if (!live) return false;
    await this.end(live);
    return true;
  }

  private async end(live: Live, reason?: string): Promise<void> {
    if (live.ended) return;
    live.ended = true;
    if (reason) {
      invokeOutput().appendLine(`■ ${reason}`);
      debugConsoleLine(reason);
    }
    live.abort.abort();
    if (this.live === live) {
      this.live = undefined;
      this.setContext(ContextKey.debugLocalActive, false);
    }
    // The process group goes first, so the debugger sees its target end rather than hang.
    await live.env.dispose();
    await live.built?.dispose().catch(() => undefined);
    if (live.session) await Promise.resolve(vscode.debug.stopDebugging(live.session)).catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
    for (const s of this.subscriptions) s.dispose();
  }
}
