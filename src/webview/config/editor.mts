/**
 * The editable fields: description, memory, timeout and the environment variables table, with
 * values masked until revealed one by one. A masked value is not in the DOM at all, so neither a
 * screenshot nor the accessibility tree can leak it.
 */
import { LIMITS } from '../../vscode/configPanel/validation';
import { h, icon, iconButton } from './dom.mjs';
import { type Reader, paragraph, warning } from './fields.mjs';
import { type EnvRow, type Form, newRow } from './model.mjs';
import { C, type GeneralEditors, type Section } from './sectionsMain.mjs';

export interface EditorHost {
  form: Form;
  /** A value was typed: re-validate and update the dirty state, without re-rendering. */
  changed(): void;
  /** Rows were added, removed, revealed or renamed: re-render, then focus `focusKey`. */
  restructure(focusKey?: string): void;
}

/** Where validation messages go: one slot per field and per environment row. */
export interface Slot {
  input?: HTMLElement;
  message: HTMLElement;
}

export class Slots {
  readonly byKey = new Map<string, Slot>();
  add(key: string, slot: Slot): void {
    this.byKey.set(key, slot);
  }
}

function message(id: string): HTMLElement {
  return h('div', { class: 'field-message', id, attrs: { 'aria-live': 'polite' } });
}

/** Grows a textarea with its content (up to a limit) without inline styles, which CSP forbids. */
function fitRows(area: HTMLTextAreaElement, max = 8): void {
  area.rows = Math.min(max, Math.max(1, area.value.split('\n').length));
}

function numberEditor(
  host: EditorHost,
  slots: Slots,
  key: 'memory' | 'timeout',
  label: string,
  unit: string,
  hint: string,
): HTMLElement {
  const id = `field-${key}`;
  const input = h('input', {
    id,
    class: 'number-input',
    attrs: {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `${id}-hint msg-${key}`,
      'data-focus': id,
      'data-editable': '',
    },
    on: {
      input: () => {
        host.form[key] = input.value;
        host.changed();
      },
    },
  });
  input.value = host.form[key];
  const msg = message(`msg-${key}`);
  slots.add(key, { input, message: msg });
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: id } }, label),
    h('div', { class: 'field-control' }, input, h('span', { class: 'unit' }, unit), h('span', { class: 'hint', id: `${id}-hint` }, hint)),
    msg,
  );
}

function descriptionEditor(host: EditorHost, slots: Slots): HTMLElement {
  const id = 'field-description';
  const counter = h('span', { class: 'hint', id: `${id}-count` });
  const area = h('textarea', {
    id,
    attrs: { rows: 1, spellcheck: 'true', 'aria-describedby': `${id}-count msg-description`, 'data-focus': id, 'data-editable': '' },
    on: {
      input: () => {
        host.form.description = area.value;
        counter.textContent = `${area.value.length} / ${LIMITS.description}`;
        fitRows(area, 4);
        host.changed();
      },
    },
  });
  area.value = host.form.description;
  counter.textContent = `${area.value.length} / ${LIMITS.description}`;
  fitRows(area, 4);
  const msg = message('msg-description');
  slots.add('description', { input: area, message: msg });
  return h('div', { class: 'field' }, h('label', { attrs: { for: id } }, 'Description'), h('div', { class: 'field-control wide' }, area, counter), msg);
}

export function generalEditors(host: EditorHost, slots: Slots): GeneralEditors {
  return {
    description: descriptionEditor(host, slots),
    memory: numberEditor(host, slots, 'memory', 'Memory', 'MB', `${LIMITS.memoryMin}–${LIMITS.memoryMax}`),
    timeout: numberEditor(host, slots, 'timeout', 'Timeout', 'seconds', `${LIMITS.timeoutMin}–${LIMITS.timeoutMax}`),
  };
}

function rowName(row: EnvRow, index: number): string {
  return row.key.trim() ? row.key : `variable ${index + 1}`;
}

