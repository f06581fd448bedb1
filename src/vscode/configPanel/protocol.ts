/**
 * The typed message protocol between the configuration panel's host (extension) and its page
 * (webview). Shared by both sides: this file must stay free of `vscode` and of any run-time import,
 * because the page bundle (src/webview/config) includes it.
 *
 * The page is untrusted: everything it sends goes through `parsePageMessage` before the host acts
 * on it. The host only sends JSON-safe data (see `toJsonSafe`), never HTML.
 */
import type { GetFunctionResponse, GetFunctionUrlConfigResponse } from '@aws-sdk/client-lambda';

export const CONFIG_PANEL_VIEW_TYPE = 'lambdaWorkbench.configuration';

export interface FunctionRef {
  region: string;
  /** A function name or ARN, as GetFunction accepts it. */
  functionName: string;
}

/** GetFunction's response as the page sees it: JSON values only, `$metadata` removed. */
export type FunctionDocument = Omit<GetFunctionResponse, '$metadata'>;
/** GetFunctionUrlConfig's response as the page sees it. */
export type UrlConfigDocument = Omit<GetFunctionUrlConfigResponse, '$metadata'>;

/**
 * An edit, relative to the configuration it was made against. Environment edits are operations
 * rather than a whole map so they can be re-applied onto a newer configuration after a conflict.
 * Key/value pairs travel as arrays, never as object keys, so a key such as `__proto__` stays data.
 */
export interface ConfigChanges {
  memorySize?: number;
  timeout?: number;
  description?: string;
  environment?: { set: Array<[string, string]>; remove: string[] };
}

/** A validation finding: `path` is a JSON path into UpdateFunctionConfiguration's input. */
export interface Issue {
  path: string;
  message: string;
}

export interface PanelError {
  message: string;
  hint?: string;
  /** `notFound` lets the page say the function is gone rather than "try again". */
  kind?: string;
}

export interface PanelState {
  ref: FunctionRef;
  fn?: FunctionDocument;
  /** null: the function has no URL; undefined: not known (the service cannot tell or failed). */
  url?: UrlConfigDocument | null;
  /** Set when loading failed; `fn` then holds the last good copy, if any. */
  error?: PanelError;
  /** Unsaved edits the host kept while the page was hidden; the page re-applies them. */
  draft?: ConfigChanges;
  /** "profile default", "local endpoint http://127.0.0.1:4566", ... */
  connection?: string;
}

export interface BusyInfo {
  label: string;
  detail?: string;
  /** Set while a save runs: the fields are read-only. A load leaves them editable (edits are re-applied). */
  locksEdits?: boolean;
}

export type HostMessage =
  | { type: 'state'; state: PanelState }
  | { type: 'busy'; busy: BusyInfo | null }
  | { type: 'saved'; message: string }
  | { type: 'conflict'; message: string; hint: string }
  | { type: 'validation'; issues: Issue[] }
  | { type: 'error'; error: PanelError };

export const LINK_TARGETS = ['console', 'logs', 'role', 'functionUrl'] as const;
export type LinkTarget = (typeof LINK_TARGETS)[number];

