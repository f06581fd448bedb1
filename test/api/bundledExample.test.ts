/**
 * examples/slugs-ts proves bundling: a TypeScript handler whose npm dependency ships only as an ES
 * module. The deploy engine packages it into one bundle (no node_modules in the zip), the local
 * Lambda API server runs that zip under the remapped Handler, and local invoke gives the same
 * result from the sources and from the built package (`invoke --built`).
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { GetFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import JSZip from 'jszip';
import { ClientFactory, createLambdaService } from '../../src/core/aws';
import { deploy } from '../../src/core/deploy/deploy';
import { resolveDeployTarget } from '../../src/core/deploy/target';
import { packageFolder } from '../../src/core/package/packageFolder';
import { createLocalInvoker } from '../../src/core/invoke';
import { startHarness, type Harness } from './emulatorHarness';
import { runCli, type CliRun } from '../support/cli';

const repo = resolve(__dirname, '../../..');
const example = join(repo, 'examples/slugs-ts');
const GERMAN = '{ "title": "Größe & Gewicht: über 10 € sparen!" }';
const EXPECTED = { slug: 'groesse-and-gewicht-ueber-10-e-sparen', words: 7 };

const cli = (args: string[]): Promise<CliRun> => runCli(args);

describe('bundling: the slugs-ts example (TypeScript + an ES-module-only npm dependency)', function () {
  this.timeout(60000);
  let h: Harness;
  before(async () => (h = await startHarness({ invoker: createLocalInvoker() })));
  after(async () => h.close());

  it('packages into one bundle, with no node_modules and no sources', async () => {
    const target = await resolveDeployTarget({ folder: example });
    const { zip, manifest } = await packageFolder(target.codeRoot, target.packageOptions);
    const names = Object.keys((await JSZip.loadAsync(zip)).files).sort();
    assert.deepEqual(names, ['package.json', 'slugs.js', 'slugs.js.map']);
    assert.equal(manifest.build?.handler, 'slugs.handler');
    assert.deepEqual(manifest.build?.externals, [], 'the dependency is inside the bundle');
    const bundle = await (await JSZip.loadAsync(zip)).file('slugs.js')!.async('string');
    assert.match(bundle, /node_modules\/@sindresorhus\/transliterate/, 'the dependency tree is bundled (esbuild names its sources)');
    assert.doesNotMatch(bundle, /from\s*["']@sindresorhus\//, 'no import of the package is left');
  });

  it('deploys through the engine to the local Lambda API server and invokes there', async () => {
    const factory = new ClientFactory({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    const service = createLambdaService({ endpoint: h.emulator.url }, factory);
    // A copy: a deploy records what it deployed in the folder (.lambda/deploy-state.json).
    const copy = join(mkdtempSync(join(tmpdir(), 'lw-slugs-')), 'slugs-ts');
    cpSync(example, copy, { recursive: true });
    after(() => rmSync(dirname(copy), { recursive: true, force: true }));
    const result = await deploy(service, { folder: copy }, { waitIntervalMs: 10 });
    assert.equal(result.action, 'created');
    const lambda = h.client('us-east-1');
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'slugs-ts' }));
    assert.equal(fn.Configuration?.Handler, 'slugs.handler');
    assert.equal(fn.Configuration?.Environment?.Variables?.NODE_OPTIONS, '--enable-source-maps');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'slugs-ts', Payload: Buffer.from(GERMAN) }));
    const body = Buffer.from(out.Payload ?? []).toString();
    assert.equal(out.FunctionError, undefined, body);
    assert.deepEqual(JSON.parse(body), EXPECTED);
  });

  it('invokes locally the same, from the sources and from the built package', async () => {
    const event = join(example, '.lambda/events/slugs-ts/german.json');
    const sources = await cli(['invoke', example, '--event', event]);
    assert.equal(sources.code, 0, sources.stderr);
    assert.deepEqual(JSON.parse(sources.stdout), EXPECTED);
    const built = await cli(['invoke', example, '--event', event, '--built']);
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(JSON.parse(built.stdout), EXPECTED);
    assert.match(built.stderr, /as deployed: built with esbuild \(node22, esm\), 3 file\(s\) in the package; Handler slugs\.handler/);
  });
});
