/** CloudWatch Logs over the SDK (loaded on first use through the shared ClientFactory). */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ClientFactory } from '../aws/clientFactory';
import { logsModule } from '../aws/sdk';
import type { CallOptions, Connection } from '../aws/types';
import { WorkbenchError } from '../errors';
import { toLogsError } from './errors';
import type { FilterRequest, LogEvent, LogsService } from './types';

export function createLogsService(connection: Connection, factory = new ClientFactory()): LogsService {
  return new SdkLogsService(connection, factory);
}

class SdkLogsService implements LogsService {
  constructor(
    readonly connection: Connection,
    private readonly factory: ClientFactory,
  ) {}

  private client(region: string): CloudWatchLogsClient {
    if (!region) throw new WorkbenchError('usage', 'No AWS region was given.', { hint: 'Choose a region (for example us-east-1) or set AWS_REGION.' });
    return this.factory.logs(this.connection, region);
  }

  async filterLogEvents(region: string, request: FilterRequest, options: CallOptions = {}): Promise<{ events: LogEvent[]; nextToken?: string }> {
    const { FilterLogEventsCommand } = logsModule();
    try {
      const out = await this.client(region).send(
        new FilterLogEventsCommand({
          logGroupName: request.logGroupName,
          startTime: request.startTime,
          endTime: request.endTime,
          filterPattern: request.filterPattern || undefined,
          nextToken: request.nextToken,
          limit: request.limit,
        }),
        { abortSignal: options.signal },
      );
      const events = (out.events ?? []).map(
        (e): LogEvent => ({ timestamp: e.timestamp ?? 0, logStreamName: e.logStreamName ?? '', message: e.message ?? '', eventId: e.eventId, ingestionTime: e.ingestionTime }),
      );
      return { events, nextToken: out.nextToken || undefined };
    } catch (e) {
      throw toLogsError(e, { operation: 'FilterLogEvents', region, logGroupName: request.logGroupName, endpoint: this.connection.endpoint, profile: this.connection.profile });
    }
  }

  async *liveTail(region: string, request: { logGroupArn: string; filterPattern?: string }, options: CallOptions = {}): AsyncIterable<LogEvent[]> {
    const { StartLiveTailCommand } = logsModule();
    const logGroupName = request.logGroupArn.replace(/^.*:log-group:/, '');
    const ctx = { operation: 'StartLiveTail', region, logGroupName, endpoint: this.connection.endpoint, profile: this.connection.profile };
    let stream;
    try {
      const out = await this.client(region).send(
        new StartLiveTailCommand({ logGroupIdentifiers: [request.logGroupArn], logEventFilterPattern: request.filterPattern || undefined }),
        { abortSignal: options.signal },
      );
      stream = out.responseStream;
    } catch (e) {
      throw toLogsError(e, ctx);
    }
    if (!stream) throw new WorkbenchError('service', 'StartLiveTail returned no event stream.', { code: 'NoEventStream' });
    try {
      for await (const item of stream) {
        if (item.sessionUpdate) {
          const batch = (item.sessionUpdate.sessionResults ?? []).map(
            (e): LogEvent => ({ timestamp: e.timestamp ?? 0, logStreamName: e.logStreamName ?? '', message: e.message ?? '', ingestionTime: e.ingestionTime }),
          );
          yield batch;
        } else if (item.SessionTimeoutException) {
          return; // the 3-hour limit: the caller starts a new session
        } else if (item.SessionStreamingException) {
          throw new WorkbenchError('service', `Live Tail stopped: ${item.SessionStreamingException.message ?? 'streaming error'}.`, { code: 'SessionStreamingException' });
        }
      }
    } catch (e) {
      throw toLogsError(e, ctx);
    }
  }
}
