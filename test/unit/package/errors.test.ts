import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkbenchError } from '../../../src/core/errors';
import { checkHandlerFile, handlerCandidates } from '../../../src/core/package/handlerFile';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree, tempDir } from './helpers';

const CLI = resolve(__dirname, '..', '..', '..', 'src', 'cli.js');

async function failure(p: Promise<unknown>): Promise<WorkbenchError> {
  return p.then(
    () => assert.fail('should have failed'),
    (e: unknown) => {
      assert.ok(e instanceof WorkbenchError, String(e));
      return e;
    },
  );
}

describe('package: bad input', () => {
  afterEach(cleanupTrees);

  it('a missing root', async () => {
    const e = await failure(packageFolder(join(tempDir(), 'nope')));
    assert.equal(e.kind, 'validation');
    assert.match(e.message, /does not exist/);
  });

  it('a root that is a file', async () => {
    const root = makeTree({ 'index.js': '1' });
    const e = await failure(packageFolder(join(root, 'index.js')));
    assert.match(e.message, /not a folder/);
  });

  it('an empty root, and one whose every entry is excluded', async () => {
    const empty = tempDir();
    assert.match((await failure(packageFolder(empty))).message, /Nothing to package: .* is empty/);
    const excluded = makeTree({ '.git/HEAD': 'x', '.env': 'A=1' });
    const e = await failure(packageFolder(excluded));
    assert.match(e.message, /every entry .* was excluded \(2 by/);
    assert.equal(e.kind, 'validation');
  });

  it('an unreadable file: a clear error naming it, before anything is uploaded', async function () {
    const root = makeTree({ 'index.js': '1', 'private/data.bin': 'x' });
    chmodSync(root, 0o755); // mkdtemp makes 0700: let "nobody" in
    chmodSync(join(root, 'private', 'data.bin'), 0o000);
    if (process.getuid?.() === 0) {
      // root reads anything: run the CLI as "nobody", who cannot.
      const r = spawnSync(process.execPath, [CLI, 'package', root], { uid: 65534, gid: 65534, encoding: 'utf8' });
      if (r.error) this.skip();
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /Cannot read private\/data\.bin \(EACCES\); nothing was packaged or uploaded/);
      assert.match(r.stderr, /\.lambdaignore/);
    } else {
      const e = await failure(packageFolder(root, { thread: 'main' }));
      assert.equal(e.kind, 'validation');
      assert.match(e.message, /Cannot read private\/data\.bin \(EACCES\)/);
    }
  });

  it('an unreadable folder', async function () {
    const root = makeTree({ 'index.js': '1' });
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o000);
    if (process.getuid?.() === 0) {
      const r = spawnSync(process.execPath, [CLI, 'package', root], { uid: 65534, gid: 65534, encoding: 'utf8' });
      if (r.error) this.skip();
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /Cannot read locked \(EACCES\)/);
    } else {
      assert.match((await failure(packageFolder(root, { thread: 'main' }))).message, /Cannot read locked \(EACCES\)/);
    }
  });

  it('cancellation before and during packaging', async () => {
    const root = makeTree({ 'index.js': '1' });
    const done = new AbortController();
    done.abort();
    assert.equal((await failure(packageFolder(root, { signal: done.signal }))).kind, 'aborted');
    const later = new AbortController();
    const p = packageFolder(root, { signal: later.signal });
    later.abort();
    assert.equal((await failure(p)).kind, 'aborted');
  });
});

describe('package: handler file check', () => {
  afterEach(cleanupTrees);

  it('finds the module the runtime would load', () => {
    assert.deepEqual(handlerCandidates('index.handler'), ['index.js', 'index.mjs', 'index.cjs', 'index.ts', 'index/index.js']);
    assert.deepEqual(handlerCandidates('src/app.v2.handler').slice(0, 2), ['src/app.js', 'src/app.mjs']);
    assert.equal(checkHandlerFile('src/app.handler', new Set(['src/app.mjs'])).found, 'src/app.mjs');
    assert.match(checkHandlerFile('app.handler', new Set(['app.ts'])).warning ?? '', /TypeScript source/);
  });

  it('warns when the handler\'s file is not in the package', async () => {
    const root = makeTree({ 'src/index.js': '1', 'handler.js': 'h', '.lambdaignore': 'handler.js\n' });
    const { manifest } = await packageFolder(root, { thread: 'main', handler: 'handler.main' });
    assert.ok(manifest.warnings.some((w) => w.includes('"handler.main" points at handler.js') && w.includes('not in the package')));
    assert.equal(manifest.handlerFile?.found, undefined);
    const ok = await packageFolder(root, { thread: 'main', handler: 'src/index.handler' });
    assert.equal(ok.manifest.handlerFile?.found, 'src/index.js');
    assert.ok(!ok.manifest.warnings.some((w) => w.includes('handler')));
  });
});
