/** The page's frame: header with the action buttons, progress, banners, and collapsible sections. */
import type { BusyInfo, Issue, PanelState } from '../../vscode/configPanel/protocol';
import { type Child, h, icon, iconButton } from './dom.mjs';
import { badge, rowActions } from './fields.mjs';
import type { Section } from './sectionsMain.mjs';

export type Notice =
  | { kind: 'saved'; message: string }
  | { kind: 'conflict'; message: string; hint: string }
  | { kind: 'error'; message: string; hint?: string; notFound?: boolean }
  | { kind: 'validation'; issues: Issue[] };

export interface ChromeActions {
  save(): void;
  revert(): void;
  reload(): void;
  dismiss(): void;
}

/** Elements that change without a re-render (dirty state, buttons, progress). */
export interface ChromeParts {
  save: HTMLButtonElement;
  revert: HTMLButtonElement;
  reload: HTMLButtonElement;
  dirty: HTMLElement;
  progress: HTMLElement;
  busyLabel: HTMLElement;
}

export function header(state: PanelState | undefined, fallbackName: string, actions: ChromeActions): { el: HTMLElement; parts: ChromeParts } {
  const c = state?.fn?.Configuration;
  const name = c?.FunctionName ?? state?.ref.functionName ?? fallbackName;
  const arn = c?.FunctionArn;
  const save = h('button', { class: 'primary', attrs: { type: 'button', 'data-focus': 'save', title: 'Save (Ctrl+S)' }, on: { click: actions.save } }, icon('save'), ' Save');
  const revert = h('button', { class: 'secondary', attrs: { type: 'button', 'data-focus': 'revert', title: 'Discard unsaved edits' }, on: { click: actions.revert } }, icon('discard'), ' Revert');
  const reload = h('button', { class: 'secondary', attrs: { type: 'button', 'data-focus': 'reload', title: 'Load the current configuration again (keeps your edits)' }, on: { click: actions.reload } }, icon('refresh'), ' Reload');
  const dirty = h('span', { class: 'dirty', attrs: { role: 'status' } });
  const progress = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Working', hidden: true } }, h('div', { class: 'progress-bit' }));
  const busyLabel = h('div', { class: 'busy-label', attrs: { role: 'status', 'aria-live': 'polite' } });
  const subtitle = [state?.ref.region, c?.Runtime, state?.connection].filter(Boolean).join(' · ');
  const links: Child[] = [];
  if (arn) links.push(iconButton('copy', 'Copy ARN', () => rowActions().copy(arn, 'ARN'), { 'data-focus': 'copy-arn' }));
  if (c) {
    links.push(iconButton('link-external', 'Open in AWS Console', () => rowActions().open('console'), { 'data-focus': 'open-console' }));
    links.push(iconButton('output', 'Open the log group in CloudWatch', () => rowActions().open('logs'), { 'data-focus': 'open-logs' }));
    links.push(iconButton('debug-console', 'Tail Logs in the editor', () => rowActions().run?.('tailLogs'), { 'data-focus': 'tail-logs' }));
    links.push(iconButton('cloud-download', 'Download Code to Workspace…', () => rowActions().run?.('downloadCode'), { 'data-focus': 'download-code' }));
  }
  const el = h(
    'header',
    { class: 'header' },
    h('div', { class: 'title-row' }, icon('symbol-method'), h('h1', null, name), badge(c?.State), c?.LastUpdateStatus && c.LastUpdateStatus !== 'Successful' ? badge(c.LastUpdateStatus) : null),
    subtitle ? h('div', { class: 'subtitle' }, subtitle) : null,
    h('div', { class: 'toolbar', attrs: { role: 'group', 'aria-label': 'Configuration actions' } }, save, revert, reload, dirty, h('span', { class: 'spacer' }), ...links),
    progress,
    busyLabel,
  );
  return { el, parts: { save, revert, reload, dirty, progress, busyLabel } };
}

