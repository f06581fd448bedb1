/**
 * Where a log read starts: `10m`, `90s`, `2h`, `1d`, `1w` ago, or an ISO 8601 date. One parser for
 * the CLI's --since and the editor's start-window choice.
 */
import { WorkbenchError } from '../errors';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** CloudWatch Logs keeps events at most this long back from now is meaningless to ask past. */
const MAX_LOOKBACK_MS = 10 * 365 * 86_400_000;

/** Epoch milliseconds for `value` relative to `now`; throws WorkbenchError('usage') naming the problem. */
export function parseSince(value: string, now = Date.now()): number {
  const text = value.trim();
  const rel = /^(\d+)\s*([smhdw])$/i.exec(text);
  if (rel) {
    const ms = Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()];
    if (!Number.isSafeInteger(ms) || ms > MAX_LOOKBACK_MS) throw new WorkbenchError('usage', `--since ${value} reaches back too far.`, { hint: 'Use at most 10 years (e.g. 520w).' });
    return now - ms;
  }
  // A date alone or a date and time; Date.parse would also take forms like "May 1" we do not promise.
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const t = Date.parse(text.replace(' ', 'T'));
    if (Number.isFinite(t)) {
      if (t > now) throw new WorkbenchError('usage', `--since ${value} is in the future.`, { hint: 'Give a time in the past, or a duration such as 10m.' });
      return t;
    }
  }
  throw new WorkbenchError('usage', `"${value}" is not a start time.`, { hint: 'Use a duration such as 30s, 10m, 2h, 1d or 1w, or an ISO date such as 2026-01-31T12:00:00Z.' });
}
