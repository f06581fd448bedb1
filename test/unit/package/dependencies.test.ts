import * as assert from 'node:assert/strict';
import { isPackageDir, packageKeyOf } from '../../../src/core/package/dependencies';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { cleanupTrees, makeTree, type TreeSpec } from './helpers';

const pkg = (name: string, deps: Record<string, string> = {}, extra: object = {}) => JSON.stringify({ name, version: '1.0.0', dependencies: deps, ...extra });

/**
 * app -> express -> (accepts, shared); dev: mocha -> (chokidar, shared), typescript.
 * `shared` is reachable from both, so it ships. chokidar has a nested copy of `picomatch`.
 */
function project(lockfile: object | undefined): TreeSpec {
  const tree: TreeSpec = {
    'index.js': 'require("express")',
    'package.json': JSON.stringify({ name: 'app', dependencies: { express: '^4' }, devDependencies: { mocha: '^10', typescript: '^5' } }),
    'node_modules/express/package.json': pkg('express', { accepts: '^1', shared: '^1' }),
    'node_modules/express/index.js': 'e',
    'node_modules/accepts/package.json': pkg('accepts'),
    'node_modules/accepts/index.js': 'a',
    'node_modules/shared/package.json': pkg('shared'),
    'node_modules/shared/index.js': 's',
    'node_modules/mocha/package.json': pkg('mocha', { chokidar: '^3', shared: '^1' }),
    'node_modules/mocha/bin/mocha.js': '#!/usr/bin/env node',
    'node_modules/chokidar/package.json': pkg('chokidar', { picomatch: '^2' }),
    'node_modules/chokidar/node_modules/picomatch/package.json': pkg('picomatch'),
    'node_modules/chokidar/node_modules/picomatch/index.js': 'p',
    'node_modules/typescript/package.json': pkg('typescript'),
    'node_modules/typescript/lib/tsc.js': 'big',
  };
  if (lockfile) tree['package-lock.json'] = JSON.stringify(lockfile);
  return tree;
}

const LOCK_V3 = {
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', dependencies: { express: '^4' }, devDependencies: { mocha: '^10', typescript: '^5' } },
    'node_modules/express': { version: '4.0.0' },
    'node_modules/accepts': { version: '1.0.0' },
    'node_modules/shared': { version: '1.0.0' },
    'node_modules/mocha': { version: '10.0.0', dev: true },
    'node_modules/chokidar': { version: '3.0.0', dev: true },
    'node_modules/chokidar/node_modules/picomatch': { version: '2.0.0', dev: true },
    'node_modules/typescript': { version: '5.0.0', dev: true },
  },
};

const PROD = [
  'index.js',
  'node_modules/accepts/index.js',
  'node_modules/accepts/package.json',
  'node_modules/express/index.js',
  'node_modules/express/package.json',
  'node_modules/shared/index.js',
  'node_modules/shared/package.json',
  'package-lock.json',
  'package.json',
];

