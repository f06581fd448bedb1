/** Sample events for common triggers, shipped as data. */
import apigatewayHttp from './apigateway-http.json';
import apigatewayRest from './apigateway-rest.json';
import dynamodbStream from './dynamodb-stream.json';
import eventbridge from './eventbridge.json';
import s3Put from './s3-put.json';
import scheduled from './scheduled.json';
import sns from './sns.json';
import sqs from './sqs.json';

export interface SampleEvent {
  /** Stable id, e.g. "apigateway-http". */
  id: string;
  /** What a picker shows. */
  label: string;
  /** The trigger it comes from. */
  description: string;
  event: unknown;
}

const SAMPLES: ReadonlyArray<SampleEvent> = [
  { id: 'apigateway-rest', label: 'API Gateway REST API (proxy)', description: 'GET /items/{id} through a REST API proxy integration (payload 1.0)', event: apigatewayRest },
  { id: 'apigateway-http', label: 'API Gateway HTTP API', description: 'POST /items through an HTTP API (payload 2.0)', event: apigatewayHttp },
  { id: 's3-put', label: 'S3 object created', description: 'ObjectCreated:Put notification', event: s3Put },
  { id: 'sqs', label: 'SQS message', description: 'One message from a standard queue', event: sqs },
  { id: 'sns', label: 'SNS notification', description: 'One notification from a topic', event: sns },
  { id: 'eventbridge', label: 'EventBridge event', description: 'A custom event from an event bus', event: eventbridge },
  { id: 'dynamodb-stream', label: 'DynamoDB Streams record', description: 'An INSERT record from a table stream', event: dynamodbStream },
  { id: 'scheduled', label: 'Scheduled (EventBridge rule)', description: 'A scheduled rule firing', event: scheduled },
];

/** Every sample, each with a fresh copy of its event so callers may edit it. */
export function listSampleEvents(): SampleEvent[] {
  return SAMPLES.map((s) => ({ ...s, event: structuredClone(s.event) }));
}

export function getSampleEvent(id: string): SampleEvent | undefined {
  return listSampleEvents().find((s) => s.id === id);
}
