/**
 * The page's form model: what the inputs hold, as text, plus per-variable reveal state. Converting
 * it to ConfigValues is where typed text becomes numbers (or NaN, which validation reports).
 */
import type { ConfigValues } from '../../vscode/configPanel/changes';

export interface EnvRow {
  /** Stable across re-renders, so focus and reveal state follow the row, not its position. */
  id: number;
  key: string;
  value: string;
  revealed: boolean;
}

export interface Form {
  memory: string;
  timeout: string;
  description: string;
  env: EnvRow[];
}

let nextId = 1;

export function newRow(key = '', value = '', revealed = true): EnvRow {
  return { id: nextId++, key, value, revealed };
}

/** `revealedKeys` carries reveal state across a reload; everything else starts masked. */
export function formFrom(values: ConfigValues, revealedKeys: ReadonlySet<string>): Form {
  return {
    memory: values.memorySize === undefined || Number.isNaN(values.memorySize) ? '' : String(values.memorySize),
    timeout: values.timeout === undefined || Number.isNaN(values.timeout) ? '' : String(values.timeout),
    description: values.description,
    env: values.env.map(([k, v]) => newRow(k, v, revealedKeys.has(k))),
  };
}

/** A whole or decimal number as typed; anything else (empty, "12abc", "1e3") is NaN. */
export function parseNumber(text: string): number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

export function isBlank(row: EnvRow): boolean {
  return row.key.trim() === '' && row.value === '';
}

/**
 * The values the form stands for. Rows left completely blank are ignored (an "Add" the user did
 * not fill in is not an edit). `rowIds[i]` is the row behind `values.env[i]`, to place messages.
 */
export function readForm(form: Form, loaded: ConfigValues): { values: ConfigValues; rowIds: number[] } {
  const rows = form.env.filter((r) => !isBlank(r));
  return {
    values: {
      // An untouched empty field (a function the service reported without a value) is not an edit.
      memorySize: form.memory === '' && loaded.memorySize === undefined ? undefined : parseNumber(form.memory),
      timeout: form.timeout === '' && loaded.timeout === undefined ? undefined : parseNumber(form.timeout),
      description: form.description,
      env: rows.map((r) => [r.key, r.value]),
    },
    rowIds: rows.map((r) => r.id),
  };
}
