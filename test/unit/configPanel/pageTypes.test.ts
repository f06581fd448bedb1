/**
 * The webview page (src/webview, .mts with DOM types) is outside the root tsconfig, which is
 * Node-only. This type-checks its own project so a page type error fails the unit run.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('config panel page types', function () {
  this.timeout(60_000);

  it('src/webview type-checks with the DOM library', () => {
    const configFile = path.join(ROOT, 'src', 'webview', 'tsconfig.json');
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    assert.equal(read.error, undefined);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile));
    assert.ok(parsed.fileNames.some((f) => f.endsWith('main.mts')), 'the page entry is in the project');
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(diagnostics, []);
  });
});