/** Editor commands the page can start for its function (Tail Logs, Download Code…). */
export const PANEL_ACTIONS = ['tailLogs', 'downloadCode'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

export type PageMessage =
  | { type: 'run'; action: PanelAction }
  | { type: 'ready' }
  | { type: 'save'; changes: ConfigChanges; revisionId: string }
  | { type: 'reload' }
  | { type: 'draft'; changes: ConfigChanges | null }
  | { type: 'copy'; text: string; label: string }
  | { type: 'openLink'; target: LinkTarget };

/** Bounds on what the page may send; generous for real use, small enough to refuse junk. */
export const MESSAGE_LIMITS = {
  stringChars: 16_384,
  envEntries: 1_000,
  copyChars: 100_000,
  labelChars: 100,
} as const;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBoundedString(v: unknown, max: number = MESSAGE_LIMITS.stringChars): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** Accepts a finite number; range checks are validation's job, so the user gets a proper message. */
function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function parseChanges(raw: unknown): ParseResult<ConfigChanges> {
  if (!isRecord(raw)) return { ok: false, reason: 'changes must be an object' };
  const known = new Set(['memorySize', 'timeout', 'description', 'environment']);
  for (const k of Object.keys(raw)) if (!known.has(k)) return { ok: false, reason: `unknown change "${k.slice(0, 40)}"` };
  const out: ConfigChanges = {};
  if (raw.memorySize !== undefined) {
    if (!isFiniteNumber(raw.memorySize)) return { ok: false, reason: 'memorySize must be a number' };
    out.memorySize = raw.memorySize;
  }
  if (raw.timeout !== undefined) {
    if (!isFiniteNumber(raw.timeout)) return { ok: false, reason: 'timeout must be a number' };
    out.timeout = raw.timeout;
  }
  if (raw.description !== undefined) {
    if (!isBoundedString(raw.description)) return { ok: false, reason: 'description must be a string' };
    out.description = raw.description;
  }
  if (raw.environment !== undefined) {
    const env = raw.environment;
    if (!isRecord(env) || !Array.isArray(env.set) || !Array.isArray(env.remove)) {
      return { ok: false, reason: 'environment must be { set: [key, value][], remove: key[] }' };
    }
    if (env.set.length + env.remove.length > MESSAGE_LIMITS.envEntries) return { ok: false, reason: 'too many environment changes' };
    const set: Array<[string, string]> = [];
    for (const pair of env.set) {
      if (!Array.isArray(pair) || pair.length !== 2 || !isBoundedString(pair[0]) || !isBoundedString(pair[1])) {
        return { ok: false, reason: 'environment.set entries must be [key, value] strings' };
      }
      set.push([pair[0], pair[1]]);
    }
    const remove: string[] = [];
    for (const key of env.remove) {
      if (!isBoundedString(key)) return { ok: false, reason: 'environment.remove entries must be strings' };
      remove.push(key);
    }
    out.environment = { set, remove };
  }
  return { ok: true, value: out };
}

/** Checks a message from the page. Anything unexpected is refused with a reason for the log. */
export function parsePageMessage(raw: unknown): ParseResult<PageMessage> {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a message object' };
  switch (raw.type) {
    case 'ready':
    case 'reload':
      return { ok: true, value: { type: raw.type } };
    case 'save': {
      if (!isBoundedString(raw.revisionId, 200)) return { ok: false, reason: 'save needs a revisionId string' };
      const changes = parseChanges(raw.changes);
      if (!changes.ok) return changes;
      return { ok: true, value: { type: 'save', changes: changes.value, revisionId: raw.revisionId } };
    }
    case 'draft': {
      if (raw.changes === null) return { ok: true, value: { type: 'draft', changes: null } };
      const changes = parseChanges(raw.changes);
      if (!changes.ok) return changes;
      return { ok: true, value: { type: 'draft', changes: changes.value } };
    }
    case 'copy':
      if (!isBoundedString(raw.text, MESSAGE_LIMITS.copyChars)) return { ok: false, reason: 'copy needs a text string' };
      if (!isBoundedString(raw.label, MESSAGE_LIMITS.labelChars)) return { ok: false, reason: 'copy needs a short label' };
      return { ok: true, value: { type: 'copy', text: raw.text, label: raw.label } };
    case 'run':
      if (!(PANEL_ACTIONS as readonly unknown[]).includes(raw.action)) return { ok: false, reason: 'unknown action' };
      return { ok: true, value: { type: 'run', action: raw.action as PanelAction } };
    case 'openLink':
      if (!(LINK_TARGETS as readonly unknown[]).includes(raw.target)) return { ok: false, reason: 'unknown link target' };
      return { ok: true, value: { type: 'openLink', target: raw.target as LinkTarget } };
    default:
      return { ok: false, reason: `unknown message type "${raw.type.slice(0, 40)}"` };
  }
}

/**
 * A JSON-only deep copy for postMessage: drops `$metadata`, functions and undefined; turns Dates
 * into ISO strings and binary data into a note of its size. Own keys are copied with
 * `Object.defineProperty` semantics (via entries), so odd keys cannot touch prototypes.
 */
export function toJsonSafe(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[nested too deeply]';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => toJsonSafe(v, depth + 1) ?? null);
  if (typeof value === 'object') {
    const entries: Array<[string, unknown]> = [];
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata') continue;
      const safe = toJsonSafe(v, depth + 1);
      if (safe !== undefined) entries.push([k, safe]);
    }
    return Object.fromEntries(entries);
  }
  return undefined;
}
