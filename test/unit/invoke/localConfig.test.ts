/** resolveLocalConfig: one precedence (defaults < settings < binding < deployed < overrides) and its errors. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULTS } from '../../../src/core/config/validationRules';
import { WorkbenchError } from '../../../src/core/errors';
import { resolveLocalConfig, type LocalConfigRequest } from '../../../src/core/invoke/localConfig';
import { cleanupTrees, makeTree } from '../package/helpers';

const HANDLER = 'exports.handler = async () => 1;\n';

async function fails(request: LocalConfigRequest): Promise<WorkbenchError> {
  try {
    await resolveLocalConfig(request);
  } catch (e) {
    assert.ok(e instanceof WorkbenchError, String(e));
    return e;
  }
  return assert.fail('should have failed');
}

const binding = {
  FunctionName: 'orders',
  Handler: 'src/app.handler',
  Runtime: 'nodejs20.x',
  MemorySize: 256,
  Timeout: 10,
  Region: 'eu-west-1',
  Environment: { Variables: { STAGE: 'dev', FROM_BINDING: 'b' } },
  LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG' },
};

describe('resolveLocalConfig', () => {
  afterEach(cleanupTrees);

  it('uses the defaults when nothing else is given (one default runtime and timeout)', async () => {
    const folder = makeTree({ 'index.js': HANDLER });
    const { config, source, warnings } = await resolveLocalConfig({ folder, overrides: { handler: 'index.handler' } });
    assert.equal(source, 'defaults');
    assert.deepEqual(warnings, []);
    assert.equal(config.runtime, DEFAULTS.runtime);
    assert.equal(config.runtime, 'nodejs22.x');
    assert.equal(config.timeout, DEFAULTS.timeout);
    assert.equal(config.memorySize, DEFAULTS.memorySize);
    assert.equal(config.region, DEFAULTS.region);
    assert.equal(config.codeDir, folder);
  });

  it('layers defaults < settings < binding < deployed < overrides, variables key by key', async () => {
    const folder = makeTree({ 'lambda-workbench.json': JSON.stringify(binding), 'src/app.js': HANDLER });
    const settings = { runtime: 'nodejs24.x', timeout: 30, memorySize: 512, region: 'ap-south-1' };

    const s = await resolveLocalConfig({ folder, useBinding: false, settings, overrides: { handler: 'src/app.handler' } });
    assert.deepEqual([s.config.runtime, s.config.timeout, s.config.memorySize, s.config.region], ['nodejs24.x', 30, 512, 'ap-south-1']);

    const b = await resolveLocalConfig({ folder, settings });
    assert.equal(b.source, 'binding');
    assert.equal(b.bindingFile, join(folder, 'lambda-workbench.json'));
    assert.deepEqual([b.config.handler, b.config.runtime, b.config.timeout, b.config.memorySize, b.config.region, b.config.functionName], ['src/app.handler', 'nodejs20.x', 10, 256, 'eu-west-1', 'orders']);
    assert.equal(b.config.logFormat, 'JSON');
    assert.equal(b.config.applicationLogLevel, 'DEBUG');
    assert.deepEqual(b.config.environment, { STAGE: 'dev', FROM_BINDING: 'b' });

    const deployed = {
      configuration: {
        FunctionName: 'orders',
        FunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:orders',
        Handler: 'src/app.handler',
        Runtime: 'nodejs22.x' as const,
        Timeout: 20,
        Environment: { Variables: { STAGE: 'prod', FROM_DEPLOYED: 'd' } },
        LoggingConfig: { LogFormat: 'JSON' as const, ApplicationLogLevel: 'WARN' as const, LogGroup: '/custom/orders' },
      },
      region: 'us-west-2',
    };
    const d = await resolveLocalConfig({ folder, settings, deployed });
    assert.equal(d.source, 'deployed');
    // The deployed function's settings win over the binding's; what it leaves unset comes from below.
    assert.deepEqual([d.config.runtime, d.config.timeout, d.config.memorySize, d.config.region], ['nodejs22.x', 20, 256, 'us-west-2']);
    assert.deepEqual(d.config.environment, { STAGE: 'prod', FROM_BINDING: 'b', FROM_DEPLOYED: 'd' });
    // LoggingConfig is carried over (the editor used to drop it).
    assert.equal(d.config.applicationLogLevel, 'WARN');
    assert.equal(d.config.logGroup, '/custom/orders');
    assert.equal(d.config.accountId, '123456789012');

    const o = await resolveLocalConfig({
      folder,
      settings,
      deployed,
      overrides: { handler: 'src/app.handler', runtime: 'nodejs24.x', timeout: 1, memorySize: 1024, region: 'eu-north-1', environment: { STAGE: 'mine' }, logFormat: 'Text' },
    });
    assert.deepEqual([o.config.runtime, o.config.timeout, o.config.memorySize, o.config.region, o.config.logFormat], ['nodejs24.x', 1, 1024, 'eu-north-1', 'Text']);
    assert.equal(o.config.environment.STAGE, 'mine');
  });

  it('makes the handler from a file and an export relative to the binding\'s CodeRoot', async () => {
    const folder = makeTree({ 'lambda-workbench.json': '{"CodeRoot": "dist"}', 'dist/lib/app.js': HANDLER, 'src/app.ts': 'export const handler = 1;' });
    const { config } = await resolveLocalConfig({ folder, overrides: { handlerFile: { file: join(folder, 'dist/lib/app.js'), exportName: 'main' } } });
    assert.equal(config.codeDir, join(folder, 'dist'));
    assert.equal(config.handler, 'lib/app.main');
    const outside = await fails({ folder, overrides: { handlerFile: { file: join(folder, 'src/app.ts'), exportName: 'handler' } } });
    assert.equal(outside.kind, 'usage');
    assert.match(outside.message, /outside the code folder/);
    assert.match(outside.options.hint ?? '', /CodeRoot is "dist"/);
  });

  it('refuses a broken binding file with its line and column, instead of running with defaults', async () => {
    const folder = makeTree({ 'lambda-workbench.json': '{\n  "FunctionName": "orders",\n  "Handler": "index.handler",\n}\n', 'index.js': HANDLER });
    const e = await fails({ folder, overrides: { handler: 'index.handler' } });
    assert.equal(e.kind, 'validation');
    assert.match(e.message, /lambda-workbench\.json is not valid JSON: .* at line 4, column 1\./);
    assert.deepEqual([e.options.details?.line, e.options.details?.column], [4, 1]);
  });

  it('reports a bad value with its JSON path, an unsupported runtime and values out of range', async () => {
    const typed = await fails({ folder: makeTree({ 'lambda-workbench.json': '{"Timeout": "10"}' }), overrides: { handler: 'index.handler' } });
    assert.equal(typed.options.path, '$.Timeout');
    const python = await fails({ folder: makeTree({ 'lambda-workbench.json': '{"Runtime": "python3.12"}' }), overrides: { handler: 'index.handler' } });
    assert.match(python.message, /Runtime python3\.12 cannot be run locally/);
    const memory = await fails({ folder: makeTree({ 'index.js': HANDLER }), overrides: { handler: 'index.handler', memorySize: 64 } });
    assert.match(memory.message, /Memory size must be a whole number of MB from 128 to 10240/);
    const escape = await fails({ folder: makeTree({ 'lambda-workbench.json': '{"CodeRoot": "../elsewhere"}' }), overrides: { handler: 'index.handler' } });
    assert.equal(escape.options.path, '$.CodeRoot');
  });

  it('says when there is no handler anywhere', async () => {
    const e = await fails({ folder: makeTree({ 'index.js': HANDLER }) });
    assert.equal(e.kind, 'usage');
    assert.match(e.message, /No handler/);
  });

  it('passes on the loader\'s "did you mean" warnings, and ignores a binding written for another function', async () => {
    const folder = makeTree({ 'lambda-workbench.json': '{"FunctionName": "orders", "memorySize": 512, "Timeout": 9}', 'index.js': HANDLER });
    const typo = await resolveLocalConfig({ folder, overrides: { handler: 'index.handler' } });
    assert.deepEqual(typo.warnings, ['lambda-workbench.json: $.memorySize is not a setting this tool knows and is ignored (did you mean MemorySize?).']);
    assert.equal(typo.config.memorySize, DEFAULTS.memorySize);
    assert.equal(typo.config.timeout, 9);
    const other = await resolveLocalConfig({ folder, overrides: { handler: 'index.handler', functionName: 'billing' } });
    assert.equal(other.source, 'defaults');
    assert.equal(other.config.timeout, DEFAULTS.timeout);
    assert.match(other.warnings[1], /configures orders, not billing: its settings are not used/);
  });
});