function envRow(host: EditorHost, slots: Slots, row: EnvRow, index: number): HTMLElement {
  const name = rowName(row, index);
  const keyInput = h('input', {
    class: 'env-key mono',
    attrs: {
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-label': `Name of ${name}`,
      'aria-describedby': `msg-env-${row.id}`,
      'data-focus': `env-key-${row.id}`,
      'data-editable': '',
    },
    on: {
      input: () => {
        row.key = keyInput.value;
        relabel();
        host.changed();
      },
    },
  });
  keyInput.value = row.key;
  let value: HTMLElement;
  if (row.revealed) {
    const area = h('textarea', {
      class: 'env-value mono',
      attrs: {
        rows: 1,
        autocomplete: 'off',
        spellcheck: 'false',
        'aria-label': `Value of ${name}`,
        'aria-describedby': `msg-env-${row.id}`,
        'data-focus': `env-value-${row.id}`,
        'data-editable': '',
      },
      on: {
        input: () => {
          row.value = area.value;
          fitRows(area);
          host.changed();
        },
      },
    });
    area.value = row.value;
    fitRows(area);
    value = area;
  } else {
    value = h('span', { class: 'masked mono', attrs: { role: 'img', 'aria-label': `Value of ${name} is hidden` } }, '••••••••');
  }
  const reveal = iconButton(
    row.revealed ? 'eye-closed' : 'eye',
    row.revealed ? `Hide the value of ${name}` : `Show the value of ${name}`,
    () => {
      row.revealed = !row.revealed;
      host.restructure(`env-reveal-${row.id}`);
    },
    { 'aria-pressed': row.revealed ? 'true' : 'false', 'data-focus': `env-reveal-${row.id}` },
  );
  reveal.classList.add('reveal');
  const remove = iconButton(
    'trash',
    `Remove ${name}`,
    () => {
      const i = host.form.env.indexOf(row);
      host.form.env.splice(i, 1);
      const next = host.form.env[i] ?? host.form.env[i - 1];
      host.restructure(next ? `env-remove-${next.id}` : 'env-add');
    },
    { 'data-focus': `env-remove-${row.id}`, 'data-editable': '' },
  );
  const msg = message(`msg-env-${row.id}`);
  slots.add(`env-${row.id}`, { input: keyInput, message: msg });
  const group = h(
    'div',
    { class: 'env-row', attrs: { role: 'group', 'aria-label': name, 'data-row': row.id } },
    keyInput,
    h('span', { class: 'equals', attrs: { 'aria-hidden': 'true' } }, '='),
    value,
    h('span', { class: 'row-actions' }, reveal, remove),
    msg,
  );
  // Labels name the variable; a rename updates them in place (a re-render would move focus).
  function relabel(): void {
    const n = rowName(row, index);
    group.setAttribute('aria-label', n);
    keyInput.setAttribute('aria-label', `Name of ${n}`);
    value.setAttribute('aria-label', row.revealed ? `Value of ${n}` : `Value of ${n} is hidden`);
    const revealLabel = row.revealed ? `Hide the value of ${n}` : `Show the value of ${n}`;
    reveal.setAttribute('aria-label', revealLabel);
    reveal.title = revealLabel;
    remove.setAttribute('aria-label', `Remove ${n}`);
    remove.title = `Remove ${n}`;
  }
  return group;
}

export function environmentSection(r: Reader, host: EditorHost, slots: Slots): Section {
  r.get(`${C}.Environment.Variables`);
  const error = r.str(`${C}.Environment.Error.Message`);
  const errorCode = r.str(`${C}.Environment.Error.ErrorCode`);
  const rows = host.form.env;
  const add = h(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button', 'data-focus': 'env-add', 'data-editable': '' },
      on: {
        click: () => {
          const row = newRow();
          host.form.env.push(row);
          host.restructure(`env-key-${row.id}`);
        },
      },
    },
    icon('add'),
    ' Add variable',
  );
  const msg = message('msg-env');
  const size = h('span', { class: 'hint', id: 'env-size' });
  slots.add('env', { message: msg });
  slots.add('env-size', { message: size });
  return {
    id: 'environment',
    title: 'Environment variables',
    icon: 'symbol-variable',
    summary: `${rows.length}`,
    body: [
      (error || errorCode) && warning(`The service could not decrypt or apply the variables: ${[errorCode, error].filter(Boolean).join(': ')}`),
      rows.length ? h('div', { class: 'env-list' }, ...rows.map((row, i) => envRow(host, slots, row, i))) : paragraph('No environment variables.'),
      h('div', { class: 'env-footer' }, add, size),
      msg,
    ],
  };
}
