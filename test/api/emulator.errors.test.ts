import * as assert from 'node:assert/strict';
import {
  CodeStorageExceededException,
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  InvalidParameterValueException,
  InvokeCommand,
  ListFunctionsCommand,
  PreconditionFailedException,
  RequestTooLargeException,
  ResourceConflictException,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { createInput, makeZip, rejection, startHarness, waitReady, type Harness } from './emulatorHarness';

describe('local Lambda API server: errors arrive as the SDK typed exceptions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ stateDelayMs: 40, updateDelayMs: 40 });
  });
  after(() => h.close());

  it('ResourceNotFoundException (404) for a missing function, naming its ARN', async () => {
    const e = await rejection(() => h.client('eu-west-1').send(new GetFunctionConfigurationCommand({ FunctionName: 'missing' })));
    assert.ok(e instanceof ResourceNotFoundException);
    assert.equal(e.$metadata?.httpStatusCode, 404);
    assert.equal(e.message, 'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:missing');
  });

  it('ResourceConflictException (409) for a duplicate name and for changes while Pending or InProgress', async () => {
    // Long delays, ended by the test hook, so a slow machine cannot slip past Pending/InProgress.
    const slow = await startHarness({ stateDelayMs: 60_000 });
    try {
      const lambda = slow.client();
      const zip = await makeZip();
      await lambda.send(new CreateFunctionCommand(createInput('busy', zip)));
      const dup = await rejection(() => lambda.send(new CreateFunctionCommand(createInput('busy', zip))));
      assert.ok(dup instanceof ResourceConflictException);
      assert.equal(dup.$metadata?.httpStatusCode, 409);
      assert.match(dup.message, /already exist: busy/);
      const pending = await rejection(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', MemorySize: 256 })));
      assert.ok(pending instanceof ResourceConflictException);
      assert.match(pending.message, /currently in the following state: Pending/);
      slow.emulator.store.settle('us-east-1', 'busy');
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'busy', ZipFile: zip }));
      const inProgress = await rejection(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', MemorySize: 256 })));
      assert.ok(inProgress instanceof ResourceConflictException);
      assert.equal(inProgress.message, 'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:busy');
    } finally {
      await slow.close();
    }
  });

  it('PreconditionFailedException (412) when the RevisionId is stale', async () => {
    const lambda = h.client();
    await lambda.send(new CreateFunctionCommand(createInput('rev', await makeZip())));
    const first = await waitReady(lambda, 'rev');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'rev', Description: 'one', RevisionId: first.RevisionId }));
    await waitReady(lambda, 'rev');
    const e = await rejection(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'rev', Description: 'two', RevisionId: first.RevisionId })));
    assert.ok(e instanceof PreconditionFailedException);
    assert.equal(e.$metadata?.httpStatusCode, 412);
    const code = await rejection(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'rev', ZipFile: Buffer.from('x'), RevisionId: first.RevisionId })));
    assert.ok(code instanceof InvalidParameterValueException, 'the zip is checked before the revision');
    const stale = await rejection(async () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'rev', ZipFile: await makeZip(), RevisionId: first.RevisionId })));
    assert.ok(stale instanceof PreconditionFailedException);
    assert.equal((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'rev' }))).Description, 'one');
  });

  it('InvalidParameterValueException (400) naming the field', async () => {
    const e = await rejection(async () => h.client().send(new CreateFunctionCommand(createInput('small', await makeZip(), { Timeout: 901 }))));
    assert.ok(e instanceof InvalidParameterValueException);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.message, 'Timeout must be between 1 and 900 seconds; got 901.');
  });

  it('RequestTooLargeException (413) for a code upload over the limit, without taking it all in', async () => {
    const lambda = h.client();
    await lambda.send(new CreateFunctionCommand(createInput('big', await makeZip())));
    const e = await rejection(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'big', ZipFile: Buffer.alloc(53 * 1024 * 1024) })));
    assert.ok(e instanceof RequestTooLargeException);
    assert.equal(e.$metadata?.httpStatusCode, 413);
    assert.equal(e.message, 'Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation');
    const invoke = await rejection(() => lambda.send(new InvokeCommand({ FunctionName: 'big', Payload: Buffer.from(JSON.stringify({ x: 'y'.repeat(6 * 1024 * 1024) })) })));
    assert.ok(invoke instanceof RequestTooLargeException);
    assert.match(invoke.message, /smaller than 6291456 bytes/);
  });

  it('CodeStorageExceededException (400) when the region holds too much code', async () => {
    const small = await startHarness({ codeStorageLimitBytes: 2000 });
    try {
      const lambda = small.client();
      const zip = await makeZip({ 'a.txt': 'x'.repeat(50), 'index.js': 'exports.handler=1' });
      await lambda.send(new CreateFunctionCommand(createInput('one', zip)));
      const e = await rejection(async () => {
        for (let i = 0; i < 20; i++) await lambda.send(new CreateFunctionCommand(createInput(`more-${i}`, zip)));
      });
      assert.ok(e instanceof CodeStorageExceededException);
      assert.equal(e.$metadata?.httpStatusCode, 400);
    } finally {
      await small.close();
    }
  });

  it('ResourceNotFoundException for a function without a URL config, and the seeded one when set', async () => {
    const lambda = h.client();
    await lambda.send(new CreateFunctionCommand(createInput('urls', await makeZip())));
    const none = await rejection(() => lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'urls' })));
    assert.ok(none instanceof ResourceNotFoundException);
    h.emulator.store.setFunctionUrl('us-east-1', 'urls', { AuthType: 'AWS_IAM' });
    const url = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'urls' }));
    assert.equal(url.AuthType, 'AWS_IAM');
    assert.match(url.FunctionUrl ?? '', /^https:\/\/[a-z0-9]+\.lambda-url\.us-east-1\.on\.aws\/$/);
  });

  it('a function made to fail shows State Failed with its reason', async () => {
    const lambda = h.client();
    await lambda.send(new CreateFunctionCommand(createInput('doomed', await makeZip())));
    h.emulator.store.fail('us-east-1', 'doomed', { StateReason: 'The role cannot be assumed by Lambda.', StateReasonCode: 'InvalidConfiguration' });
    const c = await waitReady(lambda, 'doomed');
    assert.equal(c.State, 'Failed');
    assert.equal(c.StateReasonCode, 'InvalidConfiguration');
    assert.equal(c.StateReason, 'The role cannot be assumed by Lambda.');
  });

  it('an update made to fail ends with LastUpdateStatus Failed', async () => {
    const lambda = h.client();
    await lambda.send(new CreateFunctionCommand(createInput('bad-update', await makeZip())));
    await waitReady(lambda, 'bad-update');
    h.emulator.store.failUpdate('us-east-1', 'bad-update', 'Lambda could not unpack the layers.', 'InvalidConfiguration');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'bad-update', MemorySize: 256 }));
    const c = await waitReady(lambda, 'bad-update');
    assert.equal(c.LastUpdateStatus, 'Failed');
    assert.equal(c.LastUpdateStatusReasonCode, 'InvalidConfiguration');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'bad-update', MemorySize: 512 }));
    assert.equal((await waitReady(lambda, 'bad-update')).LastUpdateStatus, 'Successful');
  });

  it('InvalidParameterValueException for an ARN of another region', async () => {
    const e = await rejection(() => h.client('us-east-1').send(new GetFunctionConfigurationCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:x' })));
    assert.ok(e instanceof InvalidParameterValueException);
    assert.match(e.message, /region eu-west-1 does not match this request's region us-east-1/);
  });

  it('answers unparseable bodies and unknown routes with the service error shapes', async () => {
    const bad = await fetch(`${h.emulator.url}/2015-03-31/functions`, { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
    assert.match(((await bad.json()) as { message: string }).message, /Could not parse request body into json/);
    const unknown = await fetch(`${h.emulator.url}/2099-01-01/nothing`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });
});

describe('local Lambda API server: injected faults', () => {
  it('TooManyRequestsException (429) with Retry-After, only for the chosen operations', async () => {
    const h = await startHarness({ throttleRate: 1, faultOperations: ['ListFunctions'] });
    try {
      const lambda = h.client();
      const e = await rejection(() => lambda.send(new ListFunctionsCommand({})));
      assert.ok(e instanceof TooManyRequestsException);
      assert.equal(e.$metadata?.httpStatusCode, 429);
      assert.equal(e.retryAfterSeconds, '1');
      assert.equal(e.Reason, 'CallerRateLimitExceeded');
      const missing = await rejection(() => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'x' })));
      assert.ok(missing instanceof ResourceNotFoundException, 'other operations are not throttled');
    } finally {
      await h.close();
    }
  });

  it('ServiceException (500) at the error rate', async () => {
    const h = await startHarness({ errorRate: 1 });
    try {
      const e = await rejection(() => h.client().send(new ListFunctionsCommand({})));
      assert.ok(e instanceof ServiceException);
      assert.equal(e.$metadata?.httpStatusCode, 500);
    } finally {
      await h.close();
    }
  });

  it('gives the same fault sequence for the same --fault-seed', async () => {
    const outcomes = async (seed: number) => {
      const h = await startHarness({ throttleRate: 0.3, errorRate: 0.3, faultSeed: seed });
      const lambda = h.client();
      const seen: string[] = [];
      try {
        for (let i = 0; i < 24; i++) {
          try {
            await lambda.send(new ListFunctionsCommand({}));
            seen.push('ok');
          } catch (e) {
            seen.push((e as Error).name);
          }
        }
      } finally {
        await h.close();
      }
      return seen;
    };
    const a = await outcomes(42);
    assert.deepEqual(await outcomes(42), a);
    assert.ok(a.includes('ok') && a.includes('TooManyRequestsException') && a.includes('ServiceException'), a.join(','));
    assert.notDeepEqual(await outcomes(7), a);
  });
});
