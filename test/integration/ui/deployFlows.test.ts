/**
 * Deploy and run flows that must not lose or ignore the user's work, in the real extension host
 * against the local Lambda API server: unsaved editors are saved before deploy and re-run (or not,
 * per lambdaWorkbench.saveBeforeRun); a function changed elsewhere since the folder's last deploy
 * is not silently reverted (cancel, copy into the binding file, overwrite); a sub-folder with its
 * own handler deploys on its own from the palette's list and the Explorer.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteFunctionCommand, GetFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { DeployResult } from '../../../src/core/deploy/types';
import { deployFolderCandidates } from '../../../src/vscode/deploy/deployFolderPicker';
import type { LocalInvokeRun } from '../../../src/vscode/invoke/localInvokeController';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { EXTENSION_ID, regionRow, ROLE, rows, sdk, tempFolder, uniqueName, withSettings, workbenchApi } from './helpers';

const REGION = 'eu-west-1';

/** Opens `file` and replaces its text in the editor without saving: the tab is dirty. */
async function editUnsaved(file: string, text: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc, { preview: false });
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(doc.isDirty, 'the document has unsaved changes');
  return doc;
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function deployed(name: string) {
  const client = sdk(REGION);
  try {
    return (await client.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
  } finally {
    client.destroy();
  }
}

async function changeElsewhere(name: string, change: { MemorySize?: number; Environment?: { Variables: Record<string, string> } }): Promise<void> {
  const client = sdk(REGION);
  try {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, ...change }));
    await eventually('the change to finish', async () => ((await deployed(name))?.LastUpdateStatus === 'Successful' ? true : undefined));
  } finally {
    client.destroy();
  }
}

async function deleteFunction(name: string): Promise<void> {
  const client = sdk(REGION);
  await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
  client.destroy();
}

