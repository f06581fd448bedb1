/**
 * The host side of one configuration panel, without `vscode`: it loads the function, answers the
 * page's messages, validates and saves edits with the RevisionId check, waits for the update to
 * settle and keeps unsaved edits while the page is hidden. The vscode glue (configPanels.ts)
 * gives it a view to post to and host services; unit tests give it fakes.
 */
import type { UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../core/aws/types';
import { applyChanges, buildUpdateRequest, describeChanges, diffValues, valuesOf } from './changes';
import { classifyError, stackFrames, toPanelError, type ClassifiedError } from './errors';
import { linkFor } from './links';
import {
  parsePageMessage,
  toJsonSafe,
  type BusyInfo,
  type ConfigChanges,
  type FunctionDocument,
  type FunctionRef,
  type HostMessage,
  type Issue,
  type PanelAction,
  type PanelError,
  type PanelState,
  type UrlConfigDocument,
} from './protocol';
import { validateEdit } from './validation';

/** The subset of vscode.LogOutputChannel the panel uses. */
export interface PanelLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Host-side validation beyond the panel's own rules (core's validateUpdateFunctionConfiguration). */
export type UpdateValidator = (input: UpdateFunctionConfigurationRequest) => ReadonlyArray<{ path?: unknown; message?: unknown; severity?: unknown }>;

export interface PanelView {
  post(message: HostMessage): unknown;
  setTitle(title: string): void;
}

export interface PanelHost {
  getService(): Promise<LambdaService>;
  log: PanelLogger;
  getValidator?(): Promise<UpdateValidator | undefined>;
  copy(text: string, label: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /** Wraps a save in the editor's progress UI (the page shows its own progress too). */
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  connectionLabel?(): string | undefined;
  /** Runs an editor command for this panel's function (Tail Logs, Download Code…). */
  runAction?(action: PanelAction, ref: FunctionRef): Promise<void>;
  /** The unsaved edits changed (undefined: none left), for keeping them across a window reload. */
  draftChanged?(draft: ConfigChanges | undefined): void;
  /** A save changed the function: the configuration as the service now reports it (the tree updates its row), and what the save changed. */
  functionChanged?(configuration: NonNullable<FunctionDocument['Configuration']>, changes?: ConfigChanges): void;
}

const CONFLICT_MESSAGE = 'This function was changed by someone else after you loaded it, so your save was not applied.';
const CONFLICT_HINT = 'Your edits are kept. Reload to see the current configuration with your edits re-applied, then save again.';

export class ConfigPanelController {
  private fn: FunctionDocument | undefined;
  private url: UrlConfigDocument | null | undefined;
  private error: PanelError | undefined;
  private draft: ConfigChanges | undefined;
  private busy: BusyInfo | null = null;
  /** The last banner (saved, conflict, error, validation), replayed when a hidden page comes back. */
  private notice: HostMessage | undefined;
  private pageReady = false;
  private loading: Promise<void> | undefined;
  private saving = false;
  private readonly abort = new AbortController();
  private readonly listeners: Array<(m: HostMessage) => void> = [];

  constructor(
    readonly ref: FunctionRef,
    private readonly view: PanelView,
    private readonly host: PanelHost,
  ) {
    this.updateTitle();
  }

  get displayName(): string {
    return this.fn?.Configuration?.FunctionName ?? this.ref.functionName;
  }

  get isDirty(): boolean {
    return this.draft !== undefined;
  }

  get isBusy(): boolean {
    return this.saving || this.loading !== undefined;
  }

  /** For tests and the integration suite: every message delivered to a ready page. */
  onDidPost(listener: (m: HostMessage) => void): void {
    this.listeners.push(listener);
  }

  /** Starts loading right away, in parallel with the page booting. */
  start(): Promise<void> {
    return this.load();
  }

  /** The page went away (panel hidden without retained context): hold messages until `ready`. */
  pageHidden(): void {
    this.pageReady = false;
  }

  dispose(): void {
    this.abort.abort();
    this.listeners.length = 0;
  }

  async handleMessage(raw: unknown): Promise<void> {
    const parsed = parsePageMessage(raw);
    if (!parsed.ok) {
      this.host.log.warn(`Configuration panel ${this.label()}: ignored a message from the page (${parsed.reason}).`);
      return;
    }
    const m = parsed.value;
    switch (m.type) {
      case 'ready':
        this.pageReady = true;
        this.replay();
        if (!this.fn && !this.error && !this.loading) await this.load();
        return;
      case 'reload':
        this.notice = undefined;
        return this.load();
      case 'draft':
        return this.setDraft(m.changes ?? undefined);
      case 'save':
        return this.save(m.changes, m.revisionId);
      case 'copy':
        return this.host.copy(m.text, m.label);
      case 'run':
        return this.host.runAction?.(m.action, this.ref);
      case 'openLink': {
        const url = linkFor(m.target, this.ref, this.state());
        if (url) await this.host.openExternal(url);
        else this.post({ type: 'error', error: { message: 'There is no address to open for that link.' } });
        return;
      }
    }
  }

