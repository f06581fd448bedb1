/**
 * The only way the configuration page makes DOM: createElement, setAttribute and text nodes.
 * Function data is never parsed as HTML. Attributes that could load or run something (event
 * handlers, src, href, style, srcdoc) are refused here, so no data can reach them by accident.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  /** Plain attributes (aria-*, role, title, for, type, ...). */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Event listeners, attached with addEventListener (never as attributes). */
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

const FORBIDDEN_ATTR = /^(on|src$|href$|style$|srcdoc$|action$|formaction$|xlink:href$)/i;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.id) el.id = props.id;
  if (props?.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (FORBIDDEN_ATTR.test(name)) throw new Error(`attribute "${name}" is not allowed`);
      if (value === undefined || value === false) continue;
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (props?.on) {
    for (const [event, handler] of Object.entries(props.on)) {
      if (handler) el.addEventListener(event, handler as EventListener);
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A codicon glyph; names come from the page's own constants, never from data. */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** An icon-only button: the label is both its accessible name and its tooltip. */
export function iconButton(name: string, label: string, onClick: () => void, extra: Props['attrs'] = {}): HTMLButtonElement {
  return h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': label, title: label, ...extra }, on: { click: onClick } }, icon(name));
}

/** Finds an element by an attribute value without building a CSS selector from data. */
export function findByAttr(root: ParentNode, attr: string, value: string): HTMLElement | undefined {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(`[${attr}]`))) {
    if (el.getAttribute(attr) === value) return el;
  }
  return undefined;
}
