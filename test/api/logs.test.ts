/**
 * CloudWatch Logs on the local server, read with the real @aws-sdk/client-cloudwatch-logs over
 * HTTP: what invocations print lands in /aws/lambda/<name>, one stream per environment; the
 * product's LogsService and LogTail (filter, since, follow) work against it.
 */
import * as assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  StartLiveTailCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ClientFactory } from '../../src/core/aws';
import { createLocalInvoker } from '../../src/core/invoke';
import { createLogsService, startLogTail, type LogEvent, type TailStatus } from '../../src/core/logs';
import { createInput, makeZip, rejection, startHarness, waitReady, type Harness } from './emulatorHarness';

const HANDLER = `exports.handler = async (event) => {
  console.log('hello from handler', event.n);
  if (event.json) console.info(JSON.stringify({ level: 'INFO', order: event.n }));
  return { n: event.n };
};
`;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('CloudWatch Logs on the local server', function () {
  this.timeout(60_000);
  let h: Harness;
  let logs: CloudWatchLogsClient;
  const factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  let beforeFirst = 0;

  const invoke = (name: string, event: unknown) => h.client().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }));

  before(async () => {
    h = await startHarness({ invoker: createLocalInvoker() });
    logs = new CloudWatchLogsClient({ endpoint: h.emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    const zip = await makeZip({ 'index.js': HANDLER });
    for (const name of ['printer', 'quiet', 'follower']) await h.client().send(new CreateFunctionCommand(createInput(name, zip)));
    for (const name of ['printer', 'quiet', 'follower']) await waitReady(h.client(), name);
    beforeFirst = Date.now();
    await invoke('printer', { n: 1 });
    await invoke('printer', { n: 2, json: true });
  });
  after(async () => {
    logs.destroy();
    factory.dispose();
    await h.close();
  });

  it('records what invocations print, START/END/REPORT included, in /aws/lambda/<name>', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer' }));
    const messages = (out.events ?? []).map((e) => e.message ?? '');
    assert.equal(messages.filter((m) => m.startsWith('START RequestId:')).length, 2);
    assert.equal(messages.filter((m) => m.startsWith('END RequestId:')).length, 2);
    assert.equal(messages.filter((m) => m.startsWith('REPORT RequestId:')).length, 2);
    assert.ok(messages.some((m) => /\tINFO\thello from handler 1\n$/.test(m)), messages.join(''));
    for (const e of out.events ?? []) {
      assert.match(e.eventId ?? '', /^\d+$/);
      assert.ok((e.timestamp ?? 0) >= beforeFirst - 1000 && (e.timestamp ?? 0) <= Date.now());
    }
  });

  it('names one stream per execution environment as Lambda does', async () => {
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/printer' }));
    assert.equal(out.logStreams?.length, 1, 'two sequential invokes share a warm environment');
    assert.match(out.logStreams?.[0].logStreamName ?? '', /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/printer', logStreamName: out.logStreams?.[0].logStreamName, startFromHead: true }));
    assert.ok(events.events?.[0].message?.startsWith('START RequestId:'));
    assert.match(events.nextForwardToken ?? '', /^f\//);
  });

  it('applies filter patterns and the start time', async () => {
    const hello = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer', filterPattern: '"hello from handler"' }));
    assert.equal(hello.events?.length, 2);
    const json = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer', filterPattern: '?REPORT ?START -Duration' }));
    assert.ok(json.events?.every((e) => e.message?.startsWith('START')));
    const later = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer', startTime: Date.now() + 60_000 }));
    assert.deepEqual(later.events, []);
  });

  it('validates like the service', async () => {
    const both = await rejection(() => logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer', logGroupIdentifier: '/aws/lambda/printer' })));
    assert.ok(both instanceof InvalidParameterException, String(both));
    const limit = await rejection(() => logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer', limit: 0 })));
    assert.ok(limit instanceof InvalidParameterException);
    assert.match(limit.message, /at 'limit' failed to satisfy constraint/);
    const bad = await rejection(() => logs.send(new FilterLogEventsCommand({ logGroupName: 'no spaces allowed' })));
    assert.ok(bad instanceof InvalidParameterException);
    const missing = await rejection(() => logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/quiet' })));
    assert.ok(missing instanceof ResourceNotFoundException, 'a function never invoked has no log group yet');
    const order = await rejection(() => logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/printer', orderBy: 'LastEventTime', logStreamNamePrefix: '2' })));
    assert.ok(order instanceof InvalidParameterException);
    const token = await rejection(() => logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/printer', nextToken: '!!' })));
    assert.ok(token instanceof InvalidParameterException);
  });

  it('answers StartLiveTail as not supported (clients poll instead)', async () => {
    const client = factory.logs({ endpoint: h.emulator.url }, 'us-east-1');
    await rejection(() => client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/printer'] })));
  });

  it('LogsService pages FilterLogEvents and maps a missing group to notFound', async () => {
    const service = createLogsService({ endpoint: h.emulator.url }, factory);
    const page = await service.filterLogEvents('us-east-1', { logGroupName: '/aws/lambda/printer', limit: 3 });
    assert.equal(page.events.length, 3);
    assert.ok(page.nextToken);
    const rest = await service.filterLogEvents('us-east-1', { logGroupName: '/aws/lambda/printer', nextToken: page.nextToken });
    assert.ok(rest.events.length >= 5);
    await assert.rejects(service.filterLogEvents('us-east-1', { logGroupName: '/aws/lambda/quiet' }), (e: Error & { kind?: string }) => e.kind === 'notFound' && /does not exist yet/.test(e.message));
  });

  it('LogTail follows: waits for a group that does not exist yet, falls back to polling, shows new lines once', async () => {
    const service = createLogsService({ endpoint: h.emulator.url }, factory);
    const seen: LogEvent[] = [];
    const statuses: TailStatus['mode'][] = [];
    const notices: string[] = [];
    const tail = startLogTail({
      service,
      region: 'us-east-1',
      logGroupName: '/aws/lambda/follower',
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/follower',
      startTime: Date.now() - 60_000,
      pollIntervalMs: 100,
      groupWaitMs: 200,
      overlapMs: 5_000,
      onEvents: (e) => seen.push(...e),
      onStatus: (s) => statuses.push(s.mode),
      onNotice: (n) => notices.push(n),
    });
    try {
      await until('waitingForGroup', () => (statuses.includes('waitingForGroup') ? true : undefined));
      await invoke('follower', { n: 41 });
      await until('the first line', () => seen.find((e) => e.message.includes('hello from handler 41')));
      await until('polling', () => (statuses.includes('polling') ? true : undefined));
      assert.ok(notices.some((n) => /Live Tail is not available/.test(n)), notices.join('\n'));
      await invoke('follower', { n: 42 });
      await until('the second line', () => seen.find((e) => e.message.includes('hello from handler 42')));
      // Pausing stops requests; events printed meanwhile arrive on resume, once.
      tail.pause();
      await until('paused', () => (statuses.includes('paused') ? true : undefined));
      await invoke('follower', { n: 43 });
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!seen.some((e) => e.message.includes('hello from handler 43')), 'nothing is read while paused');
      tail.resume();
      await until('the line printed while paused', () => seen.find((e) => e.message.includes('hello from handler 43')));
      await new Promise((r) => setTimeout(r, 300));
      const ids = seen.map((e) => e.eventId);
      assert.equal(new Set(ids).size, ids.length, 'every event once, despite overlapping polls');
      assert.equal(seen.filter((e) => e.message.startsWith('START')).length, 3);
    } finally {
      tail.stop();
      await tail.done;
    }
    assert.equal(statuses.at(-1), 'stopped');
  });

  it('LogTail without follow reads the window and ends', async () => {
    const service = createLogsService({ endpoint: h.emulator.url }, factory);
    const seen: LogEvent[] = [];
    const tail = startLogTail({ service, region: 'us-east-1', logGroupName: '/aws/lambda/printer', startTime: beforeFirst - 1000, follow: false, filterPattern: 'hello', onEvents: (e) => seen.push(...e) });
    await tail.done;
    assert.deepEqual(
      seen.map((e) => e.message.split('\t').at(-1)),
      ['hello from handler 1\n', 'hello from handler 2\n'],
    );
  });
});
