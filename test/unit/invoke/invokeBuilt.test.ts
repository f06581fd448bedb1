/**
 * `lambda-workbench invoke --built`: runs the package exactly as deploy builds it (unzipped into a
 * temporary task root), not the sources: the built Handler, the Build section's effects, the
 * variables deploy sets, and build errors before anything runs. Without the flag, the sources run.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, type CliRun } from '../../support/cli';

const repo = path.resolve(__dirname, '../../../..');

const cli = (args: string[]): Promise<CliRun> => runCli(['invoke', ...args]);

describe('lambda-workbench invoke --built', function () {
  this.timeout(60000);
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(path.join(tmpdir(), 'lw-invoke-built-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('runs the TypeScript example from its esbuild bundle under the remapped Handler, and cleans up', async () => {
    const folder = path.join(repo, 'examples/greeter-ts');
    const events = path.join(folder, '.lambda/events/greeter-ts');
    const r = await cli([folder, '--built', '--event', path.join(events, 'french.json'), '--event', path.join(events, 'unsupported-language.json')]);
    assert.equal(r.code, 1, r.stderr);
    const [ok, failed] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(ok, { greeting: 'Bonjour, Marie!', language: 'fr', functionName: 'greeter-ts' });
    assert.match(r.stderr, /^as deployed: built with esbuild \(node22, cjs\), \d+ file\(s\) in the package; Handler greeter\.handler \(built from src\/greeter\.handler\)$/m);
    // The error's stack points into the built greeter.js of the unzipped package, not the .ts source.
    const trace = (failed.trace as string[]).join('\n');
    assert.equal(failed.errorType, 'RangeError');
    const at = /(\/\S*lw-as-deployed-[^/]+)\/greeter\.js:\d+/.exec(trace);
    assert.ok(at, trace);
    assert.doesNotMatch(trace, /greeter\.ts/);
    assert.equal(existsSync(at[1]), false, 'the unzipped package is removed');

    const sources = await cli([folder, '--event', path.join(events, 'unsupported-language.json')]);
    assert.match((JSON.parse(sources.stdout) as { trace: string[] }).trace.join('\n'), /src\/greeter\.ts/, 'without --built the sources run');
    assert.doesNotMatch(sources.stderr, /as deployed/);
  });

  it('with --inspect, the build has source maps naming the source files, for the debugger (and the stack maps to them)', async () => {
    const folder = path.join(repo, 'examples/greeter-ts');
    const events = path.join(folder, '.lambda/events/greeter-ts');
    const r = await cli([folder, '--built', '--inspect', '--event', path.join(events, 'unsupported-language.json')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^as deployed: with source maps naming your source files, for the debugger$/m);
    const failed = JSON.parse(r.stdout.trim()) as { trace: string[] };
    // NODE_OPTIONS=--enable-source-maps comes with the maps, so the stack names the .ts file itself.
    assert.ok(failed.trace.join('\n').includes(path.join(folder, 'src', 'greeter.ts')), failed.trace.join('\n'));
  });

  it('applies the Build section (Banner) and the variables deploy sets (NODE_OPTIONS for Sourcemap), which the sources run does not', async () => {
    writeFileSync(path.join(ws, 'index.js'), 'exports.handler = async () => ({ built: globalThis.__built === true, nodeOptions: process.env.NODE_OPTIONS ?? null });\n');
    writeFileSync(path.join(ws, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'banner', Handler: 'index.handler', Runtime: 'nodejs22.x', Build: { Banner: 'globalThis.__built = true;', Sourcemap: true } }));
    const built = await cli([ws, '--built']);
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(JSON.parse(built.stdout), { built: true, nodeOptions: '--enable-source-maps' });
    assert.match(built.stderr, /^as deployed: NODE_OPTIONS=--enable-source-maps, as deploy sets it for source maps$/m);
    const sources = await cli([ws]);
    assert.equal(sources.code, 0, sources.stderr);
    assert.deepEqual(JSON.parse(sources.stdout), { built: false, nodeOptions: null });
  });

  it('a build error stops it before anything runs (exit 2, esbuild\'s messages on stderr)', async () => {
    mkdirSync(path.join(ws, 'src'));
    writeFileSync(path.join(ws, 'src', 'app.ts'), 'import { missing } from "./nope";\nexport const handler = async () => missing;\n');
    writeFileSync(path.join(ws, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'broken', Handler: 'src/app.handler', Runtime: 'nodejs22.x' }));
    const r = await cli([ws, '--built']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /The build failed: src\/app\.ts:1:25: Could not resolve "\.\/nope"/);
    assert.doesNotMatch(r.stderr, /START RequestId/);
    assert.equal(r.stdout, '');
  });
});