describe('package: production dependencies only', () => {
  afterEach(cleanupTrees);

  it('drops packages the lockfile marks dev: true, whole folders at a time', async () => {
    const root = makeTree(project(LOCK_V3));
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), PROD);
    assert.deepEqual(
      manifest.excluded.map((e) => [e.path, e.rule]),
      [
        ['node_modules/chokidar/', 'devDependency'],
        ['node_modules/mocha/', 'devDependency'],
        ['node_modules/typescript/', 'devDependency'],
      ],
    );
  });

  it('without a lockfile, follows dependencies through node_modules resolution (nested copies too)', async () => {
    const tree = project(undefined);
    // express needs picomatch too: it resolves to the top-level copy, not chokidar's nested one.
    tree['node_modules/express/package.json'] = pkg('express', { accepts: '^1', shared: '^1', picomatch: '^2' });
    tree['node_modules/picomatch/package.json'] = pkg('picomatch');
    tree['node_modules/express/node_modules/accepts/package.json'] = pkg('accepts');
    const root = makeTree(tree);
    const { manifest } = await packageFolder(root, { thread: 'main' });
    const paths = manifest.files.map((f) => f.path);
    assert.ok(paths.includes('node_modules/picomatch/package.json'));
    assert.ok(paths.includes('node_modules/express/node_modules/accepts/package.json'), 'a nested copy under a prod package is what express loads');
    assert.ok(!paths.includes('node_modules/accepts/index.js'), 'the top-level accepts is shadowed by express\'s own copy');
    assert.ok(!paths.some((p) => p.startsWith('node_modules/mocha/') || p.startsWith('node_modules/typescript/') || p.startsWith('node_modules/chokidar/')));
  });

  it('follows optionalDependencies and peerDependencies, not devDependencies', async () => {
    const root = makeTree({
      'index.js': '1',
      'package.json': JSON.stringify({ name: 'app', dependencies: { a: '1' }, optionalDependencies: { opt: '1' }, devDependencies: { d: '1' } }),
      'node_modules/a/package.json': JSON.stringify({ name: 'a', peerDependencies: { peer: '1' }, devDependencies: { d2: '1' } }),
      'node_modules/opt/package.json': pkg('opt'),
      'node_modules/peer/package.json': pkg('peer'),
      'node_modules/d/package.json': pkg('d'),
      'node_modules/d2/package.json': pkg('d2'),
    });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(
      manifest.excluded.map((e) => e.path),
      ['node_modules/d/', 'node_modules/d2/'],
    );
  });

  it('reads lockfile v1 nested dependencies with dev flags', async () => {
    const v1 = {
      lockfileVersion: 1,
      dependencies: {
        express: { version: '4.0.0' },
        accepts: { version: '1.0.0' },
        shared: { version: '1.0.0' },
        mocha: { version: '10.0.0', dev: true },
        chokidar: { version: '3.0.0', dev: true, dependencies: { picomatch: { version: '2.0.0', dev: true } } },
        typescript: { version: '5.0.0', dev: true },
      },
    };
    const root = makeTree(project(v1));
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(manifest.files.map((f) => f.path), PROD);
  });

  it('keeps a prod package\'s bin link as content and drops a dev package\'s', async () => {
    const tree = project(LOCK_V3);
    tree['node_modules/express/bin/serve.js'] = 'serve';
    tree['node_modules/.bin/serve'] = { link: '../express/bin/serve.js' };
    tree['node_modules/.bin/mocha'] = { link: '../mocha/bin/mocha.js' };
    const root = makeTree(tree);
    const { manifest } = await packageFolder(root, { thread: 'main' });
    const paths = manifest.files.map((f) => f.path);
    assert.ok(paths.includes('node_modules/.bin/serve'));
    assert.ok(!paths.includes('node_modules/.bin/mocha'));
    assert.equal(manifest.excluded.find((e) => e.path === 'node_modules/.bin/mocha')?.rule, 'devDependency');
  });

  it('lets !node_modules/<dev package>/ in .lambdaignore force a dev package in', async () => {
    const tree = project(LOCK_V3);
    tree['.lambdaignore'] = '!node_modules/typescript/\n';
    const root = makeTree(tree);
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.ok(manifest.files.some((f) => f.path === 'node_modules/typescript/lib/tsc.js'));
  });

  it('packages node_modules as is, with a warning, when there is no package.json', async () => {
    const root = makeTree({ 'index.js': '1', 'node_modules/x/package.json': pkg('x') });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.ok(manifest.files.some((f) => f.path === 'node_modules/x/package.json'));
    assert.ok(manifest.warnings.some((w) => w.includes('no package.json')));
  });

  it('rejects a root package.json that is not JSON, naming it', async () => {
    const root = makeTree({ 'index.js': '1', 'package.json': '{ "name": ' });
    await assert.rejects(packageFolder(root, { thread: 'main' }), (e: Error & { kind?: string }) => e.kind === 'validation' && /package\.json is not valid JSON/.test(e.message));
  });

  it('recognises package folders, scoped and nested', () => {
    assert.equal(isPackageDir('node_modules/a'), true);
    assert.equal(isPackageDir('node_modules/@s'), false);
    assert.equal(isPackageDir('node_modules/@s/b'), true);
    assert.equal(isPackageDir('node_modules/.bin'), false);
    assert.equal(isPackageDir('node_modules/a/node_modules/@s/b'), true);
    assert.equal(isPackageDir('node_modules'), false);
    assert.equal(isPackageDir('src/@s/b'), false);
    assert.equal(isPackageDir('@s/b'), false);
    assert.equal(isPackageDir('node_modules/a/lib'), false);
    assert.equal(isPackageDir('x_node_modules/@s/b'), false);
    assert.equal(isPackageDir('app/node_modules/@s/b'), true);
    assert.equal(packageKeyOf('node_modules/a/node_modules/@s/b/lib/x.js'), 'node_modules/a/node_modules/@s/b');
    assert.equal(packageKeyOf('src/x.js'), undefined);
  });
});
