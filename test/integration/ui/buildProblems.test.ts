/**
 * Build errors in the Problems panel, in the real extension host: a TypeScript handler that does
 * not build fails the package preview and the deploy with esbuild's messages as "Lambda Build"
 * diagnostics (file, line, column), nothing is uploaded, and the next successful build clears them.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import type { PackageResult } from '../../../src/core/package/types';
import { Cmd } from '../../../src/vscode/ids';
import { eventually } from '../testEnv';
import { ROLE, sdk, uniqueName, workbenchApi } from './helpers';

const BROKEN = 'export const handler = async (event: unknown) => {\n  const n: number = ;\n  return { event };\n};\n';
const FIXED = 'export const handler = async (event: unknown) => {\n  const n: number = 1;\n  return { event, n };\n};\n';

function buildDiagnostics(file: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'esbuild');
}

describe('build errors in the Problems panel', function () {
  this.timeout(120000);
  const region = 'us-east-1';
  const name = uniqueName('it-build');
  let dir: string;
  let app: string;

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lw-it-build-')));
    app = path.join(dir, 'src', 'app.ts');
    fs.mkdirSync(path.dirname(app));
    fs.writeFileSync(app, BROKEN);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'it-build', private: true }));
    fs.writeFileSync(
      path.join(dir, 'lambda-workbench.json'),
      JSON.stringify({ FunctionName: name, Region: region, Runtime: 'nodejs22.x', Handler: 'src/app.handler', Role: ROLE }, null, 2),
    );
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a failed preview puts esbuild\'s error on the file, line and column', async () => {
    const api = await workbenchApi();
    const pkg = await vscode.commands.executeCommand<PackageResult | undefined>(Cmd.previewPackage, vscode.Uri.file(dir));
    assert.strictEqual(pkg, undefined);
    assert.strictEqual((api.lastError as { options?: { code?: string } }).options?.code, 'BuildFailed');
    const [d, ...rest] = await eventually('the build error in the Problems panel', async () => {
      const list = buildDiagnostics(app);
      return list.length ? list : undefined;
    });
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Unexpected ";"/);
    // esbuild: line 2, column 21 (1-based) → the editor's 0-based position.
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [1, 20]);
  });

  it('a failed deploy reports the same, and uploads nothing', async () => {
    const api = await workbenchApi();
    const result = await vscode.commands.executeCommand(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.strictEqual(result, undefined);
    assert.strictEqual((api.lastError as { options?: { code?: string } }).options?.code, 'BuildFailed');
    assert.strictEqual(buildDiagnostics(app).length, 1);
    const client = sdk(region);
    try {
      await assert.rejects(client.send(new GetFunctionCommand({ FunctionName: name })), /ResourceNotFound|not found/i);
    } finally {
      client.destroy();
    }
  });

  it('the next successful build clears them', async () => {
    const api = await workbenchApi();
    fs.writeFileSync(app, FIXED);
    const pkg = await vscode.commands.executeCommand<PackageResult | undefined>(Cmd.previewPackage, vscode.Uri.file(dir));
    assert.ok(pkg, `no package; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.strictEqual(pkg.manifest.build?.handler, 'app.handler', 'built and remapped');
    await eventually('the Problems panel cleared', async () => (buildDiagnostics(app).length === 0 ? true : undefined));
  });
});
