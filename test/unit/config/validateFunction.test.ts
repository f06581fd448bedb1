import * as assert from 'node:assert/strict';
import {
  assertValid,
  errorsOnly,
  validateCreateFunction,
  validateFunctionName,
  validateRoleArn,
  validateUpdateFunctionCode,
  validateUpdateFunctionConfiguration,
  validateZipFile,
} from '../../../src/core/config/validateFunction';
import { LIMITS, RUNTIMES, splitFunctionName } from '../../../src/core/config/validationRules';
import { isWorkbenchError } from '../../../src/core/errors';
import { storedZip } from '../emulator/zipBytes';

const NOW = new Date('2026-11-21T00:00:00Z');
const ZIP = storedZip({ 'index.js': 'exports.handler = async () => 1;' });
const base = { FunctionName: 'orders', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/orders', Code: { ZipFile: ZIP } };
const create = (extra: Record<string, unknown>) => validateCreateFunction({ ...base, ...extra }, { now: NOW });
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('validateFunction: API reference rules', () => {
  it('accepts a minimal valid CreateFunction request', () => {
    assert.deepEqual(create({}), []);
  });

  it('FunctionName: pattern, 64 bare, 140 as an ARN, qualifiers', () => {
    assert.deepEqual(validateFunctionName('my-function_1'), []);
    assert.deepEqual(validateFunctionName('arn:aws:lambda:us-west-2:123456789012:function:my-function'), []);
    assert.deepEqual(validateFunctionName('123456789012:function:my-function'), []);
    assert.deepEqual(validateFunctionName('my-function:$LATEST'), []);
    assert.match(validateFunctionName('')[0].message, /FunctionName is required/);
    assert.match(validateFunctionName('has space')[0].message, /letters, digits, hyphens/);
    assert.match(validateFunctionName('x'.repeat(65))[0].message, /at most 64 characters; got 65/);
    assert.deepEqual(validateFunctionName('x'.repeat(64)), []);
    assert.match(validateFunctionName('arn:aws:lambda:us-west-2:123456789012:function:' + 'x'.repeat(94))[0].message, /at most 140 characters/);
    assert.match(validateFunctionName('fn:1', { allowQualifier: false })[0].message, /must not include a version or alias/);
    assert.deepEqual(splitFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:f:7'), { name: 'f', partition: 'aws', region: 'eu-west-1', account: '123456789012', qualifier: '7', isArn: true });
    assert.deepEqual(splitFunctionName('f'), { name: 'f', isArn: false });
  });

  it('Role: IAM role ARN pattern', () => {
    assert.deepEqual(validateRoleArn('arn:aws:iam::123456789012:role/service-role/my+role=x,y.z@w'), []);
    assert.deepEqual(validateRoleArn('arn:aws-cn:iam::123456789012:role/r'), []);
    assert.match(validateRoleArn(undefined)[0].message, /Role is required/);
    assert.match(validateRoleArn('arn:aws:iam::123456789012:user/bob')[0].message, /not an IAM role ARN/);
  });

  it('Runtime: known, blocked ones refused, recently deprecated ones only warned about', () => {
    assert.match(create({ Runtime: 'cobol1.0' })[0].message, /not a Lambda runtime/);
    assert.match(create({ Runtime: 'nodejs16.x' })[0].message, /nodejs16.x is deprecated .* use nodejs22.x/);
    const warned = create({ Runtime: 'nodejs18.x' });
    assert.equal(warned.length, 1);
    assert.equal(warned[0].severity, 'warning');
    assert.deepEqual(errorsOnly(warned), []);
    assert.deepEqual(create({ Runtime: 'nodejs24.x' }), []);
    assert.ok(RUNTIMES.every((r) => ['supported', 'deprecated', 'blocked'].includes(r.status)));
  });

  it('Handler required for Zip (not for Image), pattern and length', () => {
    assert.deepEqual(paths(create({ Handler: undefined })), ['$.Handler']);
    assert.deepEqual(paths(create({ Handler: 'a b' })), ['$.Handler']);
    assert.deepEqual(paths(create({ Handler: 'h'.repeat(129) })), ['$.Handler']);
    const image = validateCreateFunction({ FunctionName: 'img', Role: base.Role, PackageType: 'Image', Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1' } }, { now: NOW });
    assert.deepEqual(image, []);
  });

  it('numeric ranges: MemorySize, Timeout, EphemeralStorage', () => {
    assert.equal(create({ MemorySize: 64 })[0].message, 'MemorySize must be between 128 and 10240 MB; got 64.');
    assert.deepEqual(create({ MemorySize: 128 }), []);
    assert.deepEqual(create({ MemorySize: 10240 }), []);
    assert.deepEqual(paths(create({ MemorySize: '512' })), ['$.MemorySize']);
    assert.equal(create({ Timeout: 901 })[0].message, 'Timeout must be between 1 and 900 seconds; got 901.');
    assert.deepEqual(create({ Timeout: 1 }), []);
    assert.deepEqual(paths(create({ EphemeralStorage: { Size: 10241 } })), ['$.EphemeralStorage.Size']);
    assert.deepEqual(create({ EphemeralStorage: { Size: 512 } }), []);
  });

  it('Environment: key shape, reserved keys, 4 KB total, never the values', () => {
    const issues = create({ Environment: { Variables: { _X: 'v1', '9A': 'v2', B: 'v3', AWS_SESSION_TOKEN: 'tok-secret', GOOD_1: 'fine' } } });
    assert.deepEqual(paths(issues).sort(), ['$.Environment.Variables.9A', '$.Environment.Variables.AWS_SESSION_TOKEN', '$.Environment.Variables.B', '$.Environment.Variables._X']);
    assert.ok(issues.every((i) => !/tok-secret|v1|v2|v3/.test(i.message)));
    const big = create({ Environment: { Variables: { K1: 'x'.repeat(LIMITS.environmentBytes) } } });
    assert.match(big[0].message, /over the 4096-byte \(4 KB\) limit/);
    assert.doesNotMatch(big[0].message, /xxxx/);
    assert.deepEqual(paths(create({ Environment: { Variables: { K1: 5 } } })), ['$.Environment.Variables.K1']);
  });

  it('Description, Architectures, Layers, Tags, TracingConfig, LoggingConfig, FileSystemConfigs', () => {
    assert.deepEqual(paths(create({ Description: 'd'.repeat(257) })), ['$.Description']);
    assert.deepEqual(paths(create({ Architectures: [] })), ['$.Architectures']);
    assert.deepEqual(paths(create({ Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:x:1', 'nope'] })), ['$.Layers[1]']);
    assert.deepEqual(paths(create({ Tags: { 'aws:owner': 'x' } })), ['$.Tags.aws:owner']);
    assert.deepEqual(paths(create({ TracingConfig: { Mode: 'On' } })), ['$.TracingConfig.Mode']);
    assert.deepEqual(paths(create({ LoggingConfig: { LogFormat: 'XML' } })), ['$.LoggingConfig.LogFormat']);
    assert.deepEqual(paths(create({ FileSystemConfigs: [{ Arn: 'arn:aws:elasticfilesystem:x', LocalMountPath: '/data' }] })), ['$.FileSystemConfigs[0].LocalMountPath']);
    assert.deepEqual(paths(create({ KMSKeyArn: 'not-an-arn' })), ['$.KMSKeyArn']);
    assert.deepEqual(create({ KMSKeyArn: '' }), []);
  });

  it('Code: one source; ZipFile a readable zip within the zipped and unzipped limits', () => {
    assert.deepEqual(paths(create({ Code: undefined })), ['$.Code']);
    assert.deepEqual(paths(create({ Code: { ZipFile: ZIP, S3Bucket: 'b', S3Key: 'k' } })), ['$.Code']);
    assert.deepEqual(create({ Code: { S3Bucket: 'b', S3Key: 'k.zip' } }), []);
    assert.match(validateZipFile(Buffer.from('hello'))[0].message, /not a valid .zip archive/);
    assert.match(validateZipFile(Buffer.alloc(LIMITS.zippedBytes + 1))[0].message, /over the 52428800-byte \(50 MB\) limit/);
  });

  it('UpdateFunctionConfiguration: everything optional, same rules; UpdateFunctionCode checks the zip', () => {
    assert.deepEqual(validateUpdateFunctionConfiguration({ FunctionName: 'orders' }, { now: NOW }), []);
    assert.deepEqual(paths(validateUpdateFunctionConfiguration({ FunctionName: 'orders', MemorySize: 1, Role: 'x' }, { now: NOW })), ['$.Role', '$.MemorySize']);
    assert.deepEqual(validateUpdateFunctionCode({ FunctionName: 'orders', ZipFile: ZIP }), []);
    assert.deepEqual(paths(validateUpdateFunctionCode({ FunctionName: 'orders', ZipFile: Buffer.from('x') })), ['$.Code.ZipFile']);
  });

  it('assertValid throws one validation WorkbenchError carrying every issue', () => {
    assert.doesNotThrow(() => assertValid(create({ Runtime: 'nodejs18.x' })));
    assert.throws(
      () => assertValid(create({ MemorySize: 1, Timeout: 0 })),
      (e: unknown) => isWorkbenchError(e) && e.kind === 'validation' && /2 problems/.test(e.message) && e.options.path === '$.Timeout',
    );
  });
});
