/**
 * The local Lambda API server under abuse, over real HTTP with the real SDK: zip bombs refused at
 * upload, function ARNs from another region, account or partition refused like the service.
 */
import * as assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  InvokeCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { lyingZip } from '../unit/emulator/zipBytes';
import { createLocalInvoker } from '../../src/core/invoke';
import { createInput, makeZip, rejection, startHarness, waitReady, type Harness } from './emulatorHarness';

describe('local Lambda API server: hostile input', () => {
  let h: Harness;
  let lambda: LambdaClient;
  let zip: Buffer;
  before(async () => {
    h = await startHarness({ stateDelayMs: 0, updateDelayMs: 0 });
    lambda = h.client();
    zip = await makeZip();
  });
  after(() => h.close());

  it('refuses a zip bomb (100 bytes declared, 200 MB inflated) at CreateFunction and UpdateFunctionCode, without growing', async () => {
    const bomb = lyingZip(100, 200 * 1024 * 1024);
    const rss = process.memoryUsage().rss;
    const e = await rejection(() => lambda.send(new CreateFunctionCommand(createInput('bomb', bomb))));
    assert.ok(e instanceof InvalidParameterValueException, `${e.name}: ${e.message}`);
    assert.match(e.message, /^Could not unzip uploaded file\. Please check your file, then try to upload again\. \(entry "index\.js" inflates past the 100 bytes/);
    await lambda.send(new CreateFunctionCommand(createInput('target', zip)));
    const u = await rejection(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'target', ZipFile: bomb })));
    assert.ok(u instanceof InvalidParameterValueException, `${u.name}: ${u.message}`);
    assert.ok(process.memoryUsage().rss - rss < 100 * 1024 * 1024, `the server grew by ${Math.round((process.memoryUsage().rss - rss) / 1048576)} MB`);
    const names = (await lambda.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName);
    assert.deepEqual(names, ['target']);
  });

  it('CreateFunction with a full ARN of this region creates the function under its name part', async () => {
    const out = await lambda.send(new CreateFunctionCommand(createInput('arn:aws:lambda:us-east-1:123456789012:function:by-arn', zip)));
    assert.equal(out.FunctionName, 'by-arn');
    assert.equal(out.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:by-arn');
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'by-arn' }));
    assert.equal(got.Configuration?.FunctionName, 'by-arn');
  });

  for (const [what, arn, message] of [
    ['another region', 'arn:aws:lambda:eu-west-1:123456789012:function:elsewhere', /region eu-west-1 does not match this request's region us-east-1/],
    ['another account', 'arn:aws:lambda:us-east-1:999999999999:function:theirs', /account 999999999999 is not this server's account/],
    ['another partition (aws-cn in us-east-1)', 'arn:aws-cn:lambda:us-east-1:123456789012:function:cn', /partition "aws-cn" does not match this request's region us-east-1, which is in partition "aws"/],
    ['a China region under the aws partition', 'arn:aws:lambda:cn-north-1:123456789012:function:cn2', /partition "aws" does not match|region cn-north-1 is in partition "aws-cn"/],
  ] as const) {
    it(`CreateFunction refuses an ARN from ${what}, and creates nothing`, async () => {
      const e = await rejection(() => lambda.send(new CreateFunctionCommand(createInput(arn, zip))));
      assert.ok(e instanceof InvalidParameterValueException, `${e.name}: ${e.message}`);
      assert.match(e.message, message);
      const names = (await lambda.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName) ?? [];
      assert.ok(!names.some((n) => n?.includes(':')), `created ${names.join(', ')}`);
    });
  }

  it('GetFunction refuses an aws-cn ARN in us-east-1 (partition mismatch), not a not-found', async () => {
    const e = await rejection(() => lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws-cn:lambda:us-east-1:123456789012:function:target' })));
    assert.ok(e instanceof InvalidParameterValueException, `${e.name}: ${e.message}`);
  });

  it('a China region uses the aws-cn partition in its ARNs', async () => {
    const cn = h.client('cn-north-1');
    const out = await cn.send(new CreateFunctionCommand(createInput('arn:aws-cn:lambda:cn-north-1:123456789012:function:in-china', zip)));
    assert.equal(out.FunctionArn, 'arn:aws-cn:lambda:cn-north-1:123456789012:function:in-china');
  });

  describe('with the local runtime', function () {
    this.timeout(60_000);
    let rh: Harness;
    before(async () => {
      rh = await startHarness({ invoker: createLocalInvoker(), stateDelayMs: 0, updateDelayMs: 0 });
    });
    after(() => rh?.close());

    it('a 2 s log flood times out on time, the server stays bounded, the Tail log says how much was dropped', async () => {
      const client = rh.client();
      const code = await makeZip({ 'index.js': "exports.handler = async () => { for (;;) console.log('x'.repeat(1023)); };\n" });
      await client.send(new CreateFunctionCommand(createInput('flood', code, { Timeout: 2 })));
      await waitReady(client, 'flood');
      const rss = process.memoryUsage.rss();
      let peak = rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
      const started = Date.now();
      const out = await client.send(new InvokeCommand({ FunctionName: 'flood', LogType: 'Tail' })).finally(() => clearInterval(sampler));
      const took = Date.now() - started;
      assert.equal(out.FunctionError, 'Unhandled');
      assert.equal(JSON.parse(Buffer.from(out.Payload!).toString()).errorType, 'Sandbox.Timedout');
      assert.ok(took < 2000 + 5000, `took ${took} ms`);
      assert.ok((peak - rss) / 1048576 < 300, `the server grew by ${((peak - rss) / 1048576).toFixed(0)} MB`);
      assert.match(Buffer.from(out.LogResult!, 'base64').toString(), /\[lambda-workbench\] \d+ log record\(s\) dropped/);
    });
  });
});
