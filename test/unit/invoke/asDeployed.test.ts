/**
 * The package run as deployed, for a debugger (Debug Locally with invoke.asDeployed): the build
 * writes source maps even when Build does not ask for them, and their sources name the function's
 * own files, so breakpoints set there bind to the bundle. Without a debugger, the package is what
 * deploy builds (no maps unless asked for, and maps as deploy writes them).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareAsDeployed, type AsDeployed } from '../../../src/core/invoke/asDeployed';
import { resolveLocalConfig } from '../../../src/core/invoke/localConfig';
import { cleanupTrees, makeTree } from '../package/helpers';

const TS = {
  'src/app.ts': 'import { double } from "./lib/math";\nexport const handler = async (e: { n: number }) => ({ doubled: double(e.n) });\n',
  'src/lib/math.ts': 'export function double(n: number): number {\n  return n * 2;\n}\n',
};

describe('invoke as deployed: source maps for a debugger', function () {
  this.timeout(60_000);
  const made: AsDeployed[] = [];
  afterEach(async () => {
    for (const b of made.splice(0)) await b.dispose();
    cleanupTrees();
  });

  async function prepare(spec: Record<string, string>, sourceMaps: boolean): Promise<{ built: AsDeployed; source: string }> {
    const source = makeTree(spec);
    const { config } = await resolveLocalConfig({ folder: source, overrides: { handler: 'src/app.handler' } });
    const built = await prepareAsDeployed(source, config, { sourceMaps });
    made.push(built);
    return { built, source };
  }

  it('writes maps whose sources are the function\'s own files, even when Build does not ask for maps', async () => {
    const { built, source } = await prepare(TS, true);
    const dir = built.config.codeDir;
    const mapFile = built.manifest.build?.outputs.find((o) => o.path.endsWith('.map'))?.path;
    assert.ok(mapFile, `a map among ${JSON.stringify(built.manifest.build?.outputs)}`);
    const map = JSON.parse(readFileSync(join(dir, mapFile), 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: string[] };
    assert.deepEqual(map.sources.sort(), [pathToFileURL(join(source, 'src', 'app.ts')).href, pathToFileURL(join(source, 'src', 'lib', 'math.ts')).href].sort());
    assert.equal(map.sourceRoot, undefined);
    // With the sources' text, for a debugger that cannot read the files (Chrome DevTools).
    assert.ok(map.sourcesContent?.some((t) => t.includes('export function double')), 'the maps carry the sources');
    await built.dispose();
    assert.ok(!existsSync(dir), 'dispose removes the unzipped package');
  });

  it('without a debugger, the package is what deploy builds: no maps unless Build asks, and maps as deploy writes them', async () => {
    const { built: plain } = await prepare(TS, false);
    assert.ok(!plain.manifest.build?.outputs.some((o) => o.path.endsWith('.map')));
    const { built: asked } = await prepare({ ...TS, 'lambda-workbench.json': JSON.stringify({ Handler: 'src/app.handler', Build: { Sourcemap: true } }) }, false);
    const mapFile = asked.manifest.build?.outputs.find((o) => o.path.endsWith('.map'))?.path ?? '';
    const map = JSON.parse(readFileSync(join(asked.config.codeDir, mapFile), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    assert.ok(map.sources.every((s) => !s.startsWith('file:')), `relative, as deployed: ${map.sources.join(', ')}`);
    assert.equal(map.sourcesContent, undefined, 'a deploy\'s maps hold mappings only');
  });
});
