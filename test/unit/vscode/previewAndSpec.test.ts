import * as assert from 'node:assert/strict';
import type { PackageManifest } from '../../../src/core/package/types';
import { exclusionReason, formatPackagePreview, previewSummary } from '../../../src/vscode/deploy/packagePreview';
import { handlerExport, handlerModule, handlerString } from '../../../src/core/invoke/handlerName';

const manifest: PackageManifest = {
  root: '/ws/app',
  codeSha256: 'abc=',
  zipBytes: 2048,
  unzippedBytes: 5000,
  fileCount: 2,
  files: [
    { path: 'src/app.js', size: 4000, compressedSize: 1500, mode: '0644' },
    { path: 'a|b<img src=x>.js', size: 1000, compressedSize: 500, mode: '0644' },
  ],
  excluded: [
    { path: '.env', rule: 'secret', pattern: '.env*' },
    { path: '.git/', rule: 'default', pattern: '.git/' },
    { path: 'fixtures/', rule: '.lambdaignore:3', pattern: 'fixtures/' },
    { path: 'node_modules/mocha/', rule: 'devDependency' },
  ],
  secretsExcluded: ['.env'],
  warnings: ['The handler file src/app.js is missing'],
};

describe('package preview', () => {
  it('lists the deploy\'s own warnings (a deprecated runtime) first, with the package\'s', () => {
    const text = formatPackagePreview(manifest, 'app → orders', ['Runtime nodejs20.x was deprecated on 2026-04-30. Move to nodejs22.x. ($.Runtime)']);
    assert.match(text, /## ⚠ 2 warnings\n\n- \*\*Runtime nodejs20\.x was deprecated[^\n]*\*\*\n- \*\*The handler file/);
  });

  it('lists files with sizes, exclusions with reasons, secrets and warnings', () => {
    const text = formatPackagePreview(manifest, 'app → orders');
    assert.match(text, /^# Package preview: app → orders/);
    assert.match(text, /\*\*2 files\*\*, 2\.0 KB zipped \(4\.9 KB unzipped\)/);
    assert.match(text, /\| src\/app\.js \| 3\.9 KB \| 1\.5 KB \| 0644 \|/);
    assert.match(text, /\| \.env \| possible secret/);
    assert.match(text, /\| fixtures\/ \| \.lambdaignore line 3 \(`fixtures\/`\) \|/);
    assert.match(text, /dev dependency/);
    assert.match(text, /1 possible secret was left out:\*\* \.env/);
    assert.match(text, /## ⚠ Warning\n\n- \*\*The handler file src\/app\.js is missing\*\*/);
  });

  it('escapes file names so they cannot break the table or inject markup', () => {
    const text = formatPackagePreview(manifest, 'x');
    assert.match(text, /\| a\\\|b&lt;img src=x&gt;\.js \|/);
    assert.doesNotMatch(text, /<img/);
  });

  it('summarises for the confirmation and explains every rule', () => {
    assert.equal(previewSummary(manifest), '2 files, 2.0 KB zipped (4.9 KB unzipped); 4 paths excluded; including 1 possible secret.');
    assert.match(exclusionReason({ path: 'x', rule: 'symlink-outside-root' }), /outside the folder/);
    assert.match(exclusionReason({ path: 'x', rule: 'setting', pattern: '*.log' } as never), /lambdaWorkbench\.package\.exclude/);
  });
});

describe('handler strings', () => {
  it('turns a file and an export into a handler string and back', () => {
    assert.equal(handlerString('src/orders.js', 'handler'), 'src/orders.handler');
    assert.equal(handlerString('.\\lib\\app.mjs', 'main'), 'lib/app.main');
    assert.equal(handlerString('greeter.ts', 'handler'), 'greeter.handler');
    assert.equal(handlerModule('src/handlers/app.nested.fn'), 'src/handlers/app');
    assert.equal(handlerExport('src/handlers/app.nested.fn'), 'nested.fn');
    assert.equal(handlerModule('v1.2/app.handler'), 'v1.2/app');
  });

});
