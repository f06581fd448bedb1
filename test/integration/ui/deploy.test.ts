/**
 * Deploys from the editor against the local Lambda API server: a new folder goes through the
 * wizard (answers preset) and gets a binding file; deploying again is "unchanged"; a code change is
 * "updated"; the package preview lists what goes in and what was excluded; a broken binding is
 * reported, not deployed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteFunctionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import type { DeployResult } from '../../../src/core/deploy/types';
import type { PackageResult } from '../../../src/core/package/types';
import { Cmd } from '../../../src/vscode/ids';
import { eventually } from '../testEnv';
import { regionLabels, ROLE, sdk, tempFolder, uniqueName, workbenchApi } from './helpers';

describe('deploy commands', function () {
  this.timeout(120000);
  const region = 'eu-west-1';
  const name = uniqueName('it-deploy');
  let dir: string;

  before(() => {
    dir = tempFolder('lw-it-deploy-', {
      'index.js': 'exports.handler = async (event) => ({ version: 1, event });\n',
      'package.json': JSON.stringify({ name: 'it-deploy', engines: { node: '>=22' } }),
      '.env': 'SECRET=do-not-ship\n',
    });
  });

  after(async () => {
    const client = sdk(region);
    await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    client.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews the package: files with sizes, and the .env left out as a secret', async () => {
    const api = await workbenchApi();
    const pkg = await vscode.commands.executeCommand<PackageResult>(Cmd.previewPackage, vscode.Uri.file(dir));
    assert.ok(pkg, `no package; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.deepStrictEqual(pkg.manifest.files.map((f) => f.path).sort(), ['index.js', 'package.json']);
    assert.ok(pkg.manifest.secretsExcluded.includes('.env'));
    const doc = api.getResultDocument(`/package/${path.basename(dir)}.md`);
    assert.ok(doc, 'the preview document was shown');
    assert.match(doc, /\| index\.js \| \d/);
    assert.match(doc, /\| \.env \| possible secret/);
  });

  it('creates the function through the wizard and writes the binding file', async () => {
    const api = await workbenchApi();
    const result = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), {
      preview: false,
      wizard: { FunctionName: name, Region: region, Handler: 'index.handler', Role: ROLE, MemorySize: 256, Timeout: 7, Architectures: ['arm64'], Runtime: 'nodejs22.x' },
    });
    assert.ok(result, `no result; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.strictEqual(result.action, 'created');
    assert.strictEqual(result.functionName, name);
    assert.strictEqual(result.region, region);
    const binding = JSON.parse(fs.readFileSync(path.join(dir, 'lambda-workbench.json'), 'utf8'));
    assert.deepStrictEqual(
      { FunctionName: binding.FunctionName, Region: binding.Region, Runtime: binding.Runtime, Handler: binding.Handler, MemorySize: binding.MemorySize, Timeout: binding.Timeout, Architectures: binding.Architectures },
      { FunctionName: name, Region: region, Runtime: 'nodejs22.x', Handler: 'index.handler', MemorySize: 256, Timeout: 7, Architectures: ['arm64'] },
    );
    const client = sdk(region);
    try {
      const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
      assert.strictEqual(fn.Configuration?.MemorySize, 256);
      assert.strictEqual(fn.Configuration?.CodeSha256, result.codeSha256);
    } finally {
      client.destroy();
    }
    await eventually('the new function in the tree', async () => ((await regionLabels(api, region)).includes(name) ? true : undefined));
  });

  it('reports "unchanged" when nothing changed, and "updated" after a code change', async () => {
    const again = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.strictEqual(again?.action, 'unchanged');
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async (event) => ({ version: 2, event });\n');
    const updated = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.strictEqual(updated?.action, 'updated');
    assert.strictEqual(updated?.codeUpdated, true);
    assert.notStrictEqual(updated?.codeSha256, again?.codeSha256);
  });

  it('applies a binding configuration change with the next deploy', async () => {
    const file = path.join(dir, 'lambda-workbench.json');
    const binding = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...binding, Timeout: 12 }, null, 2));
    const result = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.strictEqual(result?.action, 'updated');
    assert.strictEqual(result?.codeUpdated, false);
    assert.deepStrictEqual(result?.changedSettings, ['Timeout']);
  });

  it('"Deploy Workspace Folder to This Function" deploys another folder to the chosen function', async () => {
    const other = tempFolder('lw-it-deploy-', { 'index.js': 'exports.handler = async () => "from another folder";\n' });
    try {
      const result = await vscode.commands.executeCommand<DeployResult>(Cmd.deployToFunction, { region, name }, { folder: vscode.Uri.file(other), preview: false, assumeYes: true });
      assert.strictEqual(result?.action, 'updated');
      assert.strictEqual(result?.functionName, name);
      assert.ok(!fs.existsSync(path.join(other, 'lambda-workbench.json')), 'a one-off deploy writes no binding');
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('reports a broken binding file with its JSON path instead of deploying', async () => {
    const api = await workbenchApi();
    const broken = tempFolder('lw-it-deploy-', { 'index.js': 'exports.handler = async () => 1;\n', 'lambda-workbench.json': '{ "FunctionName": "x", "MemorySize": "lots" }' });
    try {
      const result = await vscode.commands.executeCommand(Cmd.deployFolder, vscode.Uri.file(broken), { preview: false });
      assert.strictEqual(result, undefined);
      const error = api.lastError as { kind?: string; message?: string; options?: { path?: string } };
      assert.strictEqual(error.kind, 'validation');
      assert.match(`${error.message} ${error.options?.path ?? ''}`, /MemorySize/);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
