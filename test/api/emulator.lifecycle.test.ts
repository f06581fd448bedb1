import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListFunctionsCommand,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { createInput, makeZip, rejection, startHarness, waitReady, type Harness } from './emulatorHarness';

describe('local Lambda API server: function lifecycle over the real SDK', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ stateDelayMs: 30 });
  });
  after(() => h.close());

  it('create → list (several pages) → get → update code → wait → update configuration → delete', async () => {
    const lambda = h.client('us-east-1');
    const zip = await makeZip();
    const created = await lambda.send(new CreateFunctionCommand(createInput('orders', zip, { Environment: { Variables: { STAGE: 'dev' } }, Tags: { team: 'a' } })));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.State, 'Pending');
    assert.equal(created.StateReasonCode, 'Creating');
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:orders');
    assert.equal(created.CodeSha256, createHash('sha256').update(zip).digest('base64'));
    assert.equal(created.CodeSize, zip.length);
    assert.match(created.LastModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.match(created.RevisionId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(created.MemorySize, 128);
    assert.equal(created.Timeout, 3);
    assert.deepEqual(created.Architectures, ['x86_64']);

    for (let i = 0; i < 6; i++) await lambda.send(new CreateFunctionCommand(createInput(`fn-${i}`, zip)));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 3 }, {})) {
      pages++;
      assert.ok((page.Functions ?? []).length <= 3);
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    }
    assert.equal(pages, 3);
    assert.deepEqual(names, ['fn-0', 'fn-1', 'fn-2', 'fn-3', 'fn-4', 'fn-5', 'orders']);

    const ready = await waitReady(lambda, 'orders');
    assert.equal(ready.State, 'Active');
    assert.equal(ready.LastUpdateStatus, 'Successful');
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'orders' }));
    assert.equal(got.Configuration?.FunctionName, 'orders');
    assert.equal(got.Code?.RepositoryType, 'S3');
    assert.deepEqual(got.Tags, { team: 'a' });
    const download = await fetch(got.Code!.Location!);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);

    const zip2 = await makeZip({ 'index.js': 'exports.handler = async () => 2;\n' });
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: zip2, RevisionId: ready.RevisionId }));
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.CodeSha256, createHash('sha256').update(zip2).digest('base64'));
    assert.notEqual(updated.RevisionId, ready.RevisionId);
    const afterCode = await waitReady(lambda, 'orders');
    assert.equal(afterCode.LastUpdateStatus, 'Successful');

    const reconfigured = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'orders', MemorySize: 512, Timeout: 30, Environment: { Variables: { STAGE: 'prod' } } }));
    assert.equal(reconfigured.MemorySize, 512);
    assert.equal(reconfigured.Timeout, 30);
    assert.deepEqual(reconfigured.Environment?.Variables, { STAGE: 'prod' });
    assert.equal(reconfigured.LastUpdateStatus, 'InProgress');
    await waitReady(lambda, 'orders');

    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'orders' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const gone = await rejection(() => lambda.send(new GetFunctionCommand({ FunctionName: 'orders' })));
    assert.ok(gone instanceof ResourceNotFoundException);
  });

  it('ListFunctions leaves out the State fields, as the service does', async () => {
    const lambda = h.client('ca-central-1');
    await lambda.send(new CreateFunctionCommand(createInput('listed', await makeZip())));
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    assert.equal(Functions?.length, 1);
    assert.equal(Functions?.[0].State, undefined);
    assert.equal(Functions?.[0].LastUpdateStatus, undefined);
  });

  it('pages by MaxItems and NextMarker, capped at 50 per page', async () => {
    const lambda = h.client('ap-south-1');
    const zip = await makeZip();
    for (let i = 0; i < 55; i++) await lambda.send(new CreateFunctionCommand(createInput(`p-${String(i).padStart(2, '0')}`, zip)));
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 1000 }));
    assert.equal(first.Functions?.length, 50);
    assert.ok(first.NextMarker);
    const second = await lambda.send(new ListFunctionsCommand({ MaxItems: 1000, Marker: first.NextMarker }));
    assert.equal(second.Functions?.length, 5);
    assert.equal(second.NextMarker, undefined);
    assert.equal(second.Functions?.[0].FunctionName, 'p-50');
    const small = await lambda.send(new ListFunctionsCommand({ MaxItems: 7 }));
    assert.equal(small.Functions?.length, 7);
  });

  it('keeps regions apart: the region comes from the request signature', async () => {
    const east = h.client('us-east-2');
    const west = h.client('eu-west-3');
    await east.send(new CreateFunctionCommand(createInput('same-name', await makeZip())));
    await west.send(new CreateFunctionCommand(createInput('same-name', await makeZip({ 'index.js': 'exports.handler = 1' }), { MemorySize: 256 })));
    const e = await east.send(new GetFunctionConfigurationCommand({ FunctionName: 'same-name' }));
    const w = await west.send(new GetFunctionConfigurationCommand({ FunctionName: 'same-name' }));
    assert.equal(e.FunctionArn, 'arn:aws:lambda:us-east-2:123456789012:function:same-name');
    assert.equal(w.FunctionArn, 'arn:aws:lambda:eu-west-3:123456789012:function:same-name');
    assert.equal(w.MemorySize, 256);
    assert.equal(e.MemorySize, 128);
    await west.send(new DeleteFunctionCommand({ FunctionName: 'same-name' }));
    assert.equal((await east.send(new GetFunctionConfigurationCommand({ FunctionName: 'same-name' }))).FunctionName, 'same-name');
    const other = await h.client('sa-east-1').send(new ListFunctionsCommand({}));
    assert.deepEqual(other.Functions, []);
  });

  it('accepts a name, a partial ARN and a full ARN, with a qualifier', async () => {
    const lambda = h.client('eu-north-1');
    await lambda.send(new CreateFunctionCommand(createInput('named', await makeZip(), { Publish: true })));
    for (const ref of ['named', '123456789012:function:named', 'arn:aws:lambda:eu-north-1:123456789012:function:named', 'named:$LATEST']) {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: ref }));
      assert.equal(c.FunctionName, 'named', ref);
    }
    const v1 = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'named', Qualifier: '1' }));
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, 'arn:aws:lambda:eu-north-1:123456789012:function:named:1');
    const missing = await rejection(() => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'named:7' })));
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.match(missing.message, /function:named:7/);
  });

  it('tags and reserved concurrency round-trip, and GetFunction reports them', async () => {
    const lambda = h.client('eu-west-2');
    const created = await lambda.send(new CreateFunctionCommand(createInput('knobs', await makeZip(), { Tags: { a: '1' } })));
    const arn = created.FunctionArn!;
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { b: '2', c: '3' } }));
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a', 'c'] }));
    assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags, { b: '2' });
    assert.equal((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'knobs' }))).ReservedConcurrentExecutions, undefined);
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'knobs', ReservedConcurrentExecutions: 5 }));
    assert.equal((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'knobs' }))).ReservedConcurrentExecutions, 5);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'knobs' }));
    assert.deepEqual(got.Concurrency, { ReservedConcurrentExecutions: 5 });
    assert.deepEqual(got.Tags, { b: '2' });
  });
});
