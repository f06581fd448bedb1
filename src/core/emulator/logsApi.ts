/**
 * The CloudWatch Logs API subset the product reads, served on the local server's port: the JSON
 * 1.1 protocol (POST /, `X-Amz-Target: Logs_20140328.<Operation>`), FilterLogEvents, GetLogEvents
 * and DescribeLogStreams, validated as the service validates them (its constraint messages, its
 * error types). StartLiveTail is an event-stream protocol the local server does not speak: it
 * answers UnknownOperationException and clients poll FilterLogEvents instead (documented).
 */
import type { IncomingMessage } from 'node:http';
import { compileFilterPattern, FilterPatternError } from '../logs/filterPattern';
import { LOG_GROUP_NAME_PATTERN, LOG_STREAM_NAME_PATTERN } from '../logs/logGroup';
import type { LogsStore, StoredLogEvent, StoredLogGroup, StoredLogStream } from './logsStore';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

export class LogsApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new LogsApiError('InvalidParameterException', message);
const groupMissing = () => new LogsApiError('ResourceNotFoundException', 'The specified log group does not exist.');

/** True when the request is a CloudWatch Logs call (the local server then answers it here). */
export function isLogsRequest(req: IncomingMessage): boolean {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' && target.startsWith(LOGS_TARGET_PREFIX);
}

type Input = Record<string, unknown>;

function constraint(field: string, value: unknown, rule: string): LogsApiError {
  return invalid(`1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${rule}`);
}

function optString(input: Input, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new LogsApiError('SerializationException', `Value for ${field} must be a string.`);
  return v;
}

function optLong(input: Input, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new LogsApiError('SerializationException', `Value for ${field} must be an integer.`);
  if (v < min) throw constraint(field, v, `Member must have value greater than or equal to ${min}`);
  if (v > max) throw constraint(field, v, `Member must have value less than or equal to ${max}`);
  return v;
}

function optBool(input: Input, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new LogsApiError('SerializationException', `Value for ${field} must be a boolean.`);
  return v;
}

