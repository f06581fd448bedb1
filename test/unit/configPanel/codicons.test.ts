import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('config panel assets', () => {
  it('ships codicons in media/ (the .vsix has no node_modules) matching the installed @vscode/codicons', function () {
    const dist = path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');
    if (!existsSync(dist)) this.skip();
    for (const file of ['codicon.css', 'codicon.ttf']) {
      assert.ok(readFileSync(path.join(ROOT, 'media', 'codicons', file)).equals(readFileSync(path.join(dist, file))), `media/codicons/${file} is out of date: copy it from ${dist}`);
    }
    assert.ok(existsSync(path.join(ROOT, 'media', 'codicons', 'LICENSE')));
  });

  it('styles only with theme variables and no inline styles', () => {
    const css = readFileSync(path.join(ROOT, 'media', 'config.css'), 'utf8');
    const colours = css.match(/#[0-9a-fA-F]{3,8}\b|rgba?\(/g) ?? [];
    assert.deepEqual(colours, [], 'colours come from --vscode-* variables');
    assert.ok(css.includes('var(--vscode-focusBorder)'), 'focus is visible');
  });
});
