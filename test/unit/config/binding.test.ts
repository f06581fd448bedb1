import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBinding, parseBinding, readBinding, writeBinding, type Binding } from '../../../src/core/config/binding';
import { BINDING_FIELDS, BINDING_KEY_ORDER, type Shape } from '../../../src/core/config/bindingShape';
import { WorkbenchError } from '../../../src/core/errors';
import { cleanupTrees, makeTree, tempDir } from '../package/helpers';

function badPath(text: string): { path?: string; message: string } {
  try {
    parseBinding(text);
  } catch (e) {
    assert.ok(e instanceof WorkbenchError);
    assert.equal(e.kind, 'validation');
    return { path: e.options.path, message: e.message };
  }
  return assert.fail('should have failed');
}

describe('binding file (lambda-workbench.json)', () => {
  afterEach(cleanupTrees);

  it('reads nothing when there is no file, and a valid file as written', async () => {
    assert.equal(await readBinding(tempDir()), undefined);
    const binding = { FunctionName: 'orders', Region: 'eu-west-1', MemorySize: 256, Environment: { Variables: { STAGE: 'prod' } }, Architectures: ['arm64'] };
    const folder = makeTree({ 'lambda-workbench.json': JSON.stringify(binding) });
    assert.deepEqual(await readBinding(folder), binding);
  });

  it('names the JSON path of a bad value', () => {
    assert.equal(badPath('{"MemorySize": "512"}').path, '$.MemorySize');
    assert.match(badPath('{"MemorySize": "512"}').message, /lambda-workbench\.json: \$\.MemorySize must be a whole number, not the string "512"/);
    assert.equal(badPath('{"Environment": {"Variables": {"KEY": 1}}}').path, '$.Environment.Variables.KEY');
    assert.equal(badPath('{"Environment": {"Variables": {"my key": true}}}').path, '$.Environment.Variables["my key"]');
    assert.equal(badPath('{"Layers": ["arn:x", 3]}').path, '$.Layers[1]');
    assert.equal(badPath('{"Architectures": ["x86"]}').path, '$.Architectures[0]');
    assert.equal(badPath('{"TracingConfig": {"mode": "Active"}}').path, '$.TracingConfig.mode');
    assert.match(badPath('{"TracingConfig": {"mode": "Active"}}').message, /did you mean Mode\?/);
    assert.equal(badPath('{"Code": {"ZipFile": "x"}}').path, '$.Code');
    assert.equal(badPath('{"CodeRoot": "/abs/dist"}').path, '$.CodeRoot');
    assert.equal(badPath('{"PackageType": "Image"}').path, '$.PackageType');
    assert.equal(badPath('[]').path, '$');
    assert.match(badPath('{"FunctionName": "x",}').message, /is not valid JSON/);
    // A trailing comma on line 3: the message says where, like an editor would.
    assert.match(badPath('{\n  "FunctionName": "x",\n}').message, /at line 3, column 1\./);
  });

  it('keeps unknown keys and warns about likely typos', async () => {
    const folder = makeTree({ 'lambda-workbench.json': '{"FunctionName": "f", "memorySize": 512, "x-team": "a"}' });
    const loaded = await loadBinding(folder);
    assert.equal(loaded?.binding['x-team'], 'a');
    assert.deepEqual(loaded?.warnings, ['$.memorySize is not a setting this tool knows and is ignored (did you mean MemorySize?).', '$["x-team"] is not a setting this tool knows and is ignored.']);
  });

  it('writes a stable key order with two-space JSON, keeping unknown keys already in the file', async () => {
    const folder = makeTree({ 'lambda-workbench.json': '{"x-team": "a", "MemorySize": 128, "FunctionName": "old"}' });
    const binding: Binding = { Timeout: 30, Environment: { Variables: { Z: '1', A: '2' } }, FunctionName: 'orders', $schema: './schema.json', Region: 'us-east-1' };
    const file = await writeBinding(folder, binding);
    const text = readFileSync(file, 'utf8');
    assert.equal(
      text,
      `${JSON.stringify({ $schema: './schema.json', FunctionName: 'orders', Region: 'us-east-1', Timeout: 30, Environment: { Variables: { Z: '1', A: '2' } }, 'x-team': 'a' }, null, 2)}\n`,
    );
    // Writing what was read gives the same bytes.
    await writeBinding(folder, (await readBinding(folder))!);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  it('refuses to write an invalid binding and leaves the file alone', async () => {
    const folder = makeTree({ 'lambda-workbench.json': '{"FunctionName": "f"}' });
    await assert.rejects(writeBinding(folder, { MemorySize: 'big' as unknown as number }), (e: WorkbenchError) => e.options.path === '$.MemorySize');
    assert.equal(readFileSync(join(folder, 'lambda-workbench.json'), 'utf8'), '{"FunctionName": "f"}');
  });

  it('overwrites a file that does not parse', async () => {
    const folder = makeTree({});
    writeFileSync(join(folder, 'lambda-workbench.json'), '{oops');
    await writeBinding(folder, { FunctionName: 'f' });
    assert.deepEqual(await readBinding(folder), { FunctionName: 'f' });
  });

  describe('JSON Schema (schemas/lambda-workbench.schema.json)', () => {
    const schema = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', '..', 'schemas', 'lambda-workbench.schema.json'), 'utf8')) as {
      properties: Record<string, JsonSchema>;
      patternProperties: Record<string, { deprecationMessage: string }>;
    };
    interface JsonSchema {
      type?: string;
      enum?: string[];
      properties?: Record<string, JsonSchema>;
      items?: JsonSchema;
      additionalProperties?: JsonSchema | boolean;
      oneOf?: JsonSchema[];
    }

    it('describes exactly the keys the binding accepts', () => {
      assert.deepEqual(Object.keys(schema.properties), [...BINDING_KEY_ORDER]);
    });

    it('flags a mis-cased key in the editor with the loader\'s "did you mean", and never the right key', async () => {
      const patterns = Object.entries(schema.patternProperties).map(([re, s]) => ({ re: new RegExp(re, 'u'), message: s.deprecationMessage }));
      const folder = makeTree({ 'lambda-workbench.json': '{}' });
      for (const key of BINDING_KEY_ORDER) {
        assert.equal(patterns.filter((p) => p.re.test(key)).length, 0, `${key} itself is never flagged`);
        for (const typo of [key[0].toLowerCase() + key.slice(1), key.toLowerCase(), key.toUpperCase()]) {
          if (typo === key || key === '$schema') continue;
          const hits = patterns.filter((p) => p.re.test(typo));
          assert.equal(hits.length, 1, typo);
          // The editor says what the CLI and deploy say.
          writeFileSync(join(folder, 'lambda-workbench.json'), JSON.stringify({ [typo]: null }));
          const loaded = await loadBinding(folder);
          const suggestion = /did you mean (\S+)\?/.exec(loaded?.warnings[0] ?? '')?.[1];
          assert.equal(suggestion, key, typo);
          assert.match(hits[0].message, new RegExp(`did you mean ${key.replace('$', '\\$')}\\?`));
        }
      }
    });

    it('gives every key the type the reader checks', () => {
      const expected = (shape: Shape): string | undefined => ({ string: 'string', int: 'integer', number: 'number', boolean: 'boolean', array: 'array', object: 'object', map: 'object', oneOf: undefined })[shape.t];
      const walk = (path: string, shape: Shape, s: JsonSchema) => {
        if (shape.t === 'oneOf') {
          assert.equal(s.oneOf?.length, shape.options.length, path);
          shape.options.forEach((o, i) => walk(`${path}<${i}>`, o, s.oneOf![i]));
          return;
        }
        assert.equal(s.type, expected(shape), path);
        if (shape.t === 'object') {
          assert.deepEqual(Object.keys(s.properties ?? {}).sort(), Object.keys(shape.fields).sort(), path);
          for (const [k, sub] of Object.entries(shape.fields)) walk(`${path}.${k}`, sub, s.properties![k]);
        } else if (shape.t === 'array') walk(`${path}[]`, shape.items, s.items!);
      };
      for (const [key, shape] of Object.entries(BINDING_FIELDS)) walk(`$.${key}`, shape, schema.properties[key]);
    });
  });
});
