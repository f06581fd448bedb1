/**
 * The build step of the packager (esbuild): when it runs, the target per runtime, externals,
 * native addons, the Handler remap, determinism, source maps and the bad-input errors.
 */
import * as assert from 'node:assert/strict';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { planBuild, targetForRuntime } from '../../../src/core/package/buildPlan';
import { applyBuildSettings } from '../../../src/core/deploy/buildSettings';
import { DEFAULTS } from '../../../src/core/config/validationRules';
import { isWorkbenchError, type WorkbenchError } from '../../../src/core/errors';
import type { PackageOptions } from '../../../src/core/package/types';
import { formatPackagePreview } from '../../../src/vscode/deploy/packagePreview';
import { cleanupTrees, makeTree, readZip } from './helpers';

const pkg = (root: string, options: PackageOptions) => packageFolder(root, { thread: 'main', ...options });
const text = async (zip: Buffer, name: string) => (await readZip(zip)).find((e) => e.name === name)?.content.toString('utf8');

async function rejects(p: Promise<unknown>, match: RegExp): Promise<WorkbenchError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isWorkbenchError(e), `a WorkbenchError, got ${String(e)}`);
    assert.match(e.message, match);
    return e;
  }
  assert.fail(`expected a rejection matching ${match}`);
}

/** An ELF header for a shared object built for the given machine (0x3e x86_64, 0xb7 aarch64). */
function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b.writeUInt16LE(3, 16); // ET_DYN
  b.writeUInt16LE(machine, 18);
  return b;
}

const TS_APP = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'esm-dep': '1.0.0' }, devDependencies: { 'dev-tool': '1.0.0' } }),
  'src/app.ts': "import { shout } from 'esm-dep';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async (e: { name: string }): Promise<string> => shout(e.name) + typeof S3Client;\n",
  'node_modules/esm-dep/package.json': JSON.stringify({ name: 'esm-dep', version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } } }),
  'node_modules/esm-dep/index.js': 'export const shout = (s) => s.toUpperCase();\n',
  'node_modules/@aws-sdk/client-s3/package.json': JSON.stringify({ name: '@aws-sdk/client-s3', version: '3.0.0', main: 'index.js' }),
  'node_modules/@aws-sdk/client-s3/index.js': 'exports.S3Client = class {};\n',
  'node_modules/dev-tool/package.json': JSON.stringify({ name: 'dev-tool', version: '1.0.0' }),
  'node_modules/dev-tool/index.js': '',
  'README.md': '# not shipped\n',
};

