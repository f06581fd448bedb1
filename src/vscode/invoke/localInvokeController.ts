/**
 * Runs local invokes for the editor: one at a time, logs streamed into the Invoke output channel,
 * the result opened as a read-only JSON document, stoppable, and re-runnable with a keybinding.
 * Every run (re-runs included) resolves its configuration again through core's resolveLocalConfig,
 * so edits to lambda-workbench.json apply and a broken file is reported, never skipped.
 * Runs of the same handler share a warm environment (core's WarmEnvironments) until its code or
 * resolved settings change; "Invoke Cold" starts a new one, and the Watch loop always runs fresh.
 */
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import { handlerExport } from '../../core/invoke/handlerName';
import type { LocalConfig, LocalConfigRequest, WarmEnvironments, WarmStart } from '../../core/invoke';
import type { ConnectionManager } from '../connection';
import { ContextKey } from '../ids';
import { log } from '../log';
import { withWorkProgress } from '../progress';
import type { ResultDocuments } from '../resultDocuments';
import { readEventFile, type ChosenEvent } from './eventPicker';
import { batchedAppender, invokeHeader, invokeOutput } from './invokeOutput';
import { runLocal, type LocalOutcome } from './localEngine';
import { packageAsDeployed } from './packageAsDeployed';
import type { EngineModule } from '../engine';

/** What to run: the resolver's request (kept, so a re-run resolves it again) and the handler file. */
export interface LocalTarget {
  request: LocalConfigRequest;
  /** The handler file, for labels. */
  file?: string;
}

export interface LocalInvokeRun {
  local: LocalConfig;
  event: ChosenEvent;
  outcome: LocalOutcome;
  /** Path of the result document ("/local/…"). */
  resultPath: string;
  /** The friendly hint shown beside a missing-module or syntax init error. */
  hint?: string;
}

/** Init errors the runtime reports for a missing handler module or a syntax error: core's preflight says where and how to fix. */
const INIT_ERRORS_WITH_HINTS = new Set(['Runtime.ImportModuleError', 'Runtime.UserCodeSyntaxError']);

export function initErrorHint(engine: EngineModule, config: LocalConfig['config'], errorType: string | undefined): string | undefined {
  if (!errorType || !INIT_ERRORS_WITH_HINTS.has(errorType)) return undefined;
  try {
    return engine.precheckHandler(config.codeDir, config.handler, config.layersDir).initProblem?.describe();
  } catch {
    return undefined;
  }
}

/**
 * How a run starts: 'warm' reuses the handler's warm environment when its code and settings are
 * unchanged (the default), 'cold' replaces it with a new one that stays warm ("Invoke Cold"),
 * 'fresh' runs in an environment of its own, disposed afterwards (the Watch loop).
 */
export type StartMode = 'warm' | 'cold' | 'fresh';

/** The Invoke output's line about the environment: warm or cold, and why cold. */
export function startLine(start: WarmStart | undefined): string {
  if (!start) return 'cold start: a fresh environment for this run';
  if (start.warm) return 'warm start: the environment of the previous run was reused (Lambda: Invoke Cold starts a fresh one)';
  const why = start.reason === 'code changed' && start.changedFile ? `code changed: ${start.changedFile}` : (start.reason ?? 'no warm environment');
  return `cold start: ${why}`;
}

export function sourceLabel(local: LocalConfig): string {
  return local.source === 'defaults' ? 'default settings' : `${local.source} configuration`;
}

export class LocalInvokeController implements vscode.Disposable {
  private running: AbortController | undefined;
  private last: { target: LocalTarget; event: ChosenEvent } | undefined;
  private warm: WarmEnvironments | undefined;

