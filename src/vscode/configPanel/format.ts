/**
 * Display formatting for the configuration panel. Pure and shared (the page renders with it; unit
 * tests pin it). Dates are shown in UTC so every reader of a screenshot sees the same time.
 */

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 KB (1,536 bytes)"; binary multiples, as the Lambda console shows code sizes. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const exact = `${Math.round(n).toLocaleString('en-US')} bytes`;
  if (Math.abs(n) < 1024) return exact;
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const shown = v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${UNITS[u]} (${exact})`;
}

export function formatMemory(mb: number | undefined): string {
  return mb === undefined ? '—' : `${mb.toLocaleString('en-US')} MB`;
}

/** 905 -> "15 min 5 s (905 s)"; the API's unit stays visible. */
export function formatSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '—';
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  const rest = s % 60;
  return `${min} min${rest ? ` ${rest} s` : ''} (${s} s)`;
}

/**
 * Lambda's timestamps look like "2024-05-01T10:20:30.123+0000". Returns "2024-05-01 10:20:30 UTC"
 * plus how long ago when `now` is given; the original text when it cannot be parsed.
 */
export function formatTimestamp(value: string | undefined, now?: Date): string {
  if (!value) return '—';
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return value;
  const d = new Date(t);
  const text = `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return now ? `${text} (${formatAgo(now.getTime() - t)})` : text;
}

export function formatAgo(ms: number): string {
  if (ms < 0) return 'in the future';
  const s = Math.floor(ms / 1000);
  if (s < 60) return 'just now';
  const steps: Array<[number, string]> = [
    [60, 'minute'],
    [60, 'hour'],
    [24, 'day'],
    [30, 'month'],
    [12, 'year'],
  ];
  let v = s / 60;
  let unit = 'minute';
  for (let i = 1; i < steps.length && v >= steps[i][0]; i++) {
    v /= steps[i][0];
    unit = steps[i][1];
  }
  const n = Math.floor(v);
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

const WORDS: Record<string, string> = {
  arn: 'ARN',
  arns: 'ARNs',
  id: 'ID',
  ids: 'IDs',
  url: 'URL',
  uri: 'URI',
  kms: 'KMS',
  vpc: 'VPC',
  ipv6: 'IPv6',
  sha256: 'SHA-256',
  cors: 'CORS',
};

/** "ReservedConcurrentExecutions" -> "Reserved concurrent executions"; "KMSKeyArn" -> "KMS key ARN". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean);
  return words
    .map((w, i) => {
      const known = Object.prototype.hasOwnProperty.call(WORDS, w.toLowerCase()) ? WORDS[w.toLowerCase()] : undefined;
      if (known) return known;
      if (/^[A-Z0-9]{2,}$/.test(w)) return w;
      return i === 0 ? w[0].toUpperCase() + w.slice(1) : w.toLowerCase();
    })
    .join(' ');
}

/** The last part of an ARN ("arn:aws:iam::1:role/svc/x" -> "x"), for compact labels. */
export function arnTail(arn: string | undefined): string {
  if (!arn) return '';
  const cut = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
  return cut >= 0 ? arn.slice(cut + 1) : arn;
}

/** Plain words for a scalar from the generic section. */
export function formatScalar(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return v.toLocaleString('en-US');
  return String(v);
}
