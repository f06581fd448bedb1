/**
 * Reading a Lambda log event at a glance: which kind of line it is (the service's START, END,
 * REPORT and INIT lines, or what the code printed), its level, and its text with JSON records
 * pretty-printed. Pure; the editor maps `level` to its output colours, the CLI prints `text`.
 */
export type LogLineKind = 'start' | 'end' | 'report' | 'platform' | 'app';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface FormattedLogMessage {
  kind: LogLineKind;
  level: LogLevel;
  /** The message without its trailing newline; a JSON record (or a Text record's JSON message) pretty-printed when asked. */
  text: string;
}

export interface FormatOptions {
  /** Pretty-print JSON log records (two-space indent). Default true. */
  prettyJson?: boolean;
}

const PLATFORM_PREFIX = /^(INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY|XRAY TraceId:|RequestId: [0-9a-f-]+ Error:)/;
/** Text-format records: `2024-01-01T00:00:00.000Z\t<request id>\tLEVEL\tmessage`. */
const TEXT_RECORD = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\t([^\t]*)\t(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t([\s\S]*)$/;
/** What older runtimes and raw stderr print when a handler fails, before the level field existed. */
const UNTAGGED_ERROR = /\t(Error|Invoke Error|Uncaught Exception|Unhandled Promise Rejection)\s*\t/;

function levelOf(name: string | undefined): LogLevel | undefined {
  switch ((name ?? '').toUpperCase()) {
    case 'FATAL':
    case 'ERROR':
      return 'error';
    case 'WARN':
    case 'WARNING':
      return 'warn';
    case 'INFO':
      return 'info';
    case 'DEBUG':
      return 'debug';
    case 'TRACE':
      return 'trace';
    default:
      return undefined;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function platformKind(type: string): LogLineKind {
  if (type === 'platform.start') return 'start';
  if (type === 'platform.runtimeDone' || type === 'platform.end') return 'end';
  if (type === 'platform.report') return 'report';
  return 'platform';
}

export function formatLogMessage(message: string, options: FormatOptions = {}): FormattedLogMessage {
  const pretty = options.prettyJson ?? true;
  const text = message.replace(/\r?\n$/, '');
  if (text.startsWith('START RequestId:')) return { kind: 'start', level: 'info', text };
  if (text.startsWith('END RequestId:')) return { kind: 'end', level: 'info', text };
  if (text.startsWith('REPORT RequestId:')) return { kind: 'report', level: /Status: (error|timeout)/.test(text) ? 'warn' : 'info', text };
  if (PLATFORM_PREFIX.test(text)) return { kind: 'platform', level: /Error|timed out|Status: (error|timeout)/.test(text) ? 'error' : 'info', text };
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z [0-9a-f-]{36} Task timed out after/.test(text)) return { kind: 'platform', level: 'error', text };

  const json = parseObject(text);
  if (json) {
    const type = typeof json.type === 'string' ? json.type : undefined;
    const out = pretty ? JSON.stringify(json, null, 2) : text;
    if (type?.startsWith('platform.')) return { kind: platformKind(type), level: 'info', text: out };
    return { kind: 'app', level: levelOf(typeof json.level === 'string' ? json.level : undefined) ?? 'info', text: out };
  }

  const record = TEXT_RECORD.exec(text);
  if (record) {
    const [, time, requestId, levelName, body] = record;
    const inner = pretty ? parseObject(body) : undefined;
    const shown = inner ? `${time}\t${requestId}\t${levelName}\t${JSON.stringify(inner, null, 2)}` : text;
    return { kind: 'app', level: levelOf(levelName) ?? 'info', text: shown };
  }
  return { kind: 'app', level: UNTAGGED_ERROR.test(text) ? 'error' : 'info', text };
}
