/**
 * The rules UpdateFunctionConfiguration applies to the fields this panel edits, checked before
 * the call: in the page for instant feedback and again in the host (the page is untrusted).
 * Limits are from the Lambda API reference (MemorySize 128-10240, Timeout 1-900, Description up to
 * 256, environment keys `[a-zA-Z]([a-zA-Z0-9_])+`, reserved runtime keys, 4 KB in total).
 * Messages never contain environment values.
 */
import type { ConfigValues } from './changes';
import type { ConfigChanges, Issue } from './protocol';
import { LIMITS, PATTERNS, RESERVED_ENV_KEYS as RESERVED_KEYS } from '../../core/config/validationRules';

/** The limits and patterns are core's (one owner); the page imports them from here. */
export { LIMITS, PATTERNS };

/** Keys the Lambda runtime sets itself; the service refuses them in a function's configuration. */
export const RESERVED_ENV_KEYS: ReadonlySet<string> = new Set(RESERVED_KEYS);

/**
 * The service measures the variables as the JSON object it stores (its error message quotes that
 * string), so the size is the UTF-8 length of that JSON.
 */
export function envSizeBytes(pairs: Array<[string, string]>): number {
  return utf8Length(JSON.stringify(Object.fromEntries(pairs)));
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function envKeyPath(key: string): string {
  return `$.Environment.Variables.${key}`;
}

/** Path for a row that cannot be named by its key (empty or repeated): its position among the rows. */
export function envRowPath(index: number): string {
  return `$.Environment.Variables[${index}]`;
}

/** Shown for keys in messages: quoted, and cut short so a pasted blob cannot flood the page. */
function quoteKey(key: string): string {
  return `"${key.length > 40 ? `${key.slice(0, 40)}…` : key}"`;
}

export function validateMemory(value: number | undefined): Issue[] {
  if (value === undefined || !Number.isInteger(value) || value < LIMITS.memoryMin || value > LIMITS.memoryMax) {
    return [{ path: '$.MemorySize', message: `Memory must be a whole number of MB from ${LIMITS.memoryMin} to ${LIMITS.memoryMax}.` }];
  }
  return [];
}

export function validateTimeout(value: number | undefined): Issue[] {
  if (value === undefined || !Number.isInteger(value) || value < LIMITS.timeoutMin || value > LIMITS.timeoutMax) {
    return [{ path: '$.Timeout', message: `Timeout must be a whole number of seconds from ${LIMITS.timeoutMin} to ${LIMITS.timeoutMax}.` }];
  }
  return [];
}

export function validateDescription(value: string): Issue[] {
  if (value.length > LIMITS.description) {
    return [{ path: '$.Description', message: `Description is ${value.length} characters long; the limit is ${LIMITS.description}.` }];
  }
  return [];
}

export function validateEnvironment(pairs: Array<[string, string]>): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  pairs.forEach(([key], index) => {
    if (key === '') {
      issues.push({ path: envRowPath(index), message: 'Enter a name for this variable, or remove it.' });
    } else if (seen.has(key)) {
      issues.push({ path: envRowPath(index), message: `${quoteKey(key)} is already defined above; names must be unique.` });
    } else if (RESERVED_ENV_KEYS.has(key)) {
      issues.push({ path: envKeyPath(key), message: `${quoteKey(key)} is reserved: the Lambda runtime sets it. Choose another name.` });
    } else if (!PATTERNS.envKey.test(key)) {
      issues.push({
        path: envKeyPath(key),
        message: `${quoteKey(key)} is not a valid name: start with a letter, then use letters, digits or underscores (2 characters at least).`,
      });
    }
    seen.add(key);
  });
  const size = envSizeBytes(pairs);
  if (size > LIMITS.environmentBytes) {
    issues.push({
      path: '$.Environment.Variables',
      message: `Environment variables take ${size} bytes; the limit is ${LIMITS.environmentBytes} bytes (4 KB) in total. Shorten or remove some.`,
    });
  }
  return issues;
}

/**
 * Checks the fields that `changes` touches, as they would be after applying it. Untouched fields
 * are not re-checked: the service accepted them already, so they must not block an unrelated edit.
 */
export function validateEdit(edited: ConfigValues, changes: ConfigChanges | undefined): Issue[] {
  if (!changes) return [];
  return [
    ...(changes.memorySize !== undefined ? validateMemory(edited.memorySize) : []),
    ...(changes.timeout !== undefined ? validateTimeout(edited.timeout) : []),
    ...(changes.description !== undefined ? validateDescription(edited.description) : []),
    ...(changes.environment ? validateEnvironment(edited.env) : []),
  ];
}
