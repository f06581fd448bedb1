/**
 * What the local server's invocations printed, kept as CloudWatch Logs keeps it: per region, a log
 * group per function (`/aws/lambda/<name>`, or its LoggingConfig.LogGroup), created on the first
 * invocation, with one log stream per execution environment named as Lambda names them. Bounded:
 * the oldest events of a group go first past MAX_EVENTS_PER_GROUP.
 */
import { randomBytes } from 'node:crypto';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { functionLogGroup, lambdaLogStreamName, logGroupArn } from '../logs/logGroup';
import type { InvokeResult } from './invoker';

export interface StoredLogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
  /** Order of ingestion, for stable sorting of equal timestamps. */
  seq: number;
}

export interface StoredLogStream {
  name: string;
  arn: string;
  creationTime: number;
  events: StoredLogEvent[];
  lastIngestionTime?: number;
}

export interface StoredLogGroup {
  name: string;
  arn: string;
  creationTime: number;
  streams: Map<string, StoredLogStream>;
}

const MAX_EVENTS_PER_GROUP = 100_000;

export class LogsStore {
  private readonly regions = new Map<string, Map<string, StoredLogGroup>>();
  /** (region, function ARN, qualifier, environment) → its stream name. */
  private readonly environmentStreams = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly accountId: string,
    private readonly now: () => number = Date.now,
  ) {}

  group(region: string, name: string): StoredLogGroup | undefined {
    return this.regions.get(region)?.get(name);
  }

  private ensureGroup(region: string, name: string): StoredLogGroup {
    let groups = this.regions.get(region);
    if (!groups) this.regions.set(region, (groups = new Map()));
    let group = groups.get(name);
    if (!group) groups.set(name, (group = { name, arn: logGroupArn(name, region, this.accountId), creationTime: this.now(), streams: new Map() }));
    return group;
  }

  /**
   * Records one invocation's log lines. `environmentId` names the execution environment that ran
   * it (each gets its own stream, as on Lambda); lines keep their own times.
   */
  recordInvocation(input: { region: string; logGroup: string; functionArn: string; qualifier: string; environmentId?: string; lines: { text: string; time?: number }[] }): void {
    if (input.lines.length === 0) return;
    const group = this.ensureGroup(input.region, input.logGroup);
    const envKey = JSON.stringify([input.region, input.functionArn, input.qualifier, input.environmentId ?? '']);
    let streamName = this.environmentStreams.get(envKey);
    if (!streamName || !group.streams.has(streamName)) {
      streamName = lambdaLogStreamName(new Date(this.now()), input.qualifier, randomBytes(16).toString('hex'));
      this.environmentStreams.set(envKey, streamName);
    }
    let stream = group.streams.get(streamName);
    if (!stream) {
      stream = { name: streamName, arn: `${group.arn}:log-stream:${streamName}`, creationTime: this.now(), events: [] };
      group.streams.set(streamName, stream);
    }
    const ingestionTime = this.now();
    for (const line of input.lines) {
      const seq = ++this.seq;
      // The runtime keeps a record's newlines as \r on stdout; CloudWatch shows the record as written.
      stream.events.push({ timestamp: line.time ?? ingestionTime, ingestionTime, message: line.text.replace(/\r/g, '\n') + '\n', eventId: String(seq).padStart(56, '0'), seq });
    }
    stream.lastIngestionTime = ingestionTime;
    this.trim(group);
  }

  /** Records what an Invoke printed, in the function's log group (START/END/REPORT included). */
  recordResult(region: string, configuration: FunctionConfiguration, qualifier: string, result: InvokeResult): void {
    const lines = result.records ?? result.logs.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1).map((text) => ({ text }));
    this.recordInvocation({
      region,
      logGroup: functionLogGroup(configuration),
      functionArn: configuration.FunctionArn ?? configuration.FunctionName ?? '',
      qualifier,
      environmentId: result.environmentId,
      lines,
    });
  }

  private trim(group: StoredLogGroup): void {
    let total = 0;
    for (const s of group.streams.values()) total += s.events.length;
    while (total > MAX_EVENTS_PER_GROUP) {
      let oldest: StoredLogStream | undefined;
      for (const s of group.streams.values()) if (s.events.length && (!oldest || s.events[0].seq < oldest.events[0].seq)) oldest = s;
      if (!oldest) break;
      oldest.events.shift();
      total--;
    }
  }
}
