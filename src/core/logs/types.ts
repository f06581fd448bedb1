/** The typed surface of reading a function's logs. Type-only: importing it never loads the SDK. */
import type { CallOptions, Connection } from '../aws/types';

export interface LogEvent {
  /** Epoch milliseconds the event happened. */
  timestamp: number;
  logStreamName: string;
  message: string;
  /** FilterLogEvents gives one; live-tail events are identified by stream + timestamp + message. */
  eventId?: string;
  ingestionTime?: number;
}

export interface FilterRequest {
  logGroupName: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
}

export interface LogsService {
  readonly connection: Connection;
  /** One FilterLogEvents page. */
  filterLogEvents(region: string, request: FilterRequest, options?: CallOptions): Promise<{ events: LogEvent[]; nextToken?: string }>;
  /**
   * A StartLiveTail session: yields batches as they arrive until the session ends (the service
   * ends sessions after 3 hours) or the signal fires. Throws where the endpoint does not support it.
   */
  liveTail(region: string, request: { logGroupArn: string; filterPattern?: string }, options?: CallOptions): AsyncIterable<LogEvent[]>;
}
