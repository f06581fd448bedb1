import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanupTrees, makeTree, tempDir } from './helpers';

const CLI = resolve(__dirname, '..', '..', '..', 'src', 'cli.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('lambda-workbench package', () => {
  afterEach(cleanupTrees);

  it('--json prints the manifest and --out writes the zip whose sha it names', () => {
    const root = makeTree({ 'index.js': 'exports.handler = 1;', '.env': 'X=1', 'node_modules/.package-lock.json': '{}' });
    const out = join(tempDir(), 'nested', 'fn.zip');
    const r = cli('package', root, '--json', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout) as { codeSha256: string; zipBytes: number; unzippedBytes: number; files: Array<{ path: string }>; excluded: Array<{ path: string; rule: string }>; out: string };
    const zip = readFileSync(out);
    assert.equal(m.codeSha256, createHash('sha256').update(zip).digest('base64'));
    assert.equal(m.zipBytes, zip.length);
    assert.equal(m.unzippedBytes, 'exports.handler = 1;'.length);
    assert.deepEqual(m.files.map((f) => f.path), ['index.js']);
    assert.deepEqual(m.excluded.map((e) => [e.path, e.rule]), [['.env', 'secret'], ['node_modules/.package-lock.json', 'default']]);
    assert.equal(m.out, out);
  });

  it('--include-secrets keeps them; the human summary names counts and the sha', () => {
    const root = makeTree({ 'index.js': '1', '.env': 'X=1' });
    const r = cli('package', root, '--include-secrets');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^2 files, 4 B unzipped/);
    assert.match(r.stdout, /CodeSha256 [A-Za-z0-9+/]{43}=/);
  });

  it('packages the binding file\'s CodeRoot and checks its Handler', () => {
    const root = makeTree({ 'lambda-workbench.json': JSON.stringify({ FunctionName: 'f', CodeRoot: 'dist', Handler: 'main.handler' }), 'dist/index.js': '1', 'src/index.ts': 'x' });
    const r = cli('package', root, '--json');
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout) as { root: string; files: Array<{ path: string }>; warnings: string[] };
    assert.deepEqual(m.files.map((f) => f.path), ['index.js']);
    assert.ok(m.warnings.some((w) => w.includes('main.handler')));
  });

  it('exits 2 on a missing folder or a bad binding file, and on unknown flags', () => {
    const missing = cli('package', join(tempDir(), 'nope'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /does not exist/);
    const bad = makeTree({ 'index.js': '1', 'lambda-workbench.json': '{"CodeRoot": 5}' });
    const r = cli('package', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\$\.CodeRoot must be a string/);
    assert.equal(cli('package', bad, '--bogus').status, 2);
  });
});
