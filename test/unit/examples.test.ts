/**
 * Every example opens clean in the editor (issue 16 item 14): a TypeScript example type-checks
 * with its own tsconfig and only what it ships (greeter-ts vendors @types/node as a devDependency,
 * so no npm install is needed offline), exactly as VS Code's TypeScript service would check it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(full));
    else out.push(full);
  }
  return out;
}

describe('examples open with no TypeScript errors', function () {
  this.timeout(60_000);
  const examples = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

  it('finds the examples', () => {
    assert.ok(examples.includes('greeter-ts'), examples.join(', '));
  });

  for (const name of examples) {
    it(`${name}: TypeScript sources come with a tsconfig.json, and it type-checks with what the folder ships`, () => {
      const hasTs = sourceFiles(path.join(EXAMPLES, name)).some((f) => /\.(c|m)?ts$/.test(f) && !f.endsWith('.d.ts'));
      if (!hasTs) return;
      // A copy outside the repository, as `npm start` opens it: the repository's own node_modules
      // (and its @types/node) must not be what makes the example compile.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-example-'));
      const dir = path.join(tmp, name);
      after(() => fs.rmSync(tmp, { recursive: true, force: true }));
      fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
      const configPath = path.join(dir, 'tsconfig.json');
      assert.ok(fs.existsSync(configPath), `${name} has TypeScript sources but no tsconfig.json`);
      const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
      assert.equal(read.error, undefined);
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configPath);
      assert.deepEqual(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
      // skipLibCheck only keeps the test fast: a missing declaration is still an error in the sources.
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, skipLibCheck: true } });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
        return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      assert.deepEqual(diagnostics, []);
    });
  }
});
