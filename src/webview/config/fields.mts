/**
 * Reading the function document while rendering it. Every read marks its path as shown, so the
 * "Other settings" section can list whatever no section rendered: a new field from the service
 * is never hidden.
 */
import type { LinkTarget, PanelAction } from '../../vscode/configPanel/protocol';
import { h, icon, iconButton, type Child } from './dom.mjs';

export class Reader {
  readonly shown = new Set<string>();
  constructor(readonly root: unknown) {}

  /** The value at a dotted path ("fn.Configuration.MemorySize"), marked as shown. */
  get(path: string): unknown {
    this.shown.add(path);
    let v: unknown = this.root;
    for (const part of path.split('.')) {
      if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  }

  str(path: string): string | undefined {
    const v = this.get(path);
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }

  num(path: string): number | undefined {
    const v = this.get(path);
    return typeof v === 'number' ? v : undefined;
  }

  list(path: string): unknown[] {
    const v = this.get(path);
    return Array.isArray(v) ? v : [];
  }

  strings(path: string): string[] {
    return this.list(path).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  }

  /** Entries of an object as [key, string value] pairs, in the service's order. */
  entries(path: string): Array<[string, string]> {
    const v = this.get(path);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
    return Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]);
  }

  has(path: string): boolean {
    let v: unknown = this.root;
    for (const part of path.split('.')) {
      if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, part)) return false;
      v = (v as Record<string, unknown>)[part];
    }
    return v !== undefined && v !== null;
  }

  /** True when `path` or one of its ancestors was shown. */
  isShown(path: string): boolean {
    if (this.shown.has(path)) return true;
    for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
      if (this.shown.has(path.slice(0, i))) return true;
    }
    return false;
  }
}

/** What the page can ask the host to do from a row. */
export interface RowActions {
  copy(text: string, label: string): void;
  open(target: LinkTarget): void;
  /** Starts an editor command for this function (Tail Logs, Download Code…). */
  run?(action: PanelAction): void;
}

export interface RowOptions {
  /** Adds a copy button that copies this text. */
  copy?: string;
  /** Adds an "open" button for a host-built link. */
  link?: { target: LinkTarget; label: string };
  mono?: boolean;
  /** Shown under the value in a muted style. */
  note?: string;
}

let actions: RowActions = { copy: () => undefined, open: () => undefined, run: () => undefined };

export function setRowActions(a: RowActions): void {
  actions = a;
}

export function rowActions(): RowActions {
  return actions;
}

/** One "label: value" pair of a definition list. */
export function row(label: string, value: Child | Child[], opts: RowOptions = {}): HTMLDivElement {
  const values = Array.isArray(value) ? value : [value];
  const empty = values.every((v) => v === undefined || v === null || v === '' || v === false);
  const dd = h('dd', { class: opts.mono ? 'mono' : undefined }, ...(empty ? [h('span', { class: 'muted' }, '—')] : values));
  if (opts.copy) dd.append(iconButton('copy', `Copy ${label}`, () => actions.copy(opts.copy as string, label)));
  if (opts.link) {
    const link = opts.link;
    dd.append(iconButton('link-external', link.label, () => actions.open(link.target)));
  }
  if (opts.note) dd.append(h('div', { class: 'note' }, opts.note));
  return h('div', { class: 'kv' }, h('dt', null, label), dd);
}

export function list(items: string[], mono = true): Child {
  if (items.length === 0) return undefined;
  return h('ul', { class: mono ? 'plain mono' : 'plain' }, ...items.map((i) => h('li', null, i)));
}

export function dl(...rows: Array<HTMLElement | null | undefined | false | ''>): HTMLDListElement {
  const el = h('dl', { class: 'kvs' });
  for (const r of rows) if (r) el.append(r);
  return el;
}

/** A status word with a colour class from a fixed set (never from data). */
export function badge(value: string | undefined): Child {
  if (!value) return undefined;
  const tone = /^(Active|Successful|Enabled|On)$/i.test(value)
    ? 'ok'
    : /^(Failed|Inactive)$/i.test(value)
      ? 'bad'
      : /^(Pending|InProgress)$/i.test(value)
        ? 'warn'
        : 'neutral';
  return h('span', { class: `badge badge-${tone}` }, value);
}

export function paragraph(text: string, ...rest: Child[]): HTMLParagraphElement {
  return h('p', { class: 'muted' }, text, ...rest);
}

export function warning(text: string): HTMLDivElement {
  return h('div', { class: 'inline-warning', attrs: { role: 'note' } }, icon('warning'), ' ', text);
}
