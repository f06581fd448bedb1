import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { packageFolder } from '../../../src/core/package/packageFolder';
import { buildRules, DEFAULT_RULES, literalScreen } from '../../../src/core/package/rules';
import type { PackageManifest } from '../../../src/core/package/types';
import { cleanupTrees, makeTree, names, readZip } from './helpers';

function ruleOf(m: PackageManifest, path: string): string | undefined {
  return m.excluded.find((e) => e.path === path)?.rule;
}

describe('package: ignore rules and defaults', () => {
  afterEach(cleanupTrees);

  it('leaves out VCS, editor, OS litter, root build zips and its own files, and says which rule did it', async () => {
    const root = makeTree({
      'index.js': 'exports.handler = async () => 1;',
      '.git/HEAD': 'ref: refs/heads/main',
      '.vscode/settings.json': '{}',
      '.lambda/events/fn/ping.json': '{}',
      '.DS_Store': 'x',
      'lib/.DS_Store': 'x',
      'lib/Thumbs.db': 'x',
      'lib/util.js': 'module.exports = 1;',
      'function.zip': 'PK old build',
      'data/fixture.zip': 'PK needed at run time',
      'lambda-workbench.json': '{"FunctionName":"f"}',
      '.lambdaignore': '# nothing\n',
    });
    const { zip, manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(
      manifest.files.map((f) => f.path),
      ['data/fixture.zip', 'index.js', 'lib/util.js'],
    );
    for (const p of ['.git/', '.vscode/', '.lambda/', '.DS_Store', 'lib/.DS_Store', 'lib/Thumbs.db', 'function.zip', 'lambda-workbench.json', '.lambdaignore']) {
      assert.equal(ruleOf(manifest, p), 'default', p);
    }
    assert.deepEqual(names(await readZip(zip)), ['data/', 'data/fixture.zip', 'index.js', 'lib/', 'lib/util.js']);
  });

  it('applies .lambdaignore in gitignore syntax and reports the line that matched', async () => {
    const root = makeTree({
      'index.js': '1',
      'README.md': 'docs',
      'src/a.js': 'a',
      'src/a.test.js': 't',
      'src/deep/b.test.js': 't',
      'coverage/lcov.info': 'x',
      'docs/keep.md': 'k',
      'docs/drop.md': 'd',
      '.lambdaignore': ['# tests and docs', '', '*.test.js', 'coverage/', '*.md', '!docs/keep.md'].join('\n'),
    });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(
      manifest.files.map((f) => f.path),
      ['docs/keep.md', 'index.js', 'src/a.js'],
    );
    assert.deepEqual(
      manifest.excluded.map((e) => [e.path, e.rule, e.pattern]),
      [
        ['.lambdaignore', 'default', '/.lambdaignore'],
        ['README.md', '.lambdaignore:5', '*.md'],
        ['coverage/', '.lambdaignore:4', 'coverage/'],
        ['docs/drop.md', '.lambdaignore:5', '*.md'],
        ['src/a.test.js', '.lambdaignore:3', '*.test.js'],
        ['src/deep/b.test.js', '.lambdaignore:3', '*.test.js'],
      ],
    );
  });

  it('lets .lambdaignore re-include what a default rule leaves out', async () => {
    const root = makeTree({ 'index.js': '1', 'layer.zip': 'PK', '.lambdaignore': '!/layer.zip\n' });
    const { manifest } = await packageFolder(root, { thread: 'main' });
    assert.deepEqual(
      manifest.files.map((f) => f.path),
      ['index.js', 'layer.zip'],
    );
  });

  it('applies extra exclude patterns from settings with their own rule name', async () => {
    const root = makeTree({ 'index.js': '1', 'src/x.map': 'm' });
    const { manifest } = await packageFolder(root, { thread: 'main', excludes: ['*.map'] });
    assert.deepEqual(manifest.files.map((f) => f.path), ['index.js']);
    assert.equal(ruleOf(manifest, 'src/x.map'), 'setting');
  });

  it('reads the first ignore file that exists among the candidates', async () => {
    const root = makeTree({ 'code/index.js': '1', 'code/notes.txt': 'n', '.lambdaignore': 'notes.txt\n' });
    const { manifest } = await packageFolder(`${root}/code`, { thread: 'main', ignoreFiles: [`${root}/code/.lambdaignore`, `${root}/.lambdaignore`] });
    assert.deepEqual(manifest.files.map((f) => f.path), ['index.js']);
    assert.equal(ruleOf(manifest, 'notes.txt'), '.lambdaignore:1');
  });
  it('leaves out a sub-folder with its own lambda-workbench.json (a separately bound function) and says so', async () => {
    const spec = {
      'lambda-workbench.json': '{"FunctionName":"parent"}',
      'index.js': 'exports.handler = async () => 1;',
      'lib/util.js': 'module.exports = 1;',
      'functions/other/lambda-workbench.json': '{"FunctionName":"other"}',
      'functions/other/index.js': 'exports.handler = async () => 2;',
      'functions/other/lib/deep.js': 'd',
      'functions/shared.js': 's',
      // A dependency may ship such a file: installed packages are not functions of this workspace.
      'node_modules/dep/lambda-workbench.json': '{}',
      'node_modules/dep/index.js': 'module.exports = 3;',
    };
    const { zip, manifest } = await packageFolder(makeTree(spec), { thread: 'main' });
    assert.deepEqual(
      manifest.files.map((f) => f.path),
      ['functions/shared.js', 'index.js', 'lib/util.js', 'node_modules/dep/index.js', 'node_modules/dep/lambda-workbench.json'],
    );
    assert.equal(ruleOf(manifest, 'functions/other/'), 'separate-function');
    assert.ok(!names(await readZip(zip)).some((n) => n.startsWith('functions/other')));
    const warning = manifest.warnings.find((w) => w.includes('functions/other/'));
    assert.match(warning ?? '', /own lambda-workbench\.json \(a separately bound function\) and was left out/);

    // A !pattern brings it back, as for any other rule.
    const forced = await packageFolder(makeTree({ ...spec, '.lambdaignore': '!functions/other/\n' }), { thread: 'main' });
    assert.ok(forced.manifest.files.some((f) => f.path === 'functions/other/lib/deep.js'));
    assert.equal(ruleOf(forced.manifest, 'functions/other/'), undefined);
  });
});

describe('package: the rules\' literal screen', () => {
  afterEach(cleanupTrees);

  it('gives exactly the full matcher\'s verdicts, for every kind of pattern', () => {
    const lambdaignore = [
      '*.test.js', 'coverage/', '/docs/*.md', '!docs/keep.md', 'src/**/fixtures/', 'a?c.txt', '[Bb]uild/', 'foo   ', '\\#hash', '\\!bang',
      'node_modules/big-*/', '!.env.defaults', '**/tmp/**', 'weird{a,b}', 'x\\ y', 'ünï.txt', '!node_modules/tool/',
    ].join('\n');
    const root = makeTree({ '.lambdaignore': lambdaignore });
    const names = ['index.js', 'a.test.js', 'coverage', 'docs', 'keep.md', 'drop.md', 'fixtures', 'abc.txt', 'aXc.txt', 'Build', 'build', 'foo', 'foo   ',
      '#hash', '!bang', 'big-lib', 'tool', '.env', '.env.defaults', '.ENV.local', 'Server.PEM', 'id_rsa', 'ID_RSA.pub', 'tmp', 'weird{a,b}', 'weirda', 'x y',
      'ÜNÏ.txt', 'ünï.txt', '.DS_Store', '._x', 'lambda-workbench.json', 'config.json', '.docker', 'credentials.json', 'x.zip', '.cache', '.package-lock.json', 'K\u212Ay'];
    const dirs = ['', 'src/', 'docs/', 'node_modules/', 'node_modules/big-lib/', 'node_modules/tool/', 'src/deep/fixtures/', 'a/tmp/', 'coverage/', '.docker/'];
    const screened = buildRules([join(root, '.lambdaignore')], false);
    const full = buildRules([join(root, '.lambdaignore')], false, [], { screen: false });
    let checked = 0;
    for (const d of dirs) {
      for (const n of names) {
        for (const path of [`${d}${n}`, `${d}${n}/`]) {
          assert.deepEqual(screened.test(path), full.test(path), path);
          checked++;
        }
      }
    }
    assert.ok(checked > 700);
    // With a pattern that has no literal text, every path goes to the full matcher.
    assert.equal(literalScreen(['*']), undefined);
    assert.equal(literalScreen(['[a-z]*/']), undefined);
    assert.ok(literalScreen(DEFAULT_RULES)?.test('x/.DS_Store'));
    assert.ok(!literalScreen(DEFAULT_RULES)?.test('node_modules/lodash/index.js'));
  });
});
