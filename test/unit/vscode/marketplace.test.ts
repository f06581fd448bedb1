/**
 * The manifest is Marketplace-ready and its platform claims are true: the icon is a real 128×128
 * PNG, the links and banner exist, the categories claim nothing the code lacks, the VS Code floor is
 * the version the suite runs, and every AWS SDK package installed accepts that VS Code's Node.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

// Compiled to out/test/unit/vscode: the repo root is four levels up.
const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The Node.js major version of the oldest supported VS Code's extension host (VS Code 1.96: Electron 32, Node 20). */
const OLDEST_HOST_NODE = 20;

/** Smallest x such that `x.0.0` satisfies a simple engines range (`>=a.b`, `^a`, `>=a || >=b` take the lowest). */
function lowestMajor(range: string): number {
  const majors = [...range.matchAll(/(\d+)(?:\.\d+)*/g)].map((m) => Number(m[1]));
  return Math.min(...majors);
}

describe('Marketplace manifest', () => {
  it('has a 128×128 PNG icon', () => {
    const png = readFileSync(path.join(root, pkg.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
  });

  it('names its publisher, repository, bug tracker, homepage and gallery banner', () => {
    assert.match(pkg.publisher, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(pkg.repository.url, /^https:\/\//);
    assert.match(pkg.bugs.url, /^https:\/\//);
    assert.match(pkg.homepage, /^https:\/\//);
    assert.match(pkg.galleryBanner.color, /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
  });

  it('runs where the workspace is, and says what untrusted and virtual workspaces get', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('claims the Debuggers category only when it contributes a debugger', () => {
    const debuggers = pkg.contributes.debuggers ?? [];
    assert.equal(pkg.categories.includes('Debuggers'), debuggers.length > 0);
  });

  it('claims the VS Code version the suite runs (code-server 4.96.4 = VS Code 1.96)', () => {
    assert.equal(pkg.engines.vscode, '^1.96.0');
    const types = JSON.parse(readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version;
    const [maj, min] = types.split('.').map(Number);
    assert.ok(maj === 1 && min <= 96, `@types/vscode ${types} must not be newer than the floor`);
  });

  it('keeps every installed AWS SDK and Smithy package on releases that run on the oldest host Node', () => {
    const tooNew: string[] = [];
    for (const scope of ['@aws-sdk', '@smithy']) {
      const dir = path.join(root, 'node_modules', scope);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        const manifest = path.join(dir, name, 'package.json');
        if (!existsSync(manifest)) continue;
        const engines = JSON.parse(readFileSync(manifest, 'utf8')).engines?.node as string | undefined;
        if (engines && lowestMajor(engines) > OLDEST_HOST_NODE) tooNew.push(`${scope}/${name} (engines.node ${engines})`);
      }
    }
    assert.deepEqual(tooNew, [], 'these need a newer Node than VS Code 1.96 runs extensions on: see docs/platforms.md before upgrading');
  });

  it('declares which dependencies may run install scripts (npm 11 allowScripts)', () => {
    assert.equal(pkg.allowScripts.esbuild, true);
    assert.ok('@vscode/vsce-sign' in pkg.allowScripts);
  });
});
