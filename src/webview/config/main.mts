/**
 * The configuration page (bundled to dist/webview/config.js). It says `ready`, then renders
 * whatever state the host posts; edits are validated on every keystroke and sent as a change set
 * with the RevisionId they were made against. Webview state (setState) holds only UI state: the
 * function reference for restoring after a reload and which sections are collapsed.
 */
import { applyChanges, diffValues, valuesOf, type ConfigValues } from '../../vscode/configPanel/changes';
import type { BusyInfo, ConfigChanges, FunctionRef, HostMessage, Issue, PageMessage, PanelState } from '../../vscode/configPanel/protocol';
import { envSizeBytes, LIMITS, validateEdit } from '../../vscode/configPanel/validation';
import { banners, type ChromeParts, header, type Notice, sectionElement, showBusy } from './chrome.mjs';
import { findByAttr, h } from './dom.mjs';
import { environmentSection, generalEditors, type EditorHost, Slots } from './editor.mjs';
import { Reader, setRowActions } from './fields.mjs';
import { type EnvRow, type Form, formFrom, isBlank, readForm } from './model.mjs';
import { otherSection } from './other.mjs';
import { codeSection, concurrencySection, generalSection, layersSection, tagsSection, urlSection } from './sectionsMain.mjs';
import {
  deadLetterSection,
  encryptionSection,
  fileSystemsSection,
  imageSection,
  loggingSection,
  signingSection,
  snapStartSection,
  storageSection,
  tracingSection,
  vpcSection,
} from './sectionsMore.mjs';

interface UiState {
  v: 1;
  ref?: FunctionRef;
  collapsed: string[];
}

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: UiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const HOST_TYPES = new Set(['state', 'busy', 'saved', 'conflict', 'validation', 'error']);

function isSelectAll(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && (e.key === 'a' || e.key === 'A');
}

function isTextEntry(target: EventTarget | null): boolean {
  return target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text');
}

function readUi(raw: unknown): UiState {
  const s = (raw ?? {}) as Partial<UiState>;
  return { v: 1, ref: s.ref, collapsed: Array.isArray(s.collapsed) ? s.collapsed.filter((x) => typeof x === 'string') : [] };
}

/** postMessage payloads must be plain JSON: NaN (an unparsable number field) is left out. */
function finite(c: ConfigChanges): ConfigChanges {
  const out: ConfigChanges = { ...c };
  if (out.memorySize !== undefined && !Number.isFinite(out.memorySize)) delete out.memorySize;
  if (out.timeout !== undefined && !Number.isFinite(out.timeout)) delete out.timeout;
  return out;
}

class Page implements EditorHost {
  private state: PanelState | undefined;
  private loaded: ConfigValues = valuesOf(undefined);
  form: Form = formFrom(this.loaded, new Set());
  private busy: BusyInfo | null = null;
  private notice: Notice | undefined;
  private hostIssues: Issue[] = [];
  private slots = new Slots();
  private parts: ChromeParts | undefined;
  private bannerHost: HTMLElement | undefined;
  private ui: UiState;
  private lastDraft = 'null';

  constructor(
    private readonly api: VsCodeApi,
    private readonly app: HTMLElement,
  ) {
    this.ui = readUi(api.getState());
    setRowActions({
      copy: (text, label) => this.post({ type: 'copy', text, label }),
      open: (target) => this.post({ type: 'openLink', target }),
      run: (action) => this.post({ type: 'run', action }),
    });
  }