  /** The unsaved edits the page reported, if any (what a close would lose). */
  get pendingChanges(): ConfigChanges | undefined {
    return this.draft;
  }

  /**
   * Puts back edits from a panel that was closed and then re-opened (Cancel on the close prompt,
   * or a save from it that failed), with the banner that says why. Call before the page is ready.
   */
  restoreDraft(changes: ConfigChanges, notice?: HostMessage): void {
    if (notice) this.notice = notice;
    this.setDraft(changes);
  }

  /**
   * Saves the pending edits without a page (the panel was closed and the user chose Save). The
   * outcome is the banner the page would have shown: `saved`, or why not (validation, conflict, error).
   */
  async saveDraft(): Promise<{ ok: boolean; notice: HostMessage | undefined }> {
    const draft = this.draft;
    if (!draft) return { ok: true, notice: undefined };
    if (this.loading) await this.loading;
    this.notice = undefined;
    await this.save(draft, this.fn?.Configuration?.RevisionId ?? '');
    const notice = this.notice as HostMessage | undefined;
    return { ok: notice?.type === 'saved', notice };
  }

  /** Re-fetches the function (Reload button, or the extension after a deploy). */
  reload(): Promise<void> {
    return this.load();
  }

  private label(): string {
    return `${this.displayName} (${this.ref.region})`;
  }

  private setDraft(draft: ConfigChanges | undefined): void {
    this.draft = draft;
    this.updateTitle();
    // A disposed panel's late messages must not bring back a draft its close forgot.
    if (!this.abort.signal.aborted) this.host.draftChanged?.(draft);
  }

  private updateTitle(): void {
    this.view.setTitle(`${this.draft ? '● ' : ''}${this.displayName} (${this.ref.region})`);
  }

  state(): PanelState {
    return {
      ref: this.ref,
      fn: this.fn,
      url: this.url,
      error: this.error,
      draft: this.draft,
      connection: this.host.connectionLabel?.(),
    };
  }

  private post(m: HostMessage): void {
    if (this.abort.signal.aborted) return;
    if (m.type !== 'state' && m.type !== 'busy') this.notice = m;
    if (!this.pageReady) return;
    void this.view.post(m);
    for (const l of this.listeners) l(m);
  }

  private postState(): void {
    this.post({ type: 'state', state: this.state() });
  }

  private setBusy(busy: BusyInfo | null): void {
    this.busy = busy;
    this.post({ type: 'busy', busy });
  }

  /** A page that (re)appeared gets the whole picture: state, then any running work, then the last banner. */
  private replay(): void {
    if (this.fn || this.error) this.post({ type: 'state', state: this.state() });
    if (this.busy) this.post({ type: 'busy', busy: this.busy });
    const notice = this.notice;
    if (notice) this.post(notice);
  }