/** logGroupName or logGroupIdentifier (a name or an ARN): exactly one. */
function groupOf(store: LogsStore, region: string, input: Input): StoredLogGroup {
  const name = optString(input, 'logGroupName');
  const identifier = optString(input, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  if (name === undefined && identifier === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  let groupName: string;
  if (name !== undefined) {
    if (!LOG_GROUP_NAME_PATTERN.test(name)) throw constraint('logGroupName', name, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
    groupName = name;
  } else {
    const id = identifier ?? '';
    const arn = /^arn:[^:]+:logs:([^:]*):(\d{12}):log-group:([^:]+)(:\*)?$/.exec(id);
    if (arn && arn[1] !== region) throw groupMissing();
    groupName = arn ? arn[3] : id;
    if (!LOG_GROUP_NAME_PATTERN.test(groupName)) throw constraint('logGroupIdentifier', id, 'Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*');
  }
  const group = store.group(region, groupName);
  if (!group) throw groupMissing();
  return group;
}

function limitOf(input: Input, max: number): number {
  return optLong(input, 'limit', 1, max) ?? max;
}

/** Opaque page tokens: base64url of the position, checked on the way back in. */
function encodeToken(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
function decodeToken(token: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalid('The specified nextToken is invalid.');
}

function filterLogEvents(store: LogsStore, region: string, input: Input): unknown {
  const group = groupOf(store, region, input);
  const names = input.logStreamNames;
  const prefix = optString(input, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  let streamNames: string[] | undefined;
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new LogsApiError('SerializationException', 'Value for logStreamNames must be a list of strings.');
    if (names.length < 1 || names.length > 100) throw constraint('logStreamNames', names, 'Member must have length less than or equal to 100, greater than or equal to 1');
    for (const n of names as string[]) if (!LOG_STREAM_NAME_PATTERN.test(n)) throw constraint('logStreamNames', n, 'Member must satisfy regular expression pattern: [^:*]*');
    streamNames = names as string[];
  }
  const startTime = optLong(input, 'startTime', 0);
  const endTime = optLong(input, 'endTime', 0);
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) throw invalid('End time must be greater than or equal to start time.');
  const limit = limitOf(input, 10_000);
  let matcher;
  try {
    matcher = compileFilterPattern(optString(input, 'filterPattern'));
  } catch (e) {
    if (e instanceof FilterPatternError) throw invalid(e.message);
    throw e;
  }
  const token = optString(input, 'nextToken');
  const after = token === undefined ? 0 : Number(decodeToken(token).after);
  if (!Number.isInteger(after) || after < 0) throw invalid('The specified nextToken is invalid.');

  const rows: { stream: string; e: StoredLogEvent }[] = [];
  for (const s of group.streams.values()) {
    if (streamNames && !streamNames.includes(s.name)) continue;
    if (prefix !== undefined && !s.name.startsWith(prefix)) continue;
    for (const e of s.events) {
      if (startTime !== undefined && e.timestamp < startTime) continue;
      if (endTime !== undefined && e.timestamp > endTime) continue;
      rows.push({ stream: s.name, e });
    }
  }
  // Ordered by time, ties in ingestion order; the token is the last returned seq position.
  rows.sort((a, b) => a.e.timestamp - b.e.timestamp || a.e.seq - b.e.seq);
  const out: unknown[] = [];
  let index = after;
  for (; index < rows.length && out.length < limit; index++) {
    const { stream, e } = rows[index];
    if (!matcher(e.message)) continue;
    out.push({ logStreamName: stream, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId });
  }
  const searched = [...group.streams.values()].filter((s) => (!streamNames || streamNames.includes(s.name)) && (prefix === undefined || s.name.startsWith(prefix)));
  const body: Record<string, unknown> = { events: out, searchedLogStreams: searched.map((s) => ({ logStreamName: s.name, searchedCompletely: index >= rows.length })) };
  if (index < rows.length) body.nextToken = encodeToken({ after: index });
  return body;
}

function streamOf(group: StoredLogGroup, input: Input): StoredLogStream {
  const name = optString(input, 'logStreamName');
  if (name === undefined) throw invalid("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
  if (!LOG_STREAM_NAME_PATTERN.test(name)) throw constraint('logStreamName', name, 'Member must satisfy regular expression pattern: [^:*]*');
  const stream = group.streams.get(name);
  if (!stream) throw new LogsApiError('ResourceNotFoundException', 'The specified log stream does not exist.');
  return stream;
}

function getLogEvents(store: LogsStore, region: string, input: Input): unknown {
  const group = groupOf(store, region, input);
  const stream = streamOf(group, input);
  const startTime = optLong(input, 'startTime', 0);
  const endTime = optLong(input, 'endTime', 0);
  const limit = limitOf(input, 10_000);
  const startFromHead = optBool(input, 'startFromHead') ?? false;
  const token = optString(input, 'nextToken');
  const events = stream.events.filter((e) => (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime));
  // Forward tokens "f/<index>": read on from index; backward "b/<index>": read the page ending before index.
  let from: number;
  let to: number;
  const parsed = token === undefined ? undefined : /^([fb])\/(\d{1,56})$/.exec(token);
  if (token !== undefined && !parsed) throw invalid('The specified nextToken is invalid.');
  if (parsed?.[1] === 'f' || (!parsed && startFromHead)) {
    from = parsed ? Math.min(Number(parsed[2]), events.length) : 0;
    to = Math.min(events.length, from + limit);
  } else {
    to = parsed ? Math.min(Number(parsed[2]), events.length) : events.length;
    from = Math.max(0, to - limit);
  }
  const pad = (n: number) => String(n).padStart(56, '0');
  return {
    events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: `f/${pad(to)}`,
    nextBackwardToken: `b/${pad(from)}`,
  };
}

function describeLogStreams(store: LogsStore, region: string, input: Input): unknown {
  const group = groupOf(store, region, input);
  const prefix = optString(input, 'logStreamNamePrefix');
  const orderBy = optString(input, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw constraint('orderBy', orderBy, 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
  if (orderBy === 'LastEventTime' && prefix !== undefined) throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const descending = optBool(input, 'descending') ?? false;
  const limit = limitOf(input, 50);
  const token = optString(input, 'nextToken');
  const offset = token === undefined ? 0 : Number(decodeToken(token).offset);
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The specified nextToken is invalid.');
  const lastTime = (s: StoredLogStream) => s.events[s.events.length - 1]?.timestamp ?? 0;
  const streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
  streams.sort((a, b) => (orderBy === 'LastEventTime' ? lastTime(a) - lastTime(b) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (descending) streams.reverse();
  const page = streams.slice(offset, offset + limit);
  const body: Record<string, unknown> = {
    logStreams: page.map((s) => ({
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(s.events.length ? { firstEventTimestamp: s.events[0].timestamp, lastEventTimestamp: lastTime(s), lastIngestionTime: s.lastIngestionTime } : {}),
      arn: s.arn,
      storedBytes: 0,
    })),
  };
  if (offset + limit < streams.length) body.nextToken = encodeToken({ offset: offset + limit });
  return body;
}

const OPERATIONS: Record<string, (store: LogsStore, region: string, input: Input) => unknown> = {
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
  DescribeLogStreams: describeLogStreams,
};

/** Answers one Logs call: status and JSON body (errors as `{ __type, message }`, as the service sends). */
export function handleLogsCall(store: LogsStore, region: string, target: string, body: Buffer): { operation: string; status: number; json: unknown; errorType?: string } {
  const operation = target.slice(LOGS_TARGET_PREFIX.length);
  try {
    const op = OPERATIONS[operation];
    if (!op) throw new LogsApiError('UnknownOperationException', `The local server does not support ${operation}${operation === 'StartLiveTail' ? ' (an event-stream API); poll FilterLogEvents instead' : ''}.`);
    let input: unknown = {};
    if (body.length) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        throw new LogsApiError('SerializationException', 'Start of structure or map found where not expected.');
      }
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new LogsApiError('SerializationException', 'Start of structure or map found where not expected.');
    return { operation, status: 200, json: op(store, region, input as Input) };
  } catch (e) {
    const err = e instanceof LogsApiError ? e : new LogsApiError('ServiceUnavailableException', `Internal error in the local server: ${(e as Error).message}`, 500);
    return { operation, status: err.status, json: { __type: err.errorType, message: err.message }, errorType: err.errorType };
  }
}