describe('package build (esbuild)', () => {
  afterEach(cleanupTrees);

  describe('when it runs', () => {
    it('builds a TypeScript handler by default, and remaps the Handler to the built file', async () => {
      const root = makeTree(TS_APP);
      const { zip, manifest } = await pkg(root, { handler: 'src/app.handler', runtime: 'nodejs22.x' });
      assert.equal(manifest.build?.reason, 'typescript');
      assert.equal(manifest.handler, 'app.handler');
      assert.equal(manifest.build?.sourceHandler, 'src/app.handler');
      // The output only: no sources, no README, no node_modules (esm-dep is bundled, the SDK is the runtime's).
      assert.deepEqual(manifest.files.map((f) => f.path), ['app.js']);
      const js = (await text(zip, 'app.js'))!;
      assert.match(js, /toUpperCase/, 'the ES-module-only dependency is bundled');
      assert.match(js, /require\("@aws-sdk\/client-s3"\)/, '@aws-sdk/* stays a require() the runtime satisfies');
      assert.equal(manifest.handlerFile?.found, 'app.js');
      assert.deepEqual(manifest.warnings, []);
    });

    it('leaves JavaScript alone unless Build asks, and never builds with "Build": false', async () => {
      const js = makeTree({ 'index.js': 'exports.handler = async () => 1;\n' });
      assert.equal((await pkg(js, { handler: 'index.handler' })).manifest.build, undefined);
      const built = await pkg(js, { handler: 'index.handler', build: true });
      assert.equal(built.manifest.build?.reason, 'setting');
      assert.equal(built.manifest.handler, 'index.handler');
      const ts = makeTree({ 'src/app.ts': 'export const handler = async () => 1;\n' });
      const raw = await pkg(ts, { handler: 'src/app.handler', build: false });
      assert.equal(raw.manifest.build, undefined);
      assert.deepEqual(raw.manifest.files.map((f) => f.path), ['src/app.ts']);
      assert.equal(raw.manifest.handler, 'src/app.handler');
      assert.ok(raw.manifest.warnings.some((w) => /TypeScript source/.test(w)), 'the unbuilt .ts handler is warned about');
    });

    it('does not build a handler whose compiled .js exists next to its source', async () => {
      const root = makeTree({ 'src/app.ts': 'export const handler = 1;\n', 'src/app.js': 'exports.handler = async () => 1;\n' });
      assert.equal(planBuild(root, { handler: 'src/app.handler' }), undefined);
    });
  });

  describe('preview', () => {
    it('shows the built files, the bundle size, the remapped Handler and what stayed external and why', async () => {
      const { manifest } = await pkg(makeTree(TS_APP), { handler: 'src/app.handler', runtime: 'nodejs22.x' });
      const md = formatPackagePreview(manifest, 'app');
      assert.match(md, /## Build \(esbuild\)/);
      assert.match(md, /`src\/app\.ts` → `app\.js`/);
      assert.match(md, /Bundle: \*\*[\d.]+ (B|KB)\*\* of JavaScript \(target node22, cjs\)/);
      assert.match(md, /Handler: \*\*`app\.handler`\*\* \(the binding's `src\/app\.handler`/);
      assert.match(md, /\| @aws-sdk\/client-s3 \| provided by the Lambda runtime \(AWS SDK v3\): not shipped \|/);
    });
  });

  describe('target', () => {
    it('follows the Runtime, and Target overrides it', async () => {
      assert.equal(targetForRuntime('nodejs20.x'), 'node20');
      assert.equal(targetForRuntime('nodejs22.x'), 'node22');
      assert.equal(targetForRuntime('nodejs24.x'), 'node24');
      assert.equal(targetForRuntime(undefined), targetForRuntime(DEFAULTS.runtime), 'no Runtime: the default runtime\'s');
      const root = makeTree({ 'app.ts': 'export const handler = async (o?: { a?: { b?: number } }) => o?.a?.b ?? 0;\n' });
      const modern = await pkg(root, { handler: 'app.handler', runtime: 'nodejs24.x' });
      assert.equal(modern.manifest.build?.target, 'node24');
      assert.match((await text(modern.zip, 'app.js'))!, /\?\.a\?\.b \?\? 0/, 'node24 keeps optional chaining');
      const old = await pkg(root, { handler: 'app.handler', runtime: 'nodejs24.x', build: { Target: 'es2019' } });
      assert.equal(old.manifest.build?.target, 'es2019');
      assert.doesNotMatch((await text(old.zip, 'app.js'))!, /\?\./, 'es2019 has no optional chaining: it is lowered');
    });
  });

  describe('externals', () => {
    it('reports what stayed external and why; External adds packages that ship with their production dependencies', async () => {
      const root = makeTree({
        ...TS_APP,
        'src/app.ts': "import { shout } from 'esm-dep';\nimport { S3Client } from '@aws-sdk/client-s3';\nimport pg from 'pg';\nexport const handler = async () => shout(String(pg)) + typeof S3Client;\n",
        'node_modules/pg/package.json': JSON.stringify({ name: 'pg', version: '8.0.0', main: 'index.js', dependencies: { 'pg-types': '1.0.0' } }),
        'node_modules/pg/index.js': "module.exports = require('pg-types');\n",
        'node_modules/pg-types/package.json': JSON.stringify({ name: 'pg-types', version: '1.0.0' }),
        'node_modules/pg-types/index.js': "module.exports = 'types';\n",
        'node_modules/pg-types/.env': 'SECRET=1\n',
      });
      const { manifest } = await pkg(root, { handler: 'src/app.handler', build: { External: ['pg'] } });
      assert.deepEqual(
        manifest.build?.externals.map((e) => [e.name, e.reason, e.shipped]),
        [
          ['@aws-sdk/client-s3', 'runtime-provided', false],
          ['pg', 'setting', true],
        ],
      );
      assert.deepEqual(manifest.files.map((f) => f.path), ['app.js', 'node_modules/pg-types/index.js', 'node_modules/pg-types/package.json', 'node_modules/pg/index.js', 'node_modules/pg/package.json']);
      // Shipped packages go through the same secret rules as any package.
      assert.deepEqual(manifest.secretsExcluded, ['node_modules/pg-types/.env']);
    });

    it('refuses an External that is imported but not installed, before anything is uploaded', async () => {
      const root = makeTree({ 'app.ts': "import x from 'not-installed';\nexport const handler = async () => x;\n" });
      const e = await rejects(pkg(root, { handler: 'app.handler', build: { External: ['not-installed'] } }), /not-installed is imported .* not installed/);
      assert.equal(e.options.path, '$.Build.External');
    });
  });

  describe('native addons', () => {
    const nativeTree = (machine: number) => ({
      'package.json': JSON.stringify({ name: 'app', dependencies: { addon: '1.0.0' } }),
      'app.ts': "import addon from 'addon';\nexport const handler = async () => addon.hello();\n",
      'node_modules/addon/package.json': JSON.stringify({ name: 'addon', version: '1.0.0', main: 'index.js', dependencies: { 'bindings-helper': '1.0.0' } }),
      'node_modules/addon/index.js': "module.exports = require('bindings-helper')('addon');\n",
      'node_modules/addon/build/Release/addon.node': elf(machine),
      'node_modules/bindings-helper/package.json': JSON.stringify({ name: 'bindings-helper', version: '1.0.0' }),
      'node_modules/bindings-helper/index.js': 'module.exports = (n) => require(`../${n}/build/Release/${n}.node`);\n',
    });

    it('keeps packages with .node files external and ships them with their dependencies', async () => {
      const root = makeTree(nativeTree(0x3e));
      const { manifest } = await pkg(root, { handler: 'app.handler', architecture: 'x86_64' });
      assert.deepEqual(manifest.build?.externals.map((e) => [e.name, e.reason, e.shipped, e.key]), [['addon', 'native', true, 'node_modules/addon']]);
      assert.ok(manifest.files.some((f) => f.path === 'node_modules/addon/build/Release/addon.node'));
      assert.ok(manifest.files.some((f) => f.path === 'node_modules/bindings-helper/index.js'), 'its production dependency ships too');
      assert.deepEqual(manifest.warnings, [], 'an x86_64 Linux addon fits an x86_64 function');
    });

    it('warns when an addon was built for another CPU or OS than the function', async () => {
      const arm = await pkg(makeTree(nativeTree(0x3e)), { handler: 'app.handler', architecture: 'arm64' });
      assert.ok(arm.manifest.warnings.some((w) => /addon\.node is a native addon built for Linux x86_64, but the function runs on Linux arm64/.test(w)), arm.manifest.warnings.join('\n'));
      const mac = makeTree(nativeTree(0x3e));
      const macho = Buffer.alloc(32);
      macho.writeUInt32BE(0xcffaedfe, 0);
      makeTree({ 'node_modules/addon/build/Release/addon.node': macho }, mac);
      const r = await pkg(mac, { handler: 'app.handler' });
      assert.ok(r.manifest.warnings.some((w) => /built for macOS, but the function runs on Linux x86_64/.test(w)), r.manifest.warnings.join('\n'));
    });
  });

  describe('determinism', () => {
    it('gives the same bytes (and CodeSha256) for the same sources, in the worker and on this thread', async () => {
      const a = makeTree({ ...TS_APP, 'src/util.ts': 'export const n = 1;\n' });
      const b = makeTree({ ...TS_APP, 'src/util.ts': 'export const n = 1;\n' });
      const options = { handler: 'src/app.handler', runtime: 'nodejs22.x', build: { Sourcemap: true } };
      const one = await pkg(a, options);
      const two = await pkg(b, options);
      const three = await packageFolder(a, options);
      assert.ok(one.zip.equals(two.zip), 'two folders with the same sources');
      assert.ok(one.zip.equals(three.zip), 'worker thread and calling thread');
      assert.equal(one.manifest.codeSha256, two.manifest.codeSha256);
      const changed = await pkg(makeTree({ ...TS_APP, 'src/app.ts': TS_APP['src/app.ts'] + 'export const edited = 1;\n' }), options);
      assert.notEqual(changed.manifest.codeSha256, one.manifest.codeSha256);
    });
  });

  describe('source maps', () => {
    it('ships the map beside the output, with sources relative to the zip root and no absolute paths', async () => {
      const root = makeTree(TS_APP);
      const { zip, manifest } = await pkg(root, { handler: 'src/app.handler', build: { Sourcemap: true } });
      assert.deepEqual(manifest.files.map((f) => f.path), ['app.js', 'app.js.map']);
      assert.match((await text(zip, 'app.js'))!, /\/\/# sourceMappingURL=app\.js\.map\s*$/);
      const map = JSON.parse((await text(zip, 'app.js.map'))!) as { sources: string[]; sourcesContent?: unknown };
      assert.ok(map.sources.includes('src/app.ts'), map.sources.join(', '));
      assert.equal(map.sourcesContent, undefined, 'mappings only: the runtime needs no source text');
      assert.ok(!zip.includes(Buffer.from(root)), 'no absolute path of this machine in the package');
      assert.equal(manifest.build?.bundleBytes, manifest.files.find((f) => f.path === 'app.js')!.size);
    });

    it('sets NODE_OPTIONS=--enable-source-maps on deploy unless the user set NODE_OPTIONS, and says so', async () => {
      const { manifest } = await pkg(makeTree(TS_APP), { handler: 'src/app.handler', build: { Sourcemap: true } });
      const fresh: { Handler?: string; Environment?: { Variables?: Record<string, string> } } = { Handler: 'src/app.handler', Environment: { Variables: { A: '1' } } };
      const notes = applyBuildSettings(fresh, manifest, undefined);
      assert.equal(fresh.Handler, 'app.handler');
      assert.deepEqual(fresh.Environment?.Variables, { A: '1', NODE_OPTIONS: '--enable-source-maps' });
      assert.ok(notes.some((n) => /NODE_OPTIONS=--enable-source-maps is set/.test(n)));
      assert.ok(notes.some((n) => /Handler is set to app\.handler/.test(n)));
      const own = { Handler: 'src/app.handler', Environment: { Variables: { NODE_OPTIONS: '--max-old-space-size=100' } } };
      const ownNotes = applyBuildSettings(own, manifest, undefined);
      assert.deepEqual(own.Environment.Variables, { NODE_OPTIONS: '--max-old-space-size=100' });
      assert.ok(ownNotes.some((n) => /NODE_OPTIONS is already set .* was not added/.test(n)));
      // The binding leaves Environment alone: the deployed variables are kept, NODE_OPTIONS added.
      const unmanaged: { Handler: string; Environment?: { Variables?: Record<string, string> } } = { Handler: 'src/app.handler' };
      applyBuildSettings(unmanaged, manifest, { Handler: 'app.handler', Environment: { Variables: { KEEP: 'me' } } });
      assert.deepEqual(unmanaged.Environment?.Variables, { KEEP: 'me', NODE_OPTIONS: '--enable-source-maps' });
    });
  });

  describe('bad input', () => {
    it('reports build errors with file, line and column, and builds nothing', async () => {
      const root = makeTree({ 'src/app.ts': 'export const handler = async () => {\n  return {;\n};\n' });
      const e = await rejects(pkg(root, { handler: 'src/app.handler' }), /The build failed: src\/app\.ts:2:\d+: .*Nothing was uploaded/);
      assert.equal(e.code, 'BuildFailed');
      const diags = e.options.details?.diagnostics as Array<{ file: string; line: number; column: number; severity: string }>;
      assert.equal(diags[0].severity, 'error');
      assert.equal(diags[0].line, 2);
      assert.ok(diags[0].file.endsWith('src/app.ts'));
    });

    it('rejects settings esbuild or the runtime cannot use', async () => {
      const root = makeTree({ 'package.json': '{"name":"a"}', 'src/app.ts': 'export const handler = async () => 1;\n' });
      await rejects(pkg(root, { handler: 'src/app.handler', build: { Target: 'node99000x' } }), /esbuild rejected|build failed/i);
      await rejects(pkg(root, { handler: 'src/app.handler', build: { EntryPoints: ['src/missing.ts'] } }), /EntryPoints\[0\] names src\/missing\.ts, which does not exist/);
      await rejects(pkg(root, { handler: 'src/app.handler', build: { EntryPoints: ['../outside.ts'] } }), /must be a file inside the code root/);
      await rejects(pkg(root, { handler: 'src/app.handler', build: { Format: 'esm' } }), /"esm" does not fit this package/);
      await rejects(pkg(root, { handler: 'src/app.handler', build: { Format: 'cjs', OutExtension: ['.js=.mjs'] } }), /"cjs" does not fit OutExtension/);
      await rejects(pkg(root, { handler: 'src/app.handler', build: { OutExtension: ['.js=.ts'] } }), /OutExtension\[0\] must map \.js to \.js, \.mjs or \.cjs/);
      await rejects(pkg(root, { handler: 'src/app.handler', build: { Loader: ['.png=picture'] } }), /Loader\[0\] must name one of esbuild's loaders/);
      const esm = makeTree({ 'package.json': '{"type":"module"}', 'app.ts': 'export const handler = async () => 1;\n' });
      await rejects(pkg(esm, { handler: 'app.handler', build: { Format: 'cjs' } }), /"cjs" does not fit this package: its package.json says "type": "module"/);
    });

    it('builds ES modules for "type": "module" packages, with a package.json that says so', async () => {
      const root = makeTree({ 'package.json': '{"type":"module","name":"x","devDependencies":{"a":"1"}}', 'app.ts': 'const v = await Promise.resolve(2);\nexport const handler = async () => v;\n' });
      const { zip, manifest } = await pkg(root, { handler: 'app.handler' });
      assert.equal(manifest.build?.format, 'esm');
      assert.deepEqual(manifest.files.map((f) => f.path), ['app.js', 'package.json']);
      assert.deepEqual(JSON.parse((await text(zip, 'package.json'))!), { type: 'module' });
      const mjs = await pkg(makeTree({ 'app.ts': 'export const handler = async () => 1;\n' }), { handler: 'app.handler', build: { OutExtension: ['.js=.mjs'] } });
      assert.deepEqual(mjs.manifest.files.map((f) => f.path), ['app.mjs']);
      assert.equal(mjs.manifest.build?.format, 'esm');
    });
  });
});
