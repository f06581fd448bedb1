/**
 * Access denied on CloudWatch Logs names the IAM permission that is missing (issue 13, bad input).
 * The error comes from the real SDK client, deserialised from a real HTTP answer shaped like the
 * service's JSON 1.1 AccessDeniedException; only the server is a stand-in, since the local server
 * has no IAM policies to deny with.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { toLogsError } from '../../../src/core/logs/errors';
import { WorkbenchError } from '../../../src/core/errors';

describe('CloudWatch Logs errors', () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; type: string; message: string };
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r-1' });
        res.end(JSON.stringify({ __type: answer.type, message: answer.message }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  async function sdkError(): Promise<unknown> {
    const client = new CloudWatchLogsClient({ region: 'eu-west-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    try {
      await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/orders' }));
      return undefined;
    } catch (e) {
      return e;
    } finally {
      client.destroy();
    }
  }
  const ctx = { operation: 'FilterLogEvents', region: 'eu-west-1', logGroupName: '/aws/lambda/orders', profile: 'dev' };

  it('access denied says which permission is missing, on which log group, for which profile', async () => {
    answer = { status: 400, type: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:FilterLogEvents' };
    const e = toLogsError(await sdkError(), ctx);
    assert.ok(e instanceof WorkbenchError);
    assert.equal(e.kind, 'credentials');
    assert.match(e.message, /profile "dev" may not call logs:FilterLogEvents on \/aws\/lambda\/orders/);
    assert.match(e.hint ?? '', /logs:FilterLogEvents on arn:aws:logs:eu-west-1:\*:log-group:\/aws\/lambda\/orders:\*/);
    assert.equal(e.toJSON().missingPermission, 'logs:FilterLogEvents');
  });

  it('a log group that does not exist yet is "not found" with how to make it appear, not a failure to report', async () => {
    answer = { status: 400, type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' };
    const e = toLogsError(await sdkError(), ctx);
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /does not exist yet in eu-west-1/);
    assert.match(e.hint ?? '', /first time the function runs/);
  });
});
