/**
 * CloudWatch Logs filter patterns, as FilterLogEvents applies them to unstructured and JSON
 * events: the subset the local server supports, and the one place that knows it.
 *
 * - Terms: `ERROR timeout` matches events containing every term (case-sensitive); `"two words"`
 *   is one term; `?ERROR ?WARN` matches events containing any of the ?-terms; `-DEBUG` excludes.
 * - JSON: `{ $.level = "ERROR" }`, `{ $.latency > 100 }`, with `=`, `!=`, `<`, `<=`, `>`, `>=`,
 *   `*` wildcards in strings, `&&` and `||` (left to right, no parentheses).
 * Space-delimited patterns (`[ip, user, ...]`) and regular expressions (`%...%`) are not
 * supported here: they throw, so the server answers InvalidParameterException instead of guessing.
 */
export class FilterPatternError extends Error {}

export type EventMatcher = (message: string) => boolean;

const MAX_PATTERN_LENGTH = 1024;

export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const p = (pattern ?? '').trim();
  if (p.length > MAX_PATTERN_LENGTH) throw new FilterPatternError(`filterPattern must be at most ${MAX_PATTERN_LENGTH} characters.`);
  if (p === '' || p === '""') return () => true;
  if (p.startsWith('{')) return compileJson(p);
  if (p.startsWith('[')) throw new FilterPatternError('Space-delimited filter patterns ([...]) are not supported by the local server.');
  if (p.startsWith('%')) throw new FilterPatternError('Regular-expression filter patterns (%...%) are not supported by the local server.');
  return compileTerms(p);
}

function tokenize(p: string): string[] {
  const out: string[] = [];
  const re = /([?-]?)"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) {
    if (m[3] !== undefined) out.push(m[3]);
    else out.push(m[1] + JSON.parse(`"${m[2]}"`));
  }
  return out;
}

function compileTerms(p: string): EventMatcher {
  const required: string[] = [];
  const any: string[] = [];
  const excluded: string[] = [];
  if ((p.match(/"/g)?.length ?? 0) % 2 !== 0) throw new FilterPatternError('Invalid filter pattern: unbalanced quotes.');
  for (const token of tokenize(p)) {
    if (token.startsWith('?') && token.length > 1) any.push(token.slice(1));
    else if (token.startsWith('-') && token.length > 1) excluded.push(token.slice(1));
    else required.push(token);
  }
  return (message) =>
    required.every((t) => message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t))) && !excluded.some((t) => message.includes(t));
}

type Comparison = (json: unknown) => boolean;

function select(json: unknown, path: string[]): unknown {
  let v = json;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    const idx = /^(.*)\[(\d+)\]$/.exec(key);
    if (idx) {
      v = (v as Record<string, unknown>)[idx[1]];
      v = Array.isArray(v) ? v[Number(idx[2])] : undefined;
    } else v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function wildcard(value: string): RegExp {
  return new RegExp(`^${value.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function compileComparison(text: string): Comparison {
  const m = /^\$((?:\.[A-Za-z0-9_@-]+(?:\[\d+\])?)+)\s*(=|!=|<=|>=|<|>)\s*(.+)$/.exec(text.trim());
  if (!m) throw new FilterPatternError(`Invalid JSON filter pattern term "${text.trim()}"; use a selector such as $.level = "ERROR".`);
  const path = m[1].slice(1).split('.');
  const op = m[2];
  const raw = m[3].trim();
  if (/^-?\d+(\.\d+)?$/.test(raw)) {
    const n = Number(raw);
    return (json) => {
      const v = select(json, path);
      if (typeof v !== 'number') return op === '!=';
      switch (op) {
        case '=':
          return v === n;
        case '!=':
          return v !== n;
        case '<':
          return v < n;
        case '<=':
          return v <= n;
        case '>':
          return v > n;
        default:
          return v >= n;
      }
    };
  }
  if (op !== '=' && op !== '!=') throw new FilterPatternError(`Invalid JSON filter pattern: ${op} needs a number, got ${raw}.`);
  const str = raw.startsWith('"') ? (raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : undefined) : raw;
  if (str === undefined) throw new FilterPatternError('Invalid JSON filter pattern: unbalanced quotes.');
  const re = wildcard(str);
  return (json) => {
    const v = select(json, path);
    const hit = (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && re.test(String(v));
    return op === '=' ? hit : !hit;
  };
}

function compileJson(p: string): EventMatcher {
  if (!p.endsWith('}')) throw new FilterPatternError('Invalid JSON filter pattern: it must end with "}".');
  const body = p.slice(1, -1).trim();
  if (!body) throw new FilterPatternError('Invalid JSON filter pattern: it is empty.');
  // a && b || c && d  → OR of ANDs, left to right.
  const ors = body.split('||').map((part) => part.split('&&').map(compileComparison));
  return (message) => {
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      return false;
    }
    return ors.some((ands) => ands.every((c) => c(json)));
  };
}
