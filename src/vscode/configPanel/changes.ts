/**
 * Change sets for the configuration panel: what the user edited (a diff against the configuration
 * they loaded), how to re-apply it onto a newer configuration after a conflict, and the
 * UpdateFunctionConfiguration request it becomes. Pure and shared by host and page.
 */
import type { UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { ConfigChanges, FunctionDocument } from './protocol';

/** The editable part of a function's configuration. Environment keeps its order, as pairs. */
export interface ConfigValues {
  memorySize?: number;
  timeout?: number;
  description: string;
  env: Array<[string, string]>;
}

export function valuesOf(fn: FunctionDocument | undefined): ConfigValues {
  const c = fn?.Configuration;
  const vars = c?.Environment?.Variables;
  return {
    memorySize: c?.MemorySize,
    timeout: c?.Timeout,
    description: c?.Description ?? '',
    env: vars ? Object.entries(vars).map(([k, v]) => [k, String(v)] as [string, string]) : [],
  };
}

function sameNumber(a: number | undefined, b: number | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && Number.isNaN(a) && Number.isNaN(b));
}

/** What turns `base` into `edited`; undefined when nothing changed. */
export function diffValues(base: ConfigValues, edited: ConfigValues): ConfigChanges | undefined {
  const changes: ConfigChanges = {};
  if (edited.memorySize !== undefined && !sameNumber(edited.memorySize, base.memorySize)) changes.memorySize = edited.memorySize;
  if (edited.timeout !== undefined && !sameNumber(edited.timeout, base.timeout)) changes.timeout = edited.timeout;
  if (edited.description !== base.description) changes.description = edited.description;

  const before = new Map(base.env);
  const keys = new Set(edited.env.map(([k]) => k));
  const set: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [k, v] of edited.env) {
    // The first row of a key that still holds the loaded value is unchanged; any other row
    // (new, changed, or a duplicate for validation to flag) is an edit.
    const unchanged = !seen.has(k) && before.has(k) && before.get(k) === v;
    seen.add(k);
    if (!unchanged) set.push([k, v]);
  }
  const remove = [...before.keys()].filter((k) => !keys.has(k));
  if (set.length > 0 || remove.length > 0) changes.environment = { set, remove };
  return isEmptyChanges(changes) ? undefined : changes;
}

export function isEmptyChanges(c: ConfigChanges | undefined | null): boolean {
  if (!c) return true;
  const env = c.environment;
  return (
    c.memorySize === undefined &&
    c.timeout === undefined &&
    c.description === undefined &&
    (env === undefined || (env.set.length === 0 && env.remove.length === 0))
  );
}

/** Re-applies edits onto (possibly newer) values: the rebase after a reload or a conflict. */
export function applyChanges(base: ConfigValues, changes: ConfigChanges | undefined | null): ConfigValues {
  if (!changes) return { ...base, env: base.env.map(([k, v]) => [k, v]) };
  const out: ConfigValues = {
    memorySize: changes.memorySize ?? base.memorySize,
    timeout: changes.timeout ?? base.timeout,
    description: changes.description ?? base.description,
    env: base.env.map(([k, v]) => [k, v]),
  };
  const env = changes.environment;
  if (env) {
    const removed = new Set(env.remove);
    out.env = out.env.filter(([k]) => !removed.has(k));
    for (const [k, v] of env.set) {
      const i = out.env.findIndex(([key]) => key === k);
      if (i >= 0) out.env[i] = [k, v];
      else out.env.push([k, v]);
    }
  }
  return out;
}

/** A plain object from pairs; `Object.fromEntries` defines own properties, so `__proto__` is data. */
export function envObject(pairs: Array<[string, string]>): Record<string, string> {
  return Object.fromEntries(pairs);
}

/**
 * The UpdateFunctionConfiguration input for `changes` made against `base`. Only changed fields
 * are sent; the environment is sent whole because the API replaces it whole.
 */
export function buildUpdateRequest(
  functionName: string,
  base: ConfigValues,
  changes: ConfigChanges,
  revisionId: string | undefined,
): UpdateFunctionConfigurationRequest {
  const req: UpdateFunctionConfigurationRequest = { FunctionName: functionName };
  if (revisionId) req.RevisionId = revisionId;
  if (changes.memorySize !== undefined) req.MemorySize = changes.memorySize;
  if (changes.timeout !== undefined) req.Timeout = changes.timeout;
  if (changes.description !== undefined) req.Description = changes.description;
  if (changes.environment) req.Environment = { Variables: envObject(applyChanges(base, { environment: changes.environment }).env) };
  return req;
}

/** A one-line summary for notifications and logs. Never includes environment values. */
export function describeChanges(c: ConfigChanges): string {
  const parts: string[] = [];
  if (c.memorySize !== undefined) parts.push(`memory ${c.memorySize} MB`);
  if (c.timeout !== undefined) parts.push(`timeout ${c.timeout} s`);
  if (c.description !== undefined) parts.push('description');
  if (c.environment) {
    const n = c.environment.set.length + c.environment.remove.length;
    parts.push(`environment variables (${n} change${n === 1 ? '' : 's'})`);
  }
  return parts.join(', ');
}