  private load(): Promise<void> {
    this.loading ??= this.doLoad().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async doLoad(): Promise<void> {
    this.setBusy({ label: 'Loading configuration…' });
    try {
      const service = await this.host.getService();
      const signal = this.abort.signal;
      const [fn, url] = await Promise.all([
        service.getFunction(this.ref.region, this.ref.functionName, { signal }),
        this.loadUrl(service, signal),
      ]);
      this.fn = toJsonSafe(fn) as FunctionDocument;
      this.url = url;
      this.error = undefined;
      this.updateTitle();
    } catch (e) {
      if (this.abort.signal.aborted) return;
      const c = classifyError(e, this.secrets());
      this.error =
        c.cls === 'notFound'
          ? { message: `${this.displayName} no longer exists in ${this.ref.region}.`, hint: 'It may have been deleted. Close this panel, or reload if it was re-created.', kind: 'notFound' }
          : toPanelError(c);
      this.logFailure('could not load the configuration', e, c);
    } finally {
      if (!this.abort.signal.aborted) this.setBusy(null);
    }
    if (!this.abort.signal.aborted) this.postState();
  }

  private async loadUrl(service: LambdaService, signal: AbortSignal): Promise<UrlConfigDocument | null | undefined> {
    try {
      const url = await service.getFunctionUrlConfig(this.ref.region, this.ref.functionName, { signal });
      return url ? (toJsonSafe(url) as UrlConfigDocument) : null;
    } catch (e) {
      const c = classifyError(e);
      if (c.cls === 'notFound') return null;
      this.host.log.warn(`Configuration panel ${this.label()}: could not read the function URL config: ${c.message}`);
      return undefined;
    }
  }

  /** Environment values of the loaded function, so they can be scrubbed from any message. */
  private secrets(extra: ReadonlyArray<[string, string]> = []): string[] {
    return [...valuesOf(this.fn).env.map(([, v]) => v), ...extra.map(([, v]) => v)];
  }

  private logFailure(what: string, e: unknown, c: ClassifiedError): void {
    const frames = stackFrames(e);
    this.host.log.error(`Configuration panel ${this.label()}: ${what}: ${c.code ? `${c.code}: ` : ''}${c.message}${frames ? `\n${frames}` : ''}`);
  }

  private async validate(request: UpdateFunctionConfigurationRequest, own: Issue[]): Promise<Issue[]> {
    const issues = [...own];
    let external: UpdateValidator | undefined;
    try {
      external = await this.host.getValidator?.();
    } catch {
      external = undefined;
    }
    if (!external) return issues;
    try {
      for (const i of external(request)) {
        // Warnings (e.g. a deprecated runtime) never block a save.
        if (i.severity === 'warning') continue;
        const issue = { path: typeof i.path === 'string' ? i.path : '$', message: String(i.message ?? 'Invalid value.') };
        if (!issues.some((x) => x.path === issue.path)) issues.push(issue);
      }
    } catch (e) {
      this.host.log.warn(`Configuration panel ${this.label()}: the core validator failed (${classifyError(e, this.secrets()).message}); using the panel's own rules only.`);
    }
    return issues;
  }

  private async save(changes: ConfigChanges, revisionId: string): Promise<void> {
    if (this.saving) {
      this.post({ type: 'error', error: { message: 'A save is already running for this function.', hint: 'Wait for it to finish.' } });
      return;
    }
    // Claimed before the first await, so a second save cannot slip in while this one validates.
    this.saving = true;
    try {
      await this.doSave(changes, revisionId);
    } finally {
      this.saving = false;
    }
  }

  private async doSave(changes: ConfigChanges, revisionId: string): Promise<void> {
    const fn = this.fn;
    if (!fn?.Configuration) {
      this.post({ type: 'error', error: { message: 'The configuration is not loaded yet.', hint: 'Reload, then try again.' } });
      return;
    }
    const current = fn.Configuration.RevisionId;
    if (current && revisionId !== current) {
      this.post({ type: 'conflict', message: CONFLICT_MESSAGE, hint: CONFLICT_HINT });
      return;
    }
    const base = valuesOf(fn);
    const edited = applyChanges(base, changes);
    const diff = diffValues(base, edited);
    if (!diff) {
      this.setDraft(undefined);
      this.post({ type: 'saved', message: 'Nothing to save: the configuration already has these values.' });
      return;
    }
    const name = fn.Configuration.FunctionName ?? this.ref.functionName;
    const request = buildUpdateRequest(name, base, diff, current);
    const issues = await this.validate(request, validateEdit(edited, diff));
    if (issues.length > 0) {
      this.post({ type: 'validation', issues });
      return;
    }
    const secrets = this.secrets(edited.env);
    let updated = false;
    try {
      await this.host.withProgress(`Saving configuration of ${name}`, async () => {
        this.setBusy({ label: 'Saving…', detail: describeChanges(diff), locksEdits: true });
        const service = await this.host.getService();
        const signal = this.abort.signal;
        await service.updateFunctionConfiguration(this.ref.region, request, { signal });
        updated = true;
        this.setDraft(undefined);
        this.setBusy({ label: 'Waiting for the update to finish…', locksEdits: true });
        await service.waitUntilReady(this.ref.region, name, {
          signal,
          onProgress: (s) =>
            this.setBusy({
              label: 'Waiting for the update to finish…',
              locksEdits: true,
              detail: [s.state && `State: ${s.state}`, s.lastUpdateStatus && `Last update: ${s.lastUpdateStatus}`].filter(Boolean).join(' · '),
            }),
        });
      });
      this.host.log.info(`Updated the configuration of ${this.label()}: ${describeChanges(diff)}.`);
      this.setBusy(null);
      await this.load();
      if (this.fn?.Configuration) this.host.functionChanged?.(this.fn.Configuration, diff);
      this.post({ type: 'saved', message: `Saved: ${describeChanges(diff)}.` });
    } catch (e) {
      if (this.abort.signal.aborted) return;
      this.setBusy(null);
      const c = classifyError(e, secrets);
      this.logFailure(updated ? 'the update did not finish' : 'could not save', e, c);
      if (!updated && c.cls === 'conflict') {
        this.post({ type: 'conflict', message: CONFLICT_MESSAGE, hint: CONFLICT_HINT });
      } else if (updated) {
        // The change reached the service but did not settle: show what it has now, and why.
        await this.load();
        this.post({ type: 'error', error: { message: `The update was sent but did not finish: ${c.message}`, hint: c.hint ?? 'Check the function state below and the log for details.', kind: c.cls } });
      } else if (c.cls === 'notFound') {
        this.post({ type: 'error', error: { message: `${name} no longer exists in ${this.ref.region}; nothing was saved.`, hint: 'It may have been deleted.', kind: 'notFound' } });
      } else {
        this.post({ type: 'error', error: { message: `Could not save: ${c.message}`, hint: c.hint ?? 'Your edits are kept; try again, or see the Lambda Workbench log.', kind: c.cls } });
      }
    }
  }
}