export function showBusy(parts: ChromeParts, busy: BusyInfo | null): void {
  parts.progress.hidden = !busy;
  const text = busy ? `${busy.label}${busy.detail ? ` ${busy.detail}` : ''}` : '';
  if (parts.busyLabel.textContent !== text) parts.busyLabel.textContent = text;
}

function banner(kind: 'info' | 'warning' | 'error', role: 'status' | 'alert', iconName: string, body: Child[], buttons: HTMLButtonElement[]): HTMLElement {
  return h(
    'div',
    { class: `banner banner-${kind}`, attrs: { role } },
    icon(iconName),
    h('div', { class: 'banner-text' }, ...body),
    buttons.length ? h('div', { class: 'banner-actions' }, ...buttons) : null,
  );
}

function button(label: string, focusKey: string, onClick: () => void, primary = false): HTMLButtonElement {
  return h('button', { class: primary ? 'primary' : 'secondary', attrs: { type: 'button', 'data-focus': focusKey }, on: { click: onClick } }, label);
}

/** The load error (from state) and the latest notice, as banners. */
export function banners(state: PanelState | undefined, notice: Notice | undefined, actions: ChromeActions): HTMLElement {
  const out = h('div', { class: 'banners' });
  if (state?.error) {
    const gone = state.error.kind === 'notFound';
    out.append(
      banner('error', 'alert', 'error', [h('strong', null, state.error.message), state.error.hint ? h('div', null, state.error.hint) : null], [
        button(gone ? 'Try again' : 'Reload', 'banner-reload', actions.reload, true),
      ]),
    );
  }
  if (!notice) return out;
  const dismiss = iconButton('close', 'Dismiss', actions.dismiss, { 'data-focus': 'banner-dismiss' });
  switch (notice.kind) {
    case 'saved':
      out.append(banner('info', 'status', 'check', [notice.message], [dismiss]));
      break;
    case 'conflict':
      out.append(
        banner('warning', 'alert', 'warning', [h('strong', null, notice.message), h('div', null, notice.hint)], [
          button('Reload and keep my edits', 'banner-conflict-reload', actions.reload, true),
          dismiss,
        ]),
      );
      break;
    case 'error':
      out.append(banner('error', 'alert', 'error', [h('strong', null, notice.message), notice.hint ? h('div', null, notice.hint) : null], [dismiss]));
      break;
    case 'validation':
      out.append(
        banner('error', 'alert', 'error', [h('strong', null, 'Not saved: some values are not valid.'), h('ul', { class: 'plain' }, ...notice.issues.map((i) => h('li', null, i.message)))], [dismiss]),
      );
      break;
  }
  return out;
}

export function sectionElement(s: Section, collapsed: boolean, onToggle: (id: string, collapsed: boolean) => void): HTMLElement {
  const bodyId = `sec-${s.id}-body`;
  const chevron = icon(collapsed ? 'chevron-right' : 'chevron-down');
  const body = h('div', { id: bodyId, class: 'section-body', attrs: { hidden: collapsed } }, ...s.body);
  const toggle = h(
    'button',
    {
      class: 'section-toggle',
      attrs: { type: 'button', 'aria-expanded': collapsed ? 'false' : 'true', 'aria-controls': bodyId, 'data-focus': `sec-${s.id}` },
      on: {
        click: () => {
          const nowCollapsed = !body.hidden;
          body.hidden = nowCollapsed;
          toggle.setAttribute('aria-expanded', nowCollapsed ? 'false' : 'true');
          chevron.className = `codicon codicon-${nowCollapsed ? 'chevron-right' : 'chevron-down'}`;
          onToggle(s.id, nowCollapsed);
        },
      },
    },
    chevron,
    icon(s.icon),
    h('span', { class: 'section-title' }, s.title),
    s.summary ? h('span', { class: 'section-summary' }, s.summary) : null,
  );
  return h('section', { class: 'section', id: `sec-${s.id}`, attrs: { 'aria-labelledby': `sec-${s.id}-h` } }, h('h2', { id: `sec-${s.id}-h` }, toggle), body);
}
