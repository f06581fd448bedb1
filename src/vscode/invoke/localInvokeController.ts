/**
 * Runs local invokes for the editor: one at a time, logs streamed into the Invoke output channel,
 * the result opened as a read-only JSON document, stoppable, and re-runnable with a keybinding.
 */
import vscode = require('vscode');
import { WorkbenchError } from '../../core/errors';
import type { ConnectionManager } from '../connection';
import { ContextKey } from '../ids';
import { log } from '../log';
import { withWorkProgress } from '../progress';
import type { ResultDocuments } from '../resultDocuments';
import { readEventFile, type ChosenEvent } from './eventPicker';
import { invokeHeader, invokeOutput } from './invokeOutput';
import { runLocal, type LocalOutcome } from './localEngine';
import { handlerExport, type LocalInvokeSpec } from './localSpec';

export interface LocalInvokeRun {
  spec: LocalInvokeSpec;
  event: ChosenEvent;
  outcome: LocalOutcome;
  /** Path of the result document ("/local/…"). */
  resultPath: string;
}

export class LocalInvokeController implements vscode.Disposable {
  private running: AbortController | undefined;
  private last: { spec: LocalInvokeSpec; event: ChosenEvent } | undefined;

  constructor(
    private readonly connection: ConnectionManager,
    private readonly results: ResultDocuments,
    private readonly setContext: (key: string, value: unknown) => void,
    private readonly options: { passCredentials(): boolean },
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  get hasLast(): boolean {
    return this.last !== undefined;
  }

  /** What a re-run would run (its code root's unsaved editors are saved first). */
  get lastSpec(): LocalInvokeSpec | undefined {
    return this.last?.spec;
  }

  async run(spec: LocalInvokeSpec, event: ChosenEvent): Promise<LocalInvokeRun> {
    // One at a time: a new invoke replaces one still running (as a re-run would).
    this.stop();
    const abort = new AbortController();
    this.running = abort;
    this.last = { spec, event };
    this.setContext(ContextKey.localInvokeRunning, true);
    this.setContext(ContextKey.hasLastLocalInvoke, true);
    const out = invokeOutput();
    out.appendLine(invokeHeader(`${spec.handler} locally (${spec.functionName}, ${spec.runtime}, ${spec.source === 'defaults' ? 'default settings' : `${spec.source} configuration`}) with ${event.label}`));
    out.show(true);
    try {
      const engine = await this.connection.loadEngine();
      // Only when the user opted in: the handler then calls AWS as the selected profile.
      const credentials = this.options.passCredentials() ? await this.connection.credentials() : undefined;
      // The progress is gone before the result and any warning are shown.
      const outcome = await withWorkProgress({ title: `Invoking ${spec.handler} locally`, cancellable: true, abort }, (progress) =>
        runLocal(engine, spec, event.payload, {
          signal: progress.signal,
          credentials: this.options.passCredentials() ? credentials : undefined,
          onLog: (text) => out.append(text.endsWith('\n') ? text : `${text}\n`),
        }),
      );
      if (abort.signal.aborted) throw new WorkbenchError('aborted', 'The local invoke was stopped.');
      const resultPath = `/local/${spec.functionName}/${handlerExport(spec.handler)}.json`;
      await this.results.show(resultPath, JSON.stringify(outcome.body ?? null, null, 2) + '\n', { language: 'json' });
      const took = outcome.durationMs !== undefined ? ` in ${Math.round(outcome.durationMs)} ms` : '';
      if (outcome.ok) {
        vscode.window.setStatusBarMessage(`$(check) ${spec.handler} returned${took}`, 5000);
        log().info(`Local invoke of ${spec.handler} succeeded${took}.`);
      } else {
        log().info(`Local invoke of ${spec.handler} failed: ${outcome.errorType ?? 'Error'}: ${outcome.errorMessage ?? ''}`);
        void vscode.window.showWarningMessage(`${spec.handler} failed: ${[outcome.errorType, outcome.errorMessage].filter(Boolean).join(': ') || 'see the log'}`, 'Show Log').then((b) => {
          if (b) out.show();
        });
      }
      return { spec, event, outcome, resultPath };
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

  /** Runs the last invoke again, re-reading a saved event so edits apply. */
  async rerun(): Promise<LocalInvokeRun | undefined> {
    if (!this.last) {
      void vscode.window.showInformationMessage('Nothing to re-run yet: use "Invoke Locally" on a handler file first.');
      return undefined;
    }
    const { spec, event } = this.last;
    const fresh = event.uri ? await readEventFile(event.uri) : event;
    return this.run(spec, fresh);
  }

  stop(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  dispose(): void {
    this.stop();
  }
}
