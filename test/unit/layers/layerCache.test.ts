/** The layer cache's bound: beyond the cap the least recently used entries go, never one in use. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prune } from '../../../src/core/layers/layerCache';
import { parseLayerVersionArn } from '../../../src/core/layers/layerArn';

describe('layer cache', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'lw-layer-cache-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function entry(name: string, usedAtSec: number): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, 'meta.json'), '{}');
    utimesSync(join(dir, 'meta.json'), usedAtSec, usedAtSec);
    return dir;
  }

  it('keeps the most recently used entries up to the cap, and an entry in use whatever its age', async () => {
    const oldest = entry('a', 1000);
    entry('b', 2000);
    entry('c', 3000);
    entry('d', 4000);
    mkdirSync(join(root, 'e.tmp-123'));
    await prune(root, 2, new Set([oldest]));
    assert.deepEqual(readdirSync(root).sort(), ['a', 'd', 'e.tmp-123']);
  });

  it('leaves a cache within its cap alone', async () => {
    entry('a', 1000);
    entry('b', 2000);
    await prune(root, 2, new Set());
    assert.deepEqual(readdirSync(root).sort(), ['a', 'b']);
  });

  it('parses layer version ARNs and refuses what is not one', () => {
    assert.deepEqual(parseLayerVersionArn('arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils:7'), {
      partition: 'aws',
      region: 'eu-west-1',
      account: '123456789012',
      name: 'shared-utils',
      version: 7,
      layerArn: 'arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils:7',
    });
    for (const bad of ['arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils', 'arn:aws:lambda:eu-west-1:1234:layer:x:1', `arn:aws:lambda:eu-west-1:123456789012:layer:${'x'.repeat(140)}:1`]) {
      assert.equal(parseLayerVersionArn(bad), undefined, bad);
    }
  });
});
