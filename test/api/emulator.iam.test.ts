/**
 * The IAM calls the product makes, answered by the local server at the Lambda endpoint, through the
 * real @aws-sdk/client-iam (AWS Query protocol, XML) over real HTTP: ListRoles (with paging),
 * CreateRole, AttachRolePolicy, GetRole, and the service's errors as typed SDK exceptions. Then
 * core's execution-role helpers over the same endpoint.
 */
import * as assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { ClientFactory } from '../../src/core/aws/clientFactory';
import { BASIC_EXECUTION_POLICY_ARN, createBasicExecutionRole, LAMBDA_TRUST_POLICY, listLambdaRoles, trustsLambda } from '../../src/core/aws/executionRoles';
import type { RequestLogEntry } from '../../src/core/emulator';
import { WorkbenchError } from '../../src/core/errors';
import { startHarness, type Harness } from './emulatorHarness';

const TRUST = JSON.stringify(LAMBDA_TRUST_POLICY);

async function rejects<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T, message: RegExp): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${(e as Error).name}: ${(e as Error).message}`);
    assert.match((e as Error).message, message);
    return e;
  }
  return assert.fail(`expected ${type.name}`);
}

describe('IAM at the local endpoint (real @aws-sdk/client-iam)', function () {
  this.timeout(30000);
  let h: Harness;
  let iam: IAMClient;
  const log: RequestLogEntry[] = [];

  before(async () => {
    h = await startHarness({ onRequest: (e) => log.push(e) });
    iam = new IAMClient({ region: 'us-east-1', endpoint: h.emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  after(async () => {
    iam.destroy();
    await h.close();
  });

  it('ListRoles returns the account\'s roles with their URL-encoded trust policies', async () => {
    const out = await iam.send(new ListRolesCommand({}));
    const names = (out.Roles ?? []).map((r) => r.RoleName);
    assert.ok(names.includes('lambda-role') && names.includes('ecs-task-role'), names.join(', '));
    const lambdaRole = out.Roles?.find((r) => r.RoleName === 'lambda-role');
    assert.equal(lambdaRole?.Arn, 'arn:aws:iam::123456789012:role/lambda-role');
    assert.ok(lambdaRole?.CreateDate instanceof Date);
    assert.match(lambdaRole?.AssumeRolePolicyDocument ?? '', /^%7B/);
    assert.equal(JSON.parse(decodeURIComponent(lambdaRole?.AssumeRolePolicyDocument ?? '')).Statement[0].Principal.Service, 'lambda.amazonaws.com');
    assert.equal(out.IsTruncated, false);
    assert.deepEqual(log.at(-1), { ...log.at(-1), method: 'POST', path: '/', operation: 'ListRoles', status: 200 });
  });

  it('CreateRole, AttachRolePolicy and GetRole round-trip', async () => {
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'api-test-role', AssumeRolePolicyDocument: TRUST, Description: 'for <tests> & such', Path: '/service-role/' }));
    assert.equal(created.Role?.Arn, 'arn:aws:iam::123456789012:role/service-role/api-test-role');
    assert.equal(created.Role?.Description, 'for <tests> & such');
    assert.match(created.Role?.RoleId ?? '', /^AROA[A-Z0-9]+$/);
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'api-test-role', PolicyArn: BASIC_EXECUTION_POLICY_ARN }));
    const got = await iam.send(new GetRoleCommand({ RoleName: 'api-test-role' }));
    assert.equal(got.Role?.Path, '/service-role/');
    assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), TRUST);
    const prefixed = await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }));
    assert.deepEqual(prefixed.Roles?.map((r) => r.RoleName), ['api-test-role']);
  });

  it('pages ListRoles with MaxItems and Marker', async () => {
    const first = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    assert.equal(first.Roles?.length, 1);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const rest = await iam.send(new ListRolesCommand({ Marker: first.Marker, MaxItems: 1000 }));
    const all = [...(first.Roles ?? []), ...(rest.Roles ?? [])].map((r) => r.RoleName);
    assert.equal(new Set(all).size, all.length, 'no role twice');
    assert.ok(all.length >= 3);
  });

  it('answers with the service\'s errors, which the SDK raises as its typed exceptions', async () => {
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'nope' })), NoSuchEntityException, /The role with name nope cannot be found/);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'lambda-role', AssumeRolePolicyDocument: TRUST })), EntityAlreadyExistsException, /Role with name lambda-role already exists/);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'bad-json', AssumeRolePolicyDocument: '{not json' })), MalformedPolicyDocumentException, /invalid Json/);
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 's3-actions', AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 's3:GetObject' }] }) })),
      MalformedPolicyDocumentException,
      /STS AssumeRole actions/,
    );
    const bad = await rejects(iam.send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: TRUST })), Error, /at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.equal(bad.name, 'ValidationError');
    await rejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-role', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })), NoSuchEntityException, /does not exist or is not attachable/);
    await rejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'ghost', PolicyArn: BASIC_EXECUTION_POLICY_ARN })), NoSuchEntityException, /ghost cannot be found/);
    const tooMany = await rejects(iam.send(new ListRolesCommand({ MaxItems: 1001 })), Error, /maxItems.*less than or equal to 1000/);
    assert.equal(tooMany.name, 'ValidationError');
  });

  it('Lambda requests at the same endpoint are unaffected', async () => {
    const fns = await h.client('us-east-1').send(new (await import('@aws-sdk/client-lambda')).ListFunctionsCommand({}));
    assert.ok(Array.isArray(fns.Functions));
  });

  describe('core execution-role helpers', () => {
    const factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    after(() => factory.dispose());

    it('lists only the roles Lambda can assume', async () => {
      const roles = await listLambdaRoles(factory, { endpoint: h.emulator.url });
      const names = roles.map((r) => r.name);
      assert.ok(names.includes('lambda-role'));
      assert.ok(!names.includes('ecs-task-role'), 'a role trusting ecs-tasks is left out');
    });

    it('creates a basic execution role that the listing then offers', async () => {
      const role = await createBasicExecutionRole(factory, { endpoint: h.emulator.url }, 'orders-role-abc');
      assert.equal(role.arn, 'arn:aws:iam::123456789012:role/orders-role-abc');
      assert.ok((await listLambdaRoles(factory, { endpoint: h.emulator.url })).some((r) => r.arn === role.arn));
      const again = await createBasicExecutionRole(factory, { endpoint: h.emulator.url }, 'orders-role-abc').then(
        () => assert.fail('a second role of the same name must fail'),
        (e: unknown) => e as WorkbenchError,
      );
      assert.ok(again instanceof WorkbenchError);
      assert.equal(again.kind, 'conflict');
    });

    it('reads trust policies as IAM returns them', () => {
      assert.equal(trustsLambda(encodeURIComponent(TRUST)), true);
      assert.equal(trustsLambda(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] })), true);
      assert.equal(trustsLambda(JSON.stringify({ Statement: { Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } })), false);
      assert.equal(trustsLambda(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })), false);
      assert.equal(trustsLambda('%7Bbroken'), false);
    });
  });
});