  constructor(
    private readonly connection: ConnectionManager,
    private readonly results: ResultDocuments,
    private readonly setContext: (key: string, value: unknown) => void,
    private readonly options: {
      passCredentials(): boolean;
      isolation(): 'thread' | 'process';
      /** Run the package as deploy builds it (the invoke.asDeployed setting), read at every run. */
      asDeployed?(): boolean;
      /** Packaging of a folder, so its build errors reach the Problems panel. */
      trackBuild?<T>(folder: string, work: () => Promise<T>): Promise<T>;
    },
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  get hasLast(): boolean {
    return this.last !== undefined;
  }

  /** What a re-run would run (its folder's unsaved editors are saved first). */
  get lastTarget(): LocalTarget | undefined {
    return this.last?.target;
  }

  /** Resolves a target's configuration through the engine; warnings go to the Invoke output. */
  async resolve(target: LocalTarget): Promise<LocalConfig> {
    const engine = await this.connection.loadEngine();
    // The isolation setting is read at every run, so a change applies to the next (re-)run.
    const request = { ...target.request, overrides: { ...target.request.overrides, isolation: this.options.isolation() } };
    const local = await engine.resolveLocalConfig(request);
    for (const w of local.warnings) log().warn(w);
    if (local.layers.length === 0) return local;
    // The function's layers, fetched once per ARN into the per-user cache (core), before anything runs.
    const { connection, factory } = await this.connection.layerConnection(local.profile);
    const n = local.layers.length;
    const { local: withOpt } = await withWorkProgress({ title: `Fetching ${n} layer${n === 1 ? '' : 's'} for ${local.config.functionName}`, cancellable: true }, (progress) =>
      engine.withLayers(local, { connection, factory, signal: progress.signal, onFetch: (arn) => progress.report(arn) }),
    );
    log().info(`Layers of ${local.config.functionName}: ${local.layers.join(', ')} (in ${withOpt.config.layersDir ?? '?'}, standing for /opt).`);
    return withOpt;
  }

  async run(target: LocalTarget, event: ChosenEvent, resolved?: LocalConfig, options: { start?: StartMode } = {}): Promise<LocalInvokeRun> {
    // One at a time: a new invoke replaces one still running (as a re-run would).
    this.stop();
    const abort = new AbortController();
    this.running = abort;
    this.last = { target, event };
    this.setContext(ContextKey.localInvokeRunning, true);
    this.setContext(ContextKey.hasLastLocalInvoke, true);
    const out = invokeOutput();
    try {
      const local = resolved ?? (await this.resolve(target));
      const { config: sources } = local;
      const asDeployed = this.options.asDeployed?.() === true;
      out.appendLine(invokeHeader(`${sources.handler} locally${asDeployed ? ' as deployed' : ''} (${sources.functionName}, ${sources.runtime}, ${sourceLabel(local)}) with ${event.label}`));
      for (const w of local.warnings) out.appendLine(`warning: ${w}`);
      out.show(true);
      const engine = await this.connection.loadEngine();
      // Only when the user opted in: the handler then calls AWS as the selected profile.
      const credentials = this.options.passCredentials() ? await this.connection.credentials() : undefined;
      // The progress is gone before the result and any warning are shown.
      const logs = batchedAppender(out);
      // As deployed: the package a deploy would upload, built and unzipped (core decides how); else the sources.
      const built = asDeployed ? await packageAsDeployed(engine, target.request.folder, sources, { abort, trackBuild: this.options.trackBuild }) : undefined;
      for (const note of built?.notes ?? []) out.appendLine(note);
      const config = built?.config ?? sources;
      const mode = options.start ?? 'warm';
      this.warm ??= mode === 'fresh' ? undefined : new engine.WarmEnvironments();
      const outcome = await withWorkProgress({ title: `Invoking ${config.handler} locally`, cancellable: true, abort }, (progress) =>
        runLocal(engine, config, event.payload, {
          signal: progress.signal,
          credentials,
          onLog: (text) => logs.write(text.endsWith('\n') ? text : `${text}\n`),
          // An as-deployed run's unzipped package is gone after the run: never kept warm.
          warm: mode === 'fresh' || built || !this.warm ? undefined : { pool: this.warm, folder: target.request.folder, cold: mode === 'cold' },
          onEnvironment: (execution, start) => {
            logs.flush();
            out.appendLine(startLine(start));
            if (execution.node) out.appendLine(`process isolation: ${execution.node.description}`);
          },
        }).finally(() => {
          logs.flush();
          // The unzipped package goes once the run is over.
          void built?.dispose();
        }),
      );
      if (abort.signal.aborted) throw new WorkbenchError('aborted', 'The local invoke was stopped.');
      const resultPath = `/local/${config.functionName}/${handlerExport(config.handler)}.json`;
      await this.results.showInvokeResult(resultPath, JSON.stringify(outcome.body ?? null));
      let hint: string | undefined;
      const took = outcome.durationMs !== undefined ? ` in ${Math.round(outcome.durationMs)} ms` : '';
      if (outcome.ok) {
        vscode.window.setStatusBarMessage(`$(check) ${config.handler} returned${took}`, 5000);
        log().info(`Local invoke of ${config.handler} succeeded${took}.`);
      } else {
        log().info(`Local invoke of ${config.handler} failed: ${outcome.errorType ?? 'Error'}: ${outcome.errorMessage ?? ''}`);
        // The runtime's error object is the result; the friendly hint (file, line, column, fix) goes beside it.
        hint = initErrorHint(engine, config, outcome.errorType);
        if (hint) out.appendLine(`hint: ${hint}`);
        const said = [outcome.errorType, outcome.errorMessage].filter(Boolean).join(': ') || 'see the log';
        void vscode.window.showWarningMessage(`${config.handler} failed: ${said}${hint ? ` (${hint})` : ''}`, 'Show Log').then((b) => {
          if (b) out.show();
        });
      }
      return { local, event, outcome, resultPath, hint };
    } catch (error) {
      if (abort.signal.aborted) {
        out.appendLine('■ Stopped.');
        throw new WorkbenchError('aborted', 'The local invoke was stopped.');
      }
      throw error;
    } finally {
      if (this.running === abort) {
        this.running = undefined;
        this.setContext(ContextKey.localInvokeRunning, false);
      }
    }
  }

  /** Runs the last invoke again: the configuration is resolved again and a saved event re-read, so edits apply. */
  async rerun(options: { start?: StartMode } = {}): Promise<LocalInvokeRun | undefined> {
    if (!this.last) {
      void vscode.window.showInformationMessage('Nothing to re-run yet: use "Invoke Locally" on a handler file first.');
      return undefined;
    }
    const { target, event } = this.last;
    const fresh = event.uri ? await readEventFile(event.uri) : event;
    return this.run(target, fresh, undefined, options);
  }

  /** Warm environments kept now (tests read it). */
  get warmEnvironments(): number {
    return this.warm?.size ?? 0;
  }

  stop(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  dispose(): void {
    this.stop();
    // Threads end with the host anyway; process-isolated environments must not outlive it.
    void this.warm?.dispose();
    this.warm = undefined;
  }
}
