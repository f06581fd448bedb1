/**
 * Layers on the local server with the real SDK: PublishLayerVersion, GetLayerVersion,
 * GetLayerVersionByArn, ListLayers, ListLayerVersions, DeleteLayerVersion, Content.Location as an
 * expiring download, and the checks CreateFunction / UpdateFunctionConfiguration make on Layers
 * (at most 5, ARN format, existing, readable, 250 MB with the function's code).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { crc32, deflateRawSync } from 'node:zlib';
import { createInput, makeZip, rejection, startHarness, waitReady, type Harness } from './emulatorHarness';

const ACCOUNT = '123456789012';

/**
 * A zip whose one entry really inflates to `bytes` zero bytes: small to send, large unzipped. Built
 * by hand with zlib (JSZip takes tens of seconds to deflate 200 MB).
 */
function bigZip(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  const body = deflateRawSync(data);
  const crc = crc32(data);
  const name = Buffer.from('nodejs/node_modules/big/blob.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(bytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(bytes, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12);
  eocd.writeUInt32LE(30 + name.length + body.length, 16);
  return Buffer.concat([local, name, body, central, name, eocd]);
}

describe('Layers (local server, real SDK)', function () {
  this.timeout(60_000);
  let h: Harness;
  let layerZip: Buffer;

  before(async () => {
    h = await startHarness({ codeUrlTtlMs: 60_000 });
    layerZip = await makeZip({ 'nodejs/node_modules/greeter/index.js': 'exports.greet = (n) => `hello ${n} from the layer`;\n' });
  });
  after(async () => h.close());
  afterEach(() => h.emulator.store.clear());

  const publish = (name: string, extra: Record<string, unknown> = {}, zip: Uint8Array = layerZip) =>
    h.client().send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip }, ...extra }));

  it('publishes versions, numbered from 1, with the fields it was given', async () => {
    const v1 = await publish('shared', { Description: 'greeter', CompatibleRuntimes: ['nodejs22.x', 'nodejs20.x'], CompatibleArchitectures: ['x86_64'], LicenseInfo: 'MIT' });
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, 1);
    assert.equal(v1.LayerArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared`);
    assert.equal(v1.LayerVersionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared:1`);
    assert.equal(v1.Description, 'greeter');
    assert.deepEqual(v1.CompatibleRuntimes, ['nodejs22.x', 'nodejs20.x']);
    assert.deepEqual(v1.CompatibleArchitectures, ['x86_64']);
    assert.equal(v1.LicenseInfo, 'MIT');
    assert.equal(v1.Content?.CodeSize, layerZip.length);
    assert.equal(v1.Content?.CodeSha256, createHash('sha256').update(layerZip).digest('base64'));
    assert.match(v1.CreatedDate ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const v2 = await publish('shared');
    assert.equal(v2.Version, 2);
    assert.equal(v2.Description, '');
    assert.equal(v2.CompatibleRuntimes, undefined);
  });

  it('Content.Location downloads the zip, and refuses once expired', async () => {
    const v = await publish('dl');
    const res = await fetch(v.Content!.Location!);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), layerZip);
    const expired = v.Content!.Location!.replace(/expires=\d+/, 'expires=1');
    assert.equal((await fetch(expired)).status, 403);
  });

  it('GetLayerVersion and GetLayerVersionByArn answer the same version; unknown ones are ResourceNotFoundException', async () => {
    const v = await publish('getme', { Description: 'x' });
    const byName = await h.client().send(new GetLayerVersionCommand({ LayerName: 'getme', VersionNumber: 1 }));
    const byArn = await h.client().send(new GetLayerVersionByArnCommand({ Arn: v.LayerVersionArn! }));
    const byLayerArn = await h.client().send(new GetLayerVersionCommand({ LayerName: v.LayerArn!, VersionNumber: 1 }));
    for (const got of [byName, byArn, byLayerArn]) {
      assert.equal(got.LayerVersionArn, v.LayerVersionArn);
      assert.equal(got.Description, 'x');
      assert.equal(got.Content?.CodeSha256, v.Content?.CodeSha256);
      assert.ok(got.Content?.Location);
    }
    const missing = await rejection(() => h.client().send(new GetLayerVersionCommand({ LayerName: 'getme', VersionNumber: 9 })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const missingArn = await rejection(() => h.client().send(new GetLayerVersionByArnCommand({ Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:nope:1` })));
    assert.equal(missingArn.name, 'ResourceNotFoundException');
  });

  it('GetLayerVersionByArn: a malformed ARN is invalid; another account is access denied; another region is refused', async () => {
    const bad = await rejection(() => h.client().send(new GetLayerVersionByArnCommand({ Arn: 'arn:aws:lambda:us-east-1:123:layer:x' })));
    assert.equal(bad.name, 'InvalidParameterValueException');
    const other = await rejection(() => h.client().send(new GetLayerVersionByArnCommand({ Arn: 'arn:aws:lambda:us-east-1:999999999999:layer:theirs:1' })));
    assert.equal(other.name, 'AccessDeniedException');
    assert.equal(other.$metadata?.httpStatusCode, 403);
    assert.match(other.message, /theirs:1/);
    const region = await rejection(() => h.client().send(new GetLayerVersionByArnCommand({ Arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:x:1` })));
    assert.equal(region.name, 'InvalidParameterValueException');
    assert.match(region.message, /eu-west-1/);
  });

  it('ListLayers gives each layer its latest matching version; ListLayerVersions newest first; both page', async () => {
    await publish('alpha', { CompatibleRuntimes: ['nodejs20.x'] });
    await publish('alpha', { CompatibleRuntimes: ['nodejs22.x'] });
    await publish('beta', { CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['arm64'] });
    await publish('gamma');
    const all = await h.client().send(new ListLayersCommand({}));
    assert.deepEqual(all.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version]), [['alpha', 2], ['beta', 1], ['gamma', 1]]);
    assert.equal(all.Layers?.[0].LayerArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:alpha`);
    const node20 = await h.client().send(new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x' }));
    assert.deepEqual(node20.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version]), [['alpha', 1]]);
    const arm = await h.client().send(new ListLayersCommand({ CompatibleArchitecture: 'arm64' }));
    assert.deepEqual(arm.Layers?.map((l) => l.LayerName), ['beta']);
    const first = await h.client().send(new ListLayersCommand({ MaxItems: 2 }));
    assert.equal(first.Layers?.length, 2);
    assert.ok(first.NextMarker);
    const rest = await h.client().send(new ListLayersCommand({ MaxItems: 2, Marker: first.NextMarker }));
    assert.deepEqual(rest.Layers?.map((l) => l.LayerName), ['gamma']);
    assert.equal(rest.NextMarker, undefined);

    const versions = await h.client().send(new ListLayerVersionsCommand({ LayerName: 'alpha' }));
    assert.deepEqual(versions.LayerVersions?.map((v) => v.Version), [2, 1]);
    const paged = await h.client().send(new ListLayerVersionsCommand({ LayerName: 'alpha', MaxItems: 1 }));
    assert.deepEqual(paged.LayerVersions?.map((v) => v.Version), [2]);
    const next = await h.client().send(new ListLayerVersionsCommand({ LayerName: 'alpha', MaxItems: 1, Marker: paged.NextMarker }));
    assert.deepEqual(next.LayerVersions?.map((v) => v.Version), [1]);
    const none = await h.client().send(new ListLayerVersionsCommand({ LayerName: 'never' }));
    assert.deepEqual(none.LayerVersions, []);
    const badMax = await rejection(() => h.client().send(new ListLayersCommand({ MaxItems: 51 })));
    assert.equal(badMax.name, 'InvalidParameterValueException');
  });

  it('DeleteLayerVersion removes one version (idempotently); numbers are never reused', async () => {
    await publish('del');
    await publish('del');
    const out = await h.client().send(new DeleteLayerVersionCommand({ LayerName: 'del', VersionNumber: 2 }));
    assert.equal(out.$metadata.httpStatusCode, 204);
    await h.client().send(new DeleteLayerVersionCommand({ LayerName: 'del', VersionNumber: 2 }));
    const gone = await rejection(() => h.client().send(new GetLayerVersionCommand({ LayerName: 'del', VersionNumber: 2 })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.deepEqual((await h.client().send(new ListLayerVersionsCommand({ LayerName: 'del' }))).LayerVersions?.map((v) => v.Version), [1]);
    assert.equal((await publish('del')).Version, 3);
  });

  it('validates PublishLayerVersion like the service', async () => {
    const badName = await rejection(() => publish('bad name!'));
    assert.equal(badName.name, 'InvalidParameterValueException');
    const runtime = await rejection(() => publish('x', { CompatibleRuntimes: ['cobol1'] }));
    assert.match(runtime.message, /CompatibleRuntimes "cobol1"/);
    const tooMany = await rejection(() => publish('x', { CompatibleArchitectures: ['x86_64', 'arm64', 'x86_64'] }));
    assert.match(tooMany.message, /at most 2/);
    const license = await rejection(() => publish('x', { LicenseInfo: 'l'.repeat(513) }));
    assert.match(license.message, /LicenseInfo must be at most 512/);
    const notZip = await rejection(() => publish('x', {}, Buffer.from('not a zip')));
    assert.match(notZip.message, /not a valid \.zip/);
    const s3 = await rejection(() => h.client().send(new PublishLayerVersionCommand({ LayerName: 'x', Content: { S3Bucket: 'b', S3Key: 'k' } })));
    assert.match(s3.message, /cannot read layer content from S3/);
    const tooBig = await rejection(() => publish('x', {}, Buffer.alloc(0)));
    assert.equal(tooBig.name, 'InvalidParameterValueException');
  });

  describe('a function with layers', () => {
    it('CreateFunction records each layer with its CodeSize; GetFunctionConfiguration returns them', async () => {
      const a = await publish('la');
      const b = await publish('lb', {}, await makeZip({ 'nodejs/node_modules/b/index.js': 'module.exports = 2;\n' }));
      const zip = await makeZip();
      const created = await h.client().send(new CreateFunctionCommand(createInput('withlayers', zip, { Layers: [a.LayerVersionArn!, b.LayerVersionArn!] })));
      assert.deepEqual(created.Layers, [
        { Arn: a.LayerVersionArn, CodeSize: a.Content!.CodeSize },
        { Arn: b.LayerVersionArn, CodeSize: b.Content!.CodeSize },
      ]);
      await waitReady(h.client(), 'withlayers');
      const cfg = await h.client().send(new GetFunctionConfigurationCommand({ FunctionName: 'withlayers' }));
      assert.deepEqual(cfg.Layers?.map((l) => [l.Arn, l.CodeSize]), [
        [a.LayerVersionArn, layerZip.length],
        [b.LayerVersionArn, b.Content!.CodeSize],
      ]);
      // Removing them: an empty list.
      await h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'withlayers', Layers: [] }));
      assert.equal((await waitReady(h.client(), 'withlayers')).Layers, undefined);
    });

    it('refuses more than 5 layers, a malformed ARN, a version that does not exist, another account and another region', async () => {
      const zip = await makeZip();
      const v = await publish('l');
      const six = Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:l${i}:1`);
      const tooMany = await rejection(() => h.client().send(new CreateFunctionCommand(createInput('f1', zip, { Layers: six }))));
      assert.equal(tooMany.name, 'InvalidParameterValueException');
      assert.match(tooMany.message, /at most 5/);
      const malformed = await rejection(() => h.client().send(new CreateFunctionCommand(createInput('f1', zip, { Layers: ['arn:aws:lambda:us-east-1:1:layer:x'] }))));
      assert.match(malformed.message, /not a layer version ARN/);
      const missing = await rejection(() => h.client().send(new CreateFunctionCommand(createInput('f1', zip, { Layers: [`${v.LayerArn}:7`] }))));
      assert.equal(missing.name, 'InvalidParameterValueException');
      assert.match(missing.message, /Layer version .*layer:l:7 does not exist/);
      const theirs = await rejection(() => h.client().send(new CreateFunctionCommand(createInput('f1', zip, { Layers: ['arn:aws:lambda:us-east-1:999999999999:layer:theirs:1'] }))));
      assert.equal(theirs.name, 'AccessDeniedException');
      const region = await rejection(() => h.client().send(new CreateFunctionCommand(createInput('f1', zip, { Layers: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:l:1`] }))));
      assert.match(region.message, /not in the function's region us-east-1/);
      // Nothing was created by the refused calls.
      const none = await rejection(() => h.client().send(new GetFunctionConfigurationCommand({ FunctionName: 'f1' })));
      assert.equal(none.name, 'ResourceNotFoundException');
      // UpdateFunctionConfiguration checks the same way.
      await h.client().send(new CreateFunctionCommand(createInput('f2', zip)));
      await waitReady(h.client(), 'f2');
      const upd = await rejection(() => h.client().send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f2', Layers: [`${v.LayerArn}:2`] })));
      assert.match(upd.message, /does not exist/);
    });

    it('the function and its layers together must unzip to at most 250 MB', async () => {
      const big = await publish('big', {}, bigZip(200 * 1024 * 1024));
      const fn = bigZip(60 * 1024 * 1024);
      const over = await rejection(() => h.client().send(new CreateFunctionCommand(createInput('huge', fn, { Layers: [big.LayerVersionArn!] }))));
      assert.equal(over.name, 'InvalidParameterValueException');
      assert.match(over.message, /Function code combined with layers exceeds the maximum allowed size of 262144000 bytes\. The actual size is \d+ bytes\./);
      // Within the limit it is accepted; new code that would pass it is refused.
      const small = await makeZip();
      await h.client().send(new CreateFunctionCommand(createInput('fits', small, { Layers: [big.LayerVersionArn!] })));
      await waitReady(h.client(), 'fits');
      const code = await rejection(() => h.client().send(new UpdateFunctionCodeCommand({ FunctionName: 'fits', ZipFile: fn })));
      assert.match(code.message, /combined with layers exceeds/);
    });
  });
});