describe('deploy and run flows', function () {
  this.timeout(120000);
  const cleanup: string[] = [];
  const functions: string[] = [];

  afterEach(closeAll);
  after(async () => {
    for (const name of functions) await deleteFunction(name);
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  function boundFolder(name: string, extra: object = {}): string {
    const dir = tempFolder('lw-it-flows-', {
      'index.js': 'exports.handler = async () => ({ version: 1 });\n',
      'lambda-workbench.json': JSON.stringify({ FunctionName: name, Region: REGION, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', MemorySize: 128, ...extra }, null, 2),
    });
    cleanup.push(dir);
    functions.push(name);
    return dir;
  }

  describe('unsaved editors (item 3)', () => {
    it('deploy saves the folder\'s unsaved handler first and uploads what was typed', async () => {
      const name = uniqueName('it-dirty-deploy');
      const dir = boundFolder(name);
      const first = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
      assert.strictEqual(first?.action, 'created');
      const doc = await editUnsaved(path.join(dir, 'index.js'), 'exports.handler = async () => ({ version: 2 });\n');
      const result = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
      assert.strictEqual(result?.action, 'updated', 'the unsaved edit is deployed, not reported as "unchanged"');
      assert.strictEqual(result?.codeUpdated, true);
      assert.strictEqual(doc.isDirty, false, 'the document was saved');
      assert.match(fs.readFileSync(path.join(dir, 'index.js'), 'utf8'), /version: 2/);
    });

    it('Re-run Last Local Invoke saves first, so a just-typed throw runs', async () => {
      const dir = tempFolder('lw-it-flows-', { 'index.js': 'exports.handler = async () => ({ run: "old" });\n', 'package.json': '{"name":"rerun"}' });
      cleanup.push(dir);
      const file = path.join(dir, 'index.js');
      const api = await workbenchApi();
      const first = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.invokeLocally, vscode.Uri.file(file), { payload: '{}' });
      assert.ok(first, `no run; last error: ${(api.lastError as Error | undefined)?.message}`);
      assert.deepStrictEqual(first.outcome.body, { run: 'old' });
      const doc = await editUnsaved(file, 'exports.handler = async () => { throw new Error("typed just now"); };\n');
      const again = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.rerunLocal);
      assert.ok(again, `no re-run; last error: ${(api.lastError as Error | undefined)?.message}`);
      assert.strictEqual(again.outcome.ok, false, 'the new code ran');
      assert.strictEqual(again.outcome.errorMessage, 'typed just now');
      assert.strictEqual(doc.isDirty, false);
    });

    it('with saveBeforeRun "never" the unsaved edit is left alone and what is on disk runs', async () => {
      const dir = tempFolder('lw-it-flows-', { 'index.js': 'exports.handler = async () => "on disk";\n', 'package.json': '{"name":"never"}' });
      cleanup.push(dir);
      const file = path.join(dir, 'index.js');
      await withSettings({ saveBeforeRun: 'never' }, async () => {
        const doc = await editUnsaved(file, 'exports.handler = async () => "in the editor";\n');
        const run = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.invokeLocally, vscode.Uri.file(file), { payload: '{}' });
        assert.strictEqual(run?.outcome.body, 'on disk');
        assert.strictEqual(doc.isDirty, true, 'nothing was saved');
        await vscode.commands.executeCommand('workbench.action.files.revert');
      });
    });
  });

  it('the Lambda view shows a created function and a deploy\'s new configuration without a refresh (item 7)', async () => {
    const name = uniqueName('it-stale');
    const dir = boundFolder(name);
    const api = await workbenchApi();
    const row = async () => (await rows(api, await regionRow(api, REGION))).find((r) => r.label === name);
    // The region's list is loaded (and cached) before the create, as when the view is open.
    await rows(api, await regionRow(api, REGION));
    const deploy = () => vscode.commands.executeCommand<DeployResult | undefined>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.strictEqual((await deploy())?.action, 'created');
    const created = await eventually('the created function\'s row', row, 30_000);
    assert.match(created.tooltip ?? '', /128 MB/);
    const file = path.join(dir, 'lambda-workbench.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"MemorySize": 128', '"MemorySize": 384'));
    assert.deepStrictEqual((await deploy())?.changedSettings, ['MemorySize']);
    // No Refresh command in between: the deploy updated the row itself.
    const updated = await eventually('the row to show 384 MB', async () => {
      const r = await row();
      return r && /384 MB/.test(r.tooltip ?? '') ? r : undefined;
    }, 30_000);
    assert.doesNotMatch(updated.tooltip ?? '', /128 MB/);
  });

  it('a save in the configuration panel updates the function\'s row without a refresh (item 7)', async () => {
    const name = uniqueName('it-panel');
    const dir = boundFolder(name);
    const api = await workbenchApi();
    const row = async () => (await rows(api, await regionRow(api, REGION))).find((r) => r.label === name);
    await rows(api, await regionRow(api, REGION));
    const result = await vscode.commands.executeCommand<DeployResult | undefined>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.strictEqual(result?.action, 'created');
    const created = await eventually('the created function\'s row', row, 30_000);
    assert.match(created.tooltip ?? '', /128 MB/);
    // The extension's own panel, opened from the row as a user would; the test posts what its page posts.
    await vscode.commands.executeCommand(Cmd.openConfiguration, created.node);
    const fn = { region: REGION, name };
    await eventually('the panel to open', async () => ((await api.postToConfigPanel(fn, { type: 'ready' })) ? true : undefined), 30_000);
    const revisionId = (await deployed(name))?.RevisionId;
    assert.ok(revisionId);
    assert.ok(await api.postToConfigPanel(fn, { type: 'save', revisionId, changes: { memorySize: 640 } }));
    assert.strictEqual((await deployed(name))?.MemorySize, 640);
    // No Refresh command in between: the panel's save updated the row itself.
    const updated = await eventually('the row to show 640 MB', async () => {
      const r = await row();
      return r && /640 MB/.test(r.tooltip ?? '') ? r : undefined;
    }, 30_000);
    assert.doesNotMatch(updated.tooltip ?? '', /128 MB/);
    await closeAll();
  });

  describe('changes made elsewhere (item 2)', () => {
    let name: string;
    let dir: string;
    const deploy = (onDrift?: string) => vscode.commands.executeCommand<DeployResult | undefined>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false, onDrift });

    before(async () => {
      name = uniqueName('it-drift');
      dir = boundFolder(name, { Environment: { Variables: { STAGE: 'dev' } } });
      assert.strictEqual((await deploy())?.action, 'created');
      assert.ok(fs.existsSync(path.join(dir, '.lambda', 'deploy-state.json')), 'the deploy was recorded');
    });

    it('cancel leaves the function as it was changed', async () => {
      await changeElsewhere(name, { MemorySize: 256, Environment: { Variables: { STAGE: 'dev', ADDED: 'in the panel' } } });
      assert.strictEqual(await deploy('cancel'), undefined);
      const cfg = await deployed(name);
      assert.strictEqual(cfg?.MemorySize, 256);
      assert.deepStrictEqual(cfg?.Environment?.Variables, { STAGE: 'dev', ADDED: 'in the panel' });
    });

    it('"update the binding file from the function" keeps the function\'s values and writes them into the file', async () => {
      const result = await deploy('updateBinding');
      assert.ok(result, 'deployed after updating the binding');
      assert.deepStrictEqual(result.changedSettings, []);
      const binding = JSON.parse(fs.readFileSync(path.join(dir, 'lambda-workbench.json'), 'utf8'));
      assert.strictEqual(binding.MemorySize, 256);
      assert.deepStrictEqual(binding.Environment, { Variables: { ADDED: 'in the panel', STAGE: 'dev' } });
      assert.strictEqual(binding.FunctionName, name, 'the rest of the file is kept');
      assert.strictEqual((await deployed(name))?.MemorySize, 256);
    });

    it('overwrite puts the binding file\'s values back', async () => {
      await changeElsewhere(name, { MemorySize: 512 });
      const result = await deploy('overwrite');
      assert.deepStrictEqual(result?.changedSettings, ['MemorySize']);
      assert.strictEqual((await deployed(name))?.MemorySize, 256);
      assert.strictEqual((await deploy())?.action, 'unchanged', 'no drift after the overwrite');
    });
  });

  describe('warnings (item 5)', () => {
    it('a deprecated runtime and a TypeScript handler shipped as source are in the preview and the result', async () => {
      const name = uniqueName('it-warn');
      const dir = tempFolder('lw-it-flows-', {
        'app.ts': 'export const handler = async (): Promise<string> => "ts";\n',
        // A .js file too, so the package is not also "no JavaScript at all" (a warning of its own).
        'util.js': 'exports.noop = () => undefined;\n',
        // "Build": false ships the sources as they are (a TypeScript handler is built by default).
        'lambda-workbench.json': JSON.stringify({ FunctionName: name, Region: REGION, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'app.handler', Build: false }),
      });
      cleanup.push(dir);
      functions.push(name);
      const api = await workbenchApi();
      const result = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: true, assumeYes: true });
      assert.ok(result, `no result; last error: ${(api.lastError as Error | undefined)?.message}`);
      const preview = api.getResultDocument(`/package/${path.basename(dir)}.md`);
      assert.ok(preview, 'the preview was shown');
      assert.match(preview, /## ⚠ \d+ warnings/);
      assert.match(preview, /Runtime nodejs20\.x was deprecated on 2026-04-30[^\n]*Move to nodejs22\.x/);
      assert.match(preview, /TypeScript source/);
      assert.ok(result.warnings.some((w) => /nodejs20\.x was deprecated/.test(w)), result.warnings.join('\n'));
      assert.ok(result.warnings.some((w) => /TypeScript source/.test(w)), result.warnings.join('\n'));
    });
  });

  describe('sub-folders (item 10)', () => {
    let sub: string;
    let name: string;

    before(() => {
      const ws = testEnv().workspaceDir;
      assert.ok(ws, 'the run has a workspace');
      sub = path.join(ws, 'services', 'api');
      fs.mkdirSync(path.join(sub, 'src'), { recursive: true });
      fs.writeFileSync(path.join(sub, 'package.json'), JSON.stringify({ name: 'api', main: 'src/app.js' }));
      fs.writeFileSync(path.join(sub, 'src', 'app.js'), 'exports.handler = async () => "from the sub-folder";\n');
      name = uniqueName('it-subfolder');
      functions.push(name);
    });

    after(() => fs.rmSync(path.join(testEnv().workspaceDir ?? '/nonexistent', 'services'), { recursive: true, force: true }));

    it('the palette offers a sub-folder with its own handler, and not its src/', async () => {
      const candidates = await eventually('the sub-folder among the candidates', async () => {
        const items = await deployFolderCandidates();
        return items.some((i) => i.uri.fsPath === sub) ? items : undefined;
      });
      assert.ok(!candidates.some((i) => i.uri.fsPath === path.join(sub, 'src')), candidates.map((i) => i.uri.fsPath).join(', '));
    });

    it('the Explorer menu offers Deploy on any folder, not only workspace roots', () => {
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
      const entry = pkg.contributes.menus['explorer/context'].find((m) => m.command === Cmd.deployFolder);
      assert.strictEqual(entry?.when, 'explorerResourceIsFolder');
    });

    it('deploying the sub-folder (as the Explorer does) creates its function and writes its binding there', async () => {
      const api = await workbenchApi();
      const result = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(sub), {
        preview: false,
        wizard: { FunctionName: name, Region: REGION, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'src/app.handler', MemorySize: 128, Timeout: 3, Architectures: ['x86_64'] },
      });
      assert.ok(result, `no result; last error: ${(api.lastError as Error | undefined)?.message}`);
      assert.strictEqual(result.action, 'created');
      assert.deepStrictEqual(result.manifest.fileCount, 2, 'only the sub-folder was packaged');
      assert.ok(fs.existsSync(path.join(sub, 'lambda-workbench.json')));
    });
  });
});
