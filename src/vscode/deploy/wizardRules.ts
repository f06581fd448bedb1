/** The deploy wizard's rules, pure: runtime from package.json engines, and field validation. */
import { DEFAULTS, LIMITS } from '../../core/config/validationRules';

/** Node.js runtimes offered, newest first. */
export const NODE_RUNTIMES = ['nodejs24.x', 'nodejs22.x', 'nodejs20.x'] as const;
export const DEFAULT_RUNTIME = DEFAULTS.runtime;

/**
 * The newest offered runtime whose major version satisfies package.json's `engines.node`, judged
 * on major versions only (what a Lambda runtime pins). Undefined when nothing fits or the range
 * cannot be read; callers then use DEFAULT_RUNTIME.
 */
export function runtimeForEngines(range: string | undefined): string | undefined {
  if (!range?.trim()) return undefined;
  for (const runtime of NODE_RUNTIMES) {
    const major = Number(/nodejs(\d+)/.exec(runtime)?.[1]);
    if (majorSatisfies(major, range)) return runtime;
  }
  return undefined;
}

export function majorSatisfies(major: number, range: string): boolean {
  return range.split('||').some((set) => {
    const comparators = set.trim().replace(/\s*-\s+/, ' - ').split(/\s+/).filter(Boolean);
    if (comparators.length === 3 && comparators[1] === '-') {
      return major >= versionMajor(comparators[0]) && major <= versionMajor(comparators[2]);
    }
    return comparators.every((c) => comparatorAllows(major, c));
  });
}

function versionMajor(v: string): number {
  const m = /^v?(\d+)/.exec(v.trim());
  return m ? Number(m[1]) : NaN;
}

function comparatorAllows(major: number, comparator: string): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?/.exec(comparator);
  if (!m) return comparator === '*' || comparator === 'x';
  const [, op = '', majorText, minor, patch] = m;
  if (/[xX*]/.test(majorText)) return true;
  const v = Number(majorText);
  const hasLower = (minor !== undefined && minor !== '0' && !/[xX*]/.test(minor)) || (patch !== undefined && patch !== '0' && !/[xX*]/.test(patch));
  switch (op) {
    case '>=':
      return major >= v;
    case '>':
      // ">20.1" still allows 20.x versions; ">20" means 21 and up.
      return minor !== undefined ? major >= v : major > v;
    case '<':
      // "<21" excludes 21; "<20.5" still allows 20.0–20.4.
      return hasLower ? major <= v : major < v;
    case '<=':
      return major <= v;
    default:
      // 20, =20, ^20.1, ~20.1, 20.x: the same major.
      return major === v;
  }
}

/** The API reference's pattern for an execution role. */
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

export function validateRoleArn(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter the ARN of the execution role, e.g. arn:aws:iam::123456789012:role/lambda-basic-execution.';
  if (!ROLE_ARN.test(v)) return 'That is not an IAM role ARN. It looks like arn:aws:iam::123456789012:role/NAME.';
  return undefined;
}

/** Function names: letters, digits, hyphens and underscores, 1–64 characters. */
export function validateFunctionName(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter a function name.';
  if (v.length > 64) return `Function names are at most 64 characters (this one has ${v.length}).`;
  if (!/^[a-zA-Z0-9-_]+$/.test(v)) return 'Use only letters, digits, hyphens (-) and underscores (_).';
  return undefined;
}

export function validateMemory(value: string): string | undefined {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < LIMITS.memoryMin || n > LIMITS.memoryMax) return `Memory is a whole number of MB from ${LIMITS.memoryMin} to ${LIMITS.memoryMax}.`;
  return undefined;
}

export function validateTimeout(value: string): string | undefined {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < LIMITS.timeoutMin || n > LIMITS.timeoutMax) return `Timeout is a whole number of seconds from ${LIMITS.timeoutMin} to ${LIMITS.timeoutMax}.`;
  return undefined;
}

/** A suggested function name from the folder name (Lambda's character rules). */
export function suggestFunctionName(folderName: string): string {
  const cleaned = folderName.replace(/[^a-zA-Z0-9-_]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned || 'my-function').slice(0, 64);
}

/** Keeps the most recent roles first, without duplicates, at most `max`. */
export function rememberRecent(list: readonly string[], value: string, max = 5): string[] {
  return [value, ...list.filter((v) => v !== value)].slice(0, max);
}
