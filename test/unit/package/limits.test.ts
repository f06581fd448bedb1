import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../../src/core/errors';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { LAMBDA_UNZIPPED_LIMIT, LAMBDA_ZIPPED_LIMIT } from '../../../src/core/package/types';
import { cleanupTrees, makeTree } from './helpers';

/** A file that claims `size` bytes without using the disk for them. */
function sparse(path: string, size: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
}

function limitsError(e: unknown): WorkbenchError {
  assert.ok(e instanceof WorkbenchError, String(e));
  assert.equal(e.kind, 'limits');
  return e;
}

describe('package: Lambda size limits', () => {
  afterEach(cleanupTrees);

  it('refuses more than 250 MB unzipped before reading anything, naming the biggest folders and files', async () => {
    const root = makeTree({ 'index.js': '1', 'models/readme.txt': 'weights', 'node_modules/big-lib/package.json': '{}' });
    sparse(join(root, 'models', 'weights.bin'), 200 * 1024 * 1024);
    sparse(join(root, 'node_modules', 'big-lib', 'blob.dat'), 60 * 1024 * 1024);
    const err = await packageFolder(root, { thread: 'main' }).then(
      () => assert.fail('should have failed'),
      (e: unknown) => limitsError(e),
    );
    assert.match(err.message, /260\.0 MB unzipped/);
    assert.match(err.message, /250\.0 MB/);
    assert.match(err.message, /Biggest folders: models\/ \(200\.0 MB\), node_modules\/ \(60\.0 MB\), node_modules\/big-lib\/ \(60\.0 MB\)/);
    assert.match(err.message, /Biggest files: models\/weights\.bin \(200\.0 MB\), node_modules\/big-lib\/blob\.dat \(60\.0 MB\)/);
    assert.match(err.hint ?? '', /\.lambdaignore/);
    assert.equal((err.options.details as { limitBytes: number }).limitBytes, LAMBDA_UNZIPPED_LIMIT);
  });

  it('refuses a zip over 50 MB (incompressible content), naming the offenders', async function () {
    this.timeout(60_000);
    const root = makeTree({ 'index.js': '1', 'media/small.bin': randomBytes(1024) });
    writeFileSync(join(root, 'media', 'video.bin'), randomBytes(LAMBDA_ZIPPED_LIMIT + 1024 * 1024));
    const err = await packageFolder(root).then(
      () => assert.fail('should have failed'),
      (e: unknown) => limitsError(e),
    );
    assert.match(err.message, /zipped, over Lambda's limit for a direct \.zip upload \(50\.0 MB\)/);
    assert.match(err.message, /Biggest folders: media\/ \(51\.0 MB\)/);
    assert.match(err.message, /Biggest files: media\/video\.bin \(51\.0 MB\)/);
    assert.match(err.message, /Nothing was uploaded/);
  });

  it('checks configurable limits the same way (small numbers, same messages)', async () => {
    const root = makeTree({ 'index.js': '1', 'a/x.bin': randomBytes(40_000), 'b/y.bin': randomBytes(20_000) });
    const err = await packageFolder(root, { thread: 'main', limits: { zippedBytes: 50_000 } }).then(
      () => assert.fail('should have failed'),
      (e: unknown) => limitsError(e),
    );
    assert.match(err.message, /Biggest folders: a\/ \(39\.1 KB\), b\/ \(19\.5 KB\)/);
  });
});
