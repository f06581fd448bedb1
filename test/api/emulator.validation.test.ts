import * as assert from 'node:assert/strict';
import {
  PublishLayerVersionCommand,
  CreateFunctionCommand,
  InvalidParameterValueException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { createInput, makeZip, rejection, startHarness, type Harness } from './emulatorHarness';

/** Patches every central-directory entry's uncompressed size: a zip that claims to unzip to `size`. */
function claimUnzippedSize(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(size, i + 24);
  return out;
}

describe('local Lambda API server: API reference validation over the wire', () => {
  let h: Harness;
  let lambda: LambdaClient;
  let zip: Buffer;
  let n = 0;
  before(async () => {
    h = await startHarness({ stateDelayMs: 0, updateDelayMs: 0 });
    lambda = h.client();
    zip = await makeZip();
  });
  after(() => h.close());

  /** CreateFunction with `extra` must fail with InvalidParameterValueException matching `message`. */
  async function rejectsCreate(extra: Record<string, unknown>, message: RegExp, name = `v-${n++}`): Promise<string> {
    const e = await rejection(() => lambda.send(new CreateFunctionCommand(createInput(name, zip, extra) as never)));
    assert.ok(e instanceof InvalidParameterValueException, `${e.name}: ${e.message}`);
    assert.match(e.message, message);
    return e.message;
  }

  async function accepts(extra: Record<string, unknown>): Promise<void> {
    await lambda.send(new CreateFunctionCommand(createInput(`ok-${n++}`, zip, extra) as never));
  }

  it('FunctionName: pattern, 64 characters bare, 140 as an ARN, no qualifier on create', async () => {
    await rejectsCreate({}, /FunctionName "bad name!" is not valid/, 'bad name!');
    await rejectsCreate({}, /name part must be at most 64 characters; got 65/, 'a'.repeat(65));
    await accepts({ FunctionName: 'a'.repeat(64) });
    await rejectsCreate({}, /at most 140 characters as an ARN/, `arn:aws:lambda:us-east-1:123456789012:function:${'a'.repeat(100)}`);
    await rejectsCreate({}, /must not include a version or alias/, 'fn:prod');
  });

  it('Role: an IAM role ARN', async () => {
    await rejectsCreate({ Role: 'my-role' }, /Role "my-role" is not an IAM role ARN: use the form arn:aws:iam::123456789012:role\/role-name/);
    await rejectsCreate({ Role: 'arn:aws:iam::12345:role/x' }, /not an IAM role ARN/);
  });

  it('Runtime: in the current list; blocked deprecated runtimes are refused', async () => {
    await rejectsCreate({ Runtime: 'nodejs99.x' }, /Runtime "nodejs99.x" is not a Lambda runtime/);
    await rejectsCreate({ Runtime: 'nodejs12.x' }, /nodejs12.x is deprecated and no longer supported for creating functions; use nodejs22.x/);
    await accepts({ Runtime: 'python3.13', Handler: 'app.handler' });
  });

  it('Handler: required for Zip, no whitespace, at most 128 characters', async () => {
    await rejectsCreate({ Handler: undefined }, /Handler is required for a .zip package/);
    await rejectsCreate({ Handler: 'index handler' }, /Handler "index handler" is not valid/);
    await accepts({ Handler: `${'a'.repeat(120)}.handler` });
    await rejectsCreate({ Handler: `${'a'.repeat(121)}.handler` }, /Handler must be at most 128 characters; got 129/);
  });

  it('MemorySize 128-10240, Timeout 1-900, EphemeralStorage 512-10240', async () => {
    await rejectsCreate({ MemorySize: 127 }, /^MemorySize must be between 128 and 10240 MB; got 127\.$/);
    await rejectsCreate({ MemorySize: 10241 }, /got 10241/);
    await rejectsCreate({ MemorySize: 256.5 }, /MemorySize must be a whole number/);
    await accepts({ MemorySize: 10240 });
    await rejectsCreate({ Timeout: 0 }, /^Timeout must be between 1 and 900 seconds; got 0\.$/);
    await accepts({ Timeout: 900 });
    await rejectsCreate({ EphemeralStorage: { Size: 511 } }, /^EphemeralStorage.Size must be between 512 and 10240 MB; got 511\.$/);
    await rejectsCreate({ EphemeralStorage: { Size: 10241 } }, /got 10241/);
    await accepts({ EphemeralStorage: { Size: 10240 } });
  });

  it('Environment: key rules, reserved keys, 4 KB in total, and values never echoed', async () => {
    const m1 = await rejectsCreate({ Environment: { Variables: { '1KEY': 'secret-value-1' } } }, /Environment variable name "1KEY" is not valid/);
    await rejectsCreate({ Environment: { Variables: { A: 'x' } } }, /at least two characters/);
    const m2 = await rejectsCreate({ Environment: { Variables: { AWS_REGION: 'secret-value-2' } } }, /AWS_REGION is reserved by Lambda/);
    const m3 = await rejectsCreate({ Environment: { Variables: { BIG: 'secret-value-3'.repeat(300) } } }, /over the 4096-byte \(4 KB\) limit/);
    for (const m of [m1, m2, m3]) assert.doesNotMatch(m, /secret-value/);
    await accepts({ Environment: { Variables: { BIG: 'x'.repeat(4000) } } });
  });

  it('Description up to 256 characters; Architectures exactly one known value', async () => {
    await rejectsCreate({ Description: 'd'.repeat(257) }, /Description must be at most 256 characters; got 257/);
    await accepts({ Description: 'd'.repeat(256) });
    await rejectsCreate({ Architectures: ['x86_64', 'arm64'] }, /Architectures must list exactly one of x86_64, arm64/);
    await rejectsCreate({ Architectures: ['sparc'] }, /Architectures\[0\] must be one of x86_64, arm64; got "sparc"/);
    await accepts({ Architectures: ['arm64'] });
  });

  it('Layers: version ARNs, at most five', async () => {
    const layer = (i: number) => `arn:aws:lambda:us-east-1:123456789012:layer:shared-${i}:3`;
    await rejectsCreate({ Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:shared'] }, /is not a layer version ARN/);
    await rejectsCreate({ Layers: [1, 2, 3, 4, 5, 6].map(layer) }, /Layers may hold at most 5 items; got 6/);
    // A well-formed ARN must also name a version that exists, as on the service.
    await rejectsCreate({ Layers: [layer(1)] }, /Layer version arn:aws:lambda:us-east-1:123456789012:layer:shared-1:3 does not exist\./);
    const published = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'shared-1', Content: { ZipFile: zip } }));
    await accepts({ Layers: [published.LayerVersionArn!] });
  });

  it('ZipFile: a valid zip that unzips to at most 250 MB', async () => {
    await rejectsCreate({ Code: { ZipFile: Buffer.from('not a zip at all, just text') } }, /ZipFile is not a valid .zip archive/);
    await rejectsCreate({ Code: { ZipFile: claimUnzippedSize(zip, 262_144_001) } }, /unzips to 262144001 bytes, over the 262144000-byte \(250 MB\) limit/);
    await rejectsCreate({ Code: {} }, /Code must contain ZipFile/);
  });

  it('reports several problems at once, each with its JSON path', async () => {
    await rejectsCreate({ MemorySize: 1, Timeout: 0 }, /^2 validation errors detected: Timeout .* \(\$\.Timeout\) MemorySize .* \(\$\.MemorySize\)$/);
  });

  it('UpdateFunctionConfiguration and UpdateFunctionCode follow the same rules', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('target', zip)));
    h.emulator.store.settle('us-east-1', 'target');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ MemorySize: 64 }, /MemorySize must be between 128 and 10240 MB; got 64/],
      [{ Timeout: 1000 }, /Timeout must be between 1 and 900/],
      [{ Role: 'nope' }, /not an IAM role ARN/],
      [{ Runtime: 'go1.x' }, /go1.x is deprecated/],
      [{ Environment: { Variables: { AWS_LAMBDA_RUNTIME_API: 'x' } } }, /reserved by Lambda/],
    ];
    for (const [input, message] of cases) {
      const e = await rejection(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'target', ...input } as never)));
      assert.ok(e instanceof InvalidParameterValueException, e.message);
      assert.match(e.message, message);
    }
    const badZip = await rejection(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'target', ZipFile: Buffer.from('PK nonsense') })));
    assert.ok(badZip instanceof InvalidParameterValueException);
    assert.match(badZip.message, /not a valid .zip archive/);
  });
});
