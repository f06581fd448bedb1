import * as assert from 'node:assert/strict';
import {
  applyChanges,
  buildUpdateRequest,
  describeChanges,
  diffValues,
  isEmptyChanges,
  valuesOf,
  type ConfigValues,
} from '../../../src/vscode/configPanel/changes';
import { richFunction, SECRET_A, SECRET_B } from './fixture';

const base: ConfigValues = {
  memorySize: 512,
  timeout: 15,
  description: 'd',
  env: [
    ['A', '1'],
    ['B', '2'],
    ['C', '3'],
  ],
};

describe('config panel change sets', () => {
  it('reads the editable values of a GetFunction response, keeping env order', () => {
    assert.deepEqual(valuesOf(richFunction()), {
      memorySize: 512,
      timeout: 15,
      description: 'Takes orders',
      env: [
        ['API_TOKEN', SECRET_A],
        ['DATABASE_URL', SECRET_B],
        ['LOG_LEVEL', 'debug'],
      ],
    });
    assert.deepEqual(valuesOf(undefined), { memorySize: undefined, timeout: undefined, description: '', env: [] });
  });

  it('finds no change when nothing changed (or only the order of variables did)', () => {
    assert.equal(diffValues(base, structuredClone(base)), undefined);
    assert.equal(diffValues(base, { ...base, env: [...base.env].reverse() }), undefined);
  });

  it('describes each kind of edit', () => {
    const edited: ConfigValues = {
      memorySize: 1024,
      timeout: 15,
      description: 'new',
      env: [
        ['A', '1'], // unchanged
        ['B', 'two'], // changed
        ['D', '3'], // C renamed to D
        ['E', '5'], // added
      ],
    };
    assert.deepEqual(diffValues(base, edited), {
      memorySize: 1024,
      description: 'new',
      environment: {
        set: [
          ['B', 'two'],
          ['D', '3'],
          ['E', '5'],
        ],
        remove: ['C'],
      },
    });
  });

  it('keeps a duplicated key as an edit so validation can flag it', () => {
    const c = diffValues(base, { ...base, env: [...base.env, ['A', '1']] });
    assert.deepEqual(c?.environment, { set: [['A', '1']], remove: [] });
  });

  it('treats a cleared description as an edit, and NaN (unparsable) numbers as edits', () => {
    assert.deepEqual(diffValues(base, { ...base, description: '' }), { description: '' });
    const c = diffValues(base, { ...base, memorySize: Number.NaN });
    assert.ok(c && Number.isNaN(c.memorySize));
  });

  it('re-applies edits onto a newer configuration (the rebase after a conflict)', () => {
    const mine = diffValues(base, { memorySize: 1024, timeout: 15, description: 'd', env: [['A', '1'], ['B', 'mine'], ['X', 'new']] })!;
    const theirs: ConfigValues = { memorySize: 512, timeout: 60, description: 'theirs', env: [['A', '1'], ['B', '2'], ['C', '3'], ['T', 't']] };
    assert.deepEqual(applyChanges(theirs, mine), {
      memorySize: 1024,
      timeout: 60,
      description: 'theirs',
      env: [
        ['A', '1'],
        ['B', 'mine'],
        ['T', 't'],
        ['X', 'new'],
      ],
    });
  });

  it('applying nothing is a copy, not an alias', () => {
    const copy = applyChanges(base, undefined);
    assert.deepEqual(copy, base);
    copy.env[0][1] = 'changed';
    assert.equal(base.env[0][1], '1');
  });

  it('builds the UpdateFunctionConfiguration request: changed fields, the whole environment, the RevisionId', () => {
    const changes = { timeout: 30, environment: { set: [['B', 'x']] as Array<[string, string]>, remove: ['A'] } };
    assert.deepEqual(buildUpdateRequest('orders-api', base, changes, 'rev-1'), {
      FunctionName: 'orders-api',
      RevisionId: 'rev-1',
      Timeout: 30,
      Environment: { Variables: { B: 'x', C: '3' } },
    });
    assert.deepEqual(buildUpdateRequest('f', base, { description: '' }, undefined), { FunctionName: 'f', Description: '' });
    const all = buildUpdateRequest('f', base, { environment: { set: [], remove: ['A', 'B', 'C'] } }, 'r');
    assert.deepEqual(all.Environment, { Variables: {} }, 'removing every variable sends an empty map');
  });

  it('puts a __proto__ key in the request as data', () => {
    const req = buildUpdateRequest('f', { ...base, env: [] }, { environment: { set: [['__proto__', 'x']], remove: [] } }, 'r');
    assert.deepEqual(Object.keys(req.Environment!.Variables!), ['__proto__']);
    assert.equal(Object.getPrototypeOf(req.Environment!.Variables), Object.prototype);
  });

  it('summarises without values', () => {
    const text = describeChanges({ memorySize: 256, timeout: 3, description: SECRET_A, environment: { set: [['K', SECRET_B]], remove: ['X'] } });
    assert.equal(text, 'memory 256 MB, timeout 3 s, description, environment variables (2 changes)');
    assert.equal(describeChanges({ environment: { set: [['K', 'v']], remove: [] } }), 'environment variables (1 change)');
  });

  it('knows an empty change set', () => {
    assert.equal(isEmptyChanges(undefined), true);
    assert.equal(isEmptyChanges({ environment: { set: [], remove: [] } }), true);
    assert.equal(isEmptyChanges({ description: '' }), false);
  });
});