  start(): void {
    window.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as HostMessage;
      if (typeof m === 'object' && m !== null && HOST_TYPES.has((m as { type?: string }).type ?? '')) this.onMessage(m);
    });
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.save();
      }
      // VS Code's webview frame forwards every keydown that reaches `window` to the workbench, and
      // the workbench answers Ctrl+A with its own select-all sent back to this page a moment later,
      // after the first keys were typed: they were then replaced ("1024" became "024"). In a text
      // field the browser's own select-all already did the job, so the key goes no further.
      if (isSelectAll(e) && isTextEntry(e.target)) e.stopPropagation();
    });
    this.post({ type: 'ready' });
  }

  private post(m: PageMessage): void {
    this.api.postMessage(m);
  }

  private onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'state':
        return this.onState(m.state);
      case 'busy':
        this.busy = m.busy;
        if (!this.parts) return this.render();
        showBusy(this.parts, m.busy);
        return this.changed(false);
      case 'saved':
        return this.setNotice({ kind: 'saved', message: m.message });
      case 'conflict':
        return this.setNotice({ kind: 'conflict', message: m.message, hint: m.hint });
      case 'error':
        return this.setNotice({ kind: 'error', message: m.error.message, hint: m.error.hint, notFound: m.error.kind === 'notFound' });
      case 'validation':
        this.hostIssues = m.issues;
        this.setNotice({ kind: 'validation', issues: m.issues });
        return this.changed(false);
    }
  }

  /**
   * New configuration from the host: edits made so far are re-applied on top of it, and the field
   * being typed in keeps exactly what it holds (even text that happens to equal the old value), its
   * element identity (row ids) and so its focus and caret: a push never eats a keystroke.
   */
  private onState(next: PanelState): void {
    const hadData = Boolean(this.state?.fn);
    const { values } = readForm(this.form, this.loaded);
    let pending = hadData ? diffValues(this.loaded, values) : (next.draft ?? undefined);
    const editing = hadData ? this.editingField() : undefined;
    if (editing?.row && editing.row.key.trim() !== '') {
      const set = (pending?.environment?.set ?? []).filter(([k]) => k !== editing.row?.key);
      set.push([editing.row.key, editing.row.value]);
      pending = { ...pending, environment: { set, remove: pending?.environment?.remove ?? [] } };
    }
    const oldRows = this.form.env;
    const revealed = new Set(oldRows.filter((r) => r.revealed).map((r) => r.key));
    const oldText = { memory: this.form.memory, timeout: this.form.timeout, description: this.form.description };
    this.state = next;
    this.loaded = valuesOf(next.fn);
    this.form = formFrom(applyChanges(this.loaded, pending), revealed);
    // Rows keep their ids by name, so focus and per-row state follow them through the re-render;
    // rows added but not filled in yet are not edits, yet the user may be about to type in one.
    const idByKey = new Map(oldRows.map((r) => [r.key, r.id]));
    for (const row of this.form.env) row.id = idByKey.get(row.key) ?? row.id;
    if (hadData) this.form.env.push(...oldRows.filter(isBlank));
    // Rows the user added are theirs to see; half-typed numbers survive as typed.
    const loadedKeys = new Set(this.loaded.env.map(([k]) => k));
    for (const row of this.form.env) if (!loadedKeys.has(row.key)) row.revealed = true;
    if (pending?.memorySize !== undefined && Number.isNaN(pending.memorySize)) this.form.memory = oldText.memory;
    if (pending?.timeout !== undefined && Number.isNaN(pending.timeout)) this.form.timeout = oldText.timeout;
    if (editing?.scalar) this.form[editing.scalar] = oldText[editing.scalar];
    this.hostIssues = [];
    if (this.notice?.kind === 'validation') this.notice = undefined;
    this.ui.ref = next.ref;
    this.api.setState(this.ui);
    this.render();
  }

  /** The field that has focus, if it is an editor: a scalar field or an environment row. */
  private editingField(): { scalar?: 'memory' | 'timeout' | 'description'; row?: EnvRow } | undefined {
    const key = document.activeElement?.getAttribute('data-focus');
    if (key === 'field-memory') return { scalar: 'memory' };
    if (key === 'field-timeout') return { scalar: 'timeout' };
    if (key === 'field-description') return { scalar: 'description' };
    const m = key ? /^env-(?:key|value)-(\d+)$/.exec(key) : null;
    const row = m ? this.form.env.find((r) => r.id === Number(m[1])) : undefined;
    return row ? { row } : undefined;
  }

  private setNotice(n: Notice | undefined): void {
    this.notice = n;
    this.renderBanners();
  }

  private renderBanners(): void {
    if (!this.bannerHost) return this.render();
    const fresh = banners(this.state, this.notice, this.actions());
    this.bannerHost.replaceWith(fresh);
    this.bannerHost = fresh;
  }

  private actions() {
    return {
      save: () => this.save(),
      revert: () => this.revert(),
      reload: () => this.reload(),
      dismiss: () => this.setNotice(undefined),
    };
  }

  changed(fromEdit = true): void {
    if (fromEdit && this.hostIssues.length) {
      // The host's findings were about the values as they were; typing moves on from them.
      this.hostIssues = [];
      if (this.notice?.kind === 'validation') this.setNotice(undefined);
    }
    this.updateStatus();
  }

  restructure(focusKey?: string): void {
    this.render(focusKey);
  }

  private currentEdit(): { values: ConfigValues; rowIds: number[]; changes: ConfigChanges | undefined; issues: Issue[] } {
    const { values, rowIds } = readForm(this.form, this.loaded);
    const changes = diffValues(this.loaded, values);
    return { values, rowIds, changes, issues: validateEdit(values, changes) };
  }

  private slotFor(path: string, rowIds: number[], values: ConfigValues): string | undefined {
    if (path === '$.MemorySize') return 'memory';
    if (path === '$.Timeout') return 'timeout';
    if (path === '$.Description') return 'description';
    if (path === '$.Environment' || path === '$.Environment.Variables') return 'env';
    const byIndex = /^\$\.Environment\.Variables\[(\d+)\]$/.exec(path);
    if (byIndex) return rowIds[Number(byIndex[1])] !== undefined ? `env-${rowIds[Number(byIndex[1])]}` : 'env';
    const prefix = '$.Environment.Variables.';
    if (path.startsWith(prefix)) {
      const i = values.env.findIndex(([k]) => k === path.slice(prefix.length));
      return i >= 0 ? `env-${rowIds[i]}` : 'env';
    }
    return undefined;
  }

  /** Validation messages, dirty state and button states, without touching the inputs. */
  private updateStatus(): void {
    const { values, rowIds, changes, issues } = this.currentEdit();
    for (const slot of this.slots.byKey.values()) {
      if (slot.message.id === 'env-size') continue;
      slot.message.replaceChildren();
      slot.input?.removeAttribute('aria-invalid');
    }
    for (const issue of [...issues, ...this.hostIssues]) {
      const slot = this.slots.byKey.get(this.slotFor(issue.path, rowIds, values) ?? '');
      if (!slot) continue;
      if (slot.message.textContent?.includes(issue.message)) continue;
      slot.message.append(h('div', null, issue.message));
      slot.input?.setAttribute('aria-invalid', 'true');
    }
    const size = this.slots.byKey.get('env-size');
    if (size) size.message.textContent = `${envSizeBytes(values.env).toLocaleString('en-US')} of ${LIMITS.environmentBytes.toLocaleString('en-US')} bytes used`;
    const busy = this.busy !== null;
    const hasFn = Boolean(this.state?.fn?.Configuration);
    if (this.parts) {
      const text = !hasFn ? '' : changes ? (issues.length ? 'Unsaved changes (fix the errors to save)' : 'Unsaved changes') : 'No unsaved changes';
      if (this.parts.dirty.textContent !== text) this.parts.dirty.textContent = text;
      this.parts.dirty.classList.toggle('is-dirty', Boolean(changes));
      this.parts.save.disabled = !hasFn || !changes || issues.length > 0 || busy;
      this.parts.revert.disabled = !changes || busy;
      this.parts.reload.disabled = busy;
    }
    for (const el of Array.from(this.app.querySelectorAll<HTMLElement>('[data-editable]'))) {
      // Only a save locks the fields: edits typed while the page (re)loads are re-applied to what arrives.
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.readOnly = Boolean(this.busy?.locksEdits);
      else if (el instanceof HTMLButtonElement) el.disabled = busy;
    }
    this.reportDraft(changes);
  }

  private reportDraft(changes: ConfigChanges | undefined): void {
    const draft = changes ? finite(changes) : null;
    const json = JSON.stringify(draft);
    if (json === this.lastDraft) return;
    this.lastDraft = json;
    // Posted with every change, not debounced: the host asks about this draft when the panel is
    // closed (the page gets no say then), so it must hold the last keystroke, and no edit the user
    // already saved (a late debounced draft once made Cancel bring back the saved value instead).
    this.post({ type: 'draft', changes: draft });
  }

  save(): void {
    const revisionId = this.state?.fn?.Configuration?.RevisionId;
    if (this.busy || !this.state?.fn) return;
    const { changes, issues, rowIds, values } = this.currentEdit();
    if (!changes) return;
    if (issues.length) {
      this.updateStatus();
      const first = this.slots.byKey.get(this.slotFor(issues[0].path, rowIds, values) ?? '');
      first?.input?.focus();
      return;
    }
    this.setNotice(undefined);
    this.post({ type: 'save', changes: finite(changes), revisionId: revisionId ?? '' });
  }

  private revert(): void {
    this.form = formFrom(this.loaded, new Set());
    this.hostIssues = [];
    this.notice = undefined;
    this.render('reload');
  }

  private reload(): void {
    this.notice = undefined;
    this.renderBanners();
    this.post({ type: 'reload' });
  }

  private render(focusKey?: string): void {
    const active = document.activeElement;
    const keep = focusKey ?? active?.getAttribute('data-focus') ?? undefined;
    const selection =
      !focusKey && (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) ? [active.selectionStart, active.selectionEnd] : undefined;
    this.slots = new Slots();
    const now = new Date();
    const { el, parts } = header(this.state, this.ui.ref?.functionName ?? 'Lambda function', this.actions());
    this.parts = parts;
    // Banners live in the sticky header: a conflict or a failed save must be seen wherever the user scrolled.
    this.bannerHost = banners(this.state, this.notice, this.actions());
    el.append(this.bannerHost);
    const content: Node[] = [el];
    const fn = this.state?.fn;
    if (fn) {
      const r = new Reader({ fn, url: this.state?.url ?? undefined });
      const urlState = this.state?.url === undefined ? 'unknown' : this.state.url === null ? 'none' : 'present';
      const sections = [
        generalSection(r, generalEditors(this, this.slots), now),
        codeSection(r, now),
        environmentSection(r, this, this.slots),
        tagsSection(r),
        layersSection(r),
        concurrencySection(r),
        urlSection(r, urlState, now),
        vpcSection(r),
        loggingSection(r),
        tracingSection(r),
        deadLetterSection(r),
        storageSection(r),
        snapStartSection(r),
        encryptionSection(r),
        fileSystemsSection(r),
        imageSection(r),
        signingSection(r),
      ];
      // Last, so it sees every path the others read.
      sections.push(otherSection(r));
      const collapsed = new Set(this.ui.collapsed);
      content.push(h('div', { class: 'sections' }, ...sections.map((s) => sectionElement(s, collapsed.has(s.id), (id, c) => this.toggleSection(id, c)))));
    } else if (!this.state?.error) {
      content.push(h('p', { class: 'placeholder' }, 'Loading configuration…'));
    }
    this.app.replaceChildren(...content);
    this.app.setAttribute('aria-busy', this.busy ? 'true' : 'false');
    showBusy(parts, this.busy);
    this.updateStatus();
    if (keep) {
      const target = findByAttr(this.app, 'data-focus', keep);
      target?.focus();
      if (selection && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
        target.setSelectionRange(selection[0], selection[1]);
      }
    }
  }

  private toggleSection(id: string, collapsed: boolean): void {
    const set = new Set(this.ui.collapsed);
    if (collapsed) set.add(id);
    else set.delete(id);
    this.ui.collapsed = [...set];
    this.api.setState(this.ui);
  }
}

const app = document.getElementById('app');
if (app) new Page(acquireVsCodeApi(), app).start();
