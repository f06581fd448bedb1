/**
 * Paths on every OS: the same containment and POSIX-relative rules the packager, CodeRoot, local
 * invoke and watch use, fed Windows inputs (drive letters, `\`, other case) through path.win32.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ignoresCase, isInside, posixRelative } from '../../../src/core/paths';
import { handlerString } from '../../../src/core/invoke/handlerName';
import { buildRules } from '../../../src/core/package/rules';
import { codeRootEscapes } from '../../../src/core/config/codeRoot';

const win = path.win32;

describe('paths on every OS', () => {
  it('Windows: inside-ness with drive letters, backslashes, forward slashes and other case', () => {
    assert.equal(isInside('C:\\proj\\fn', 'C:\\proj\\fn\\src\\app.ts', win), true);
    assert.equal(isInside('C:\\proj\\fn', 'c:\\PROJ\\FN\\src\\app.ts', win), true, 'NTFS ignores case');
    assert.equal(isInside('C:\\proj\\fn', 'C:/proj/fn/src/app.ts', win), true, 'forward slashes are separators too');
    assert.equal(isInside('C:\\proj\\fn', 'C:\\proj\\fn', win), true);
    assert.equal(isInside('C:\\proj\\fn', 'C:\\proj\\fnord\\x.js', win), false, 'a sibling sharing a prefix');
    assert.equal(isInside('C:\\proj\\fn', 'C:\\proj\\other\\x.js', win), false);
    assert.equal(isInside('C:\\proj\\fn', 'D:\\proj\\fn\\x.js', win), false, 'another drive');
    assert.equal(isInside('C:\\proj\\fn', 'C:\\proj\\fn\\..\\..\\Windows\\x.js', win), false);
    assert.equal(isInside('\\\\server\\share\\fn', '\\\\server\\share\\fn\\a.js', win), true, 'UNC paths');
    assert.equal(isInside('C:\\proj\\fn', 'C:\\proj\\fn\\..fn\\x.js', win), true, 'a folder named "..fn" is inside');
  });

  it('POSIX: case matters (Linux), and the same rules hold', () => {
    assert.equal(isInside('/proj/fn', '/proj/fn/src/app.ts', path.posix, 'linux'), true);
    assert.equal(isInside('/proj/fn', '/PROJ/fn/src/app.ts', path.posix, 'linux'), false);
    assert.equal(isInside('/proj/fn', '/proj/fnord/x.js', path.posix, 'linux'), false);
    assert.equal(ignoresCase(path.posix, 'linux'), false);
    assert.equal(ignoresCase(win, 'linux'), true);
  });

  it('zip entry names and handler strings always use "/", keeping the file\'s own spelling', () => {
    assert.equal(posixRelative('C:\\proj\\fn', 'C:\\proj\\fn\\src\\Handlers\\app.ts', win), 'src/Handlers/app.ts');
    assert.equal(posixRelative('c:\\PROJ\\fn', 'C:\\proj\\fn\\src\\app.ts', win), 'src/app.ts');
    assert.equal(posixRelative('C:\\proj\\fn', 'D:\\elsewhere\\app.ts', win), undefined);
    assert.equal(handlerString(posixRelative('C:\\proj\\fn', 'C:\\proj\\fn\\src\\app.mts', win)!, 'handler'), 'src/app.handler');
    assert.equal(handlerString('src\\nested\\app.js', 'run'), 'src/nested/app.run');
  });

  it('.lambdaignore patterns match POSIX relative paths made from Windows paths, ignoring case', () => {
    const rules = buildRules([], false, ['build/', '*.log']);
    const rel = (abs: string) => posixRelative('C:\\proj\\fn', abs, win)!;
    assert.equal(rules.test(rel('C:\\proj\\fn\\BUILD\\')).excluded || rules.test(`${rel('C:\\proj\\fn\\BUILD')}/`).excluded, true);
    assert.equal(rules.test(rel('C:\\proj\\fn\\logs\\Out.LOG')).excluded, true);
    assert.equal(rules.test(rel('C:\\proj\\fn\\.ENV')).excluded, true, 'secrets match whatever the case');
    assert.equal(rules.test(rel('C:\\proj\\fn\\src\\app.js')).excluded, false);
  });

  it('a CodeRoot written with backslashes cannot climb out either', () => {
    assert.equal(codeRootEscapes('..\\app'), true);
    assert.equal(codeRootEscapes('inner\\..\\..'), true);
    assert.equal(codeRootEscapes('dist\\lambda'), false);
  });

  it('saved-event folders are built with the OS\'s own separators', () => {
    assert.equal(win.join('C:\\proj\\fn', '.lambda', 'events', 'orders'), 'C:\\proj\\fn\\.lambda\\events\\orders');
    assert.equal(isInside('C:\\proj\\fn', win.join('C:\\proj\\fn', '.lambda', 'events', 'orders', 'a.json'), win), true);
  });
});
