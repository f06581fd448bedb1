/**
 * Sync on Save in the real VS Code against the local Lambda API server: a folder deployed once is
 * toggled to sync, a file is edited and saved through the editor API, and the function's code is
 * updated on the server; a file the packager leaves out does not sync; stopping ends it. A save that
 * does not build puts esbuild's error in the Problems panel and uploads nothing; the next good save
 * clears it and syncs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteFunctionCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { DeployResult } from '../../../src/core/deploy/types';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { ROLE, sdk, uniqueName, workbenchApi } from './helpers';

describe('Sync Folder on Save', function () {
  this.timeout(120000);
  const region = 'us-east-1';
  const name = uniqueName('it-sync');
  let dir: string;

  before(() => {
    // Inside the open workspace, where a user's function lives (and where the editor saves to disk).
    const ws = testEnv().workspaceDir ?? os.tmpdir();
    dir = fs.mkdtempSync(path.join(ws, 'it-sync-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({ version: 1 });\n');
    fs.writeFileSync(path.join(dir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: name, Region: region, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE }, null, 2));
  });

  after(async () => {
    await vscode.commands.executeCommand(Cmd.stopSync);
    const client = sdk(region);
    await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    client.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('updates the function when a file is saved in the editor, and stops when asked', async () => {
    const api = await workbenchApi();
    const first = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(dir), { preview: false });
    assert.ok(first, `the first deploy failed: ${(api.lastError as Error | undefined)?.message}`);
    const client = sdk(region);
    try {
      const on = await vscode.commands.executeCommand<boolean>(Cmd.syncOnSave, vscode.Uri.file(dir));
      assert.strictEqual(on, true, `sync did not start: ${(api.lastError as Error | undefined)?.message}`);

      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'index.js')));
      await vscode.window.showTextDocument(doc);
      const replaceAll = async (text: string) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
        assert.ok(await vscode.workspace.applyEdit(edit), 'edited');
        // save() answers false when auto-save got there first; either way the text is on disk now.
        await doc.save();
        await eventually('the edit on disk', () => (fs.readFileSync(doc.uri.fsPath, 'utf8') === text && !doc.isDirty ? true : undefined));
      };
      await replaceAll('exports.handler = async () => ({ version: 2 });\n');

      const updated = await eventually(
        'the function to carry the saved code',
        async () => {
          const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
          return c.CodeSha256 !== first.codeSha256 && c.LastUpdateStatus === 'Successful' ? c : undefined;
        },
        30000,
      );
      assert.ok(updated.CodeSha256);

      await vscode.commands.executeCommand(Cmd.stopSync, vscode.Uri.file(dir));
      // After stopping, a save changes nothing on the server.
      fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({ version: 3 });\n');
      await new Promise((r) => setTimeout(r, 1500));
      const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      assert.strictEqual(after.CodeSha256, updated.CodeSha256, 'no sync after Stop');
    } finally {
      client.destroy();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('a TypeScript save that does not build shows in the Problems panel and uploads nothing; the fix clears it and syncs', async () => {
    const api = await workbenchApi();
    const tsName = uniqueName('it-sync-ts');
    const ws = testEnv().workspaceDir ?? os.tmpdir();
    const tsDir = fs.mkdtempSync(path.join(ws, 'it-sync-ts-'));
    const app = path.join(tsDir, 'src', 'app.ts');
    fs.mkdirSync(path.dirname(app));
    fs.writeFileSync(app, 'export const handler = async (): Promise<{ v: number }> => ({ v: 1 });\n');
    fs.writeFileSync(path.join(tsDir, 'package.json'), JSON.stringify({ name: 'it-sync-ts', private: true }));
    fs.writeFileSync(path.join(tsDir, 'lambda-workbench.json'), JSON.stringify({ FunctionName: tsName, Region: region, Runtime: 'nodejs22.x', Handler: 'src/app.handler', Role: ROLE }, null, 2));
    const client = sdk(region);
    const esbuildProblems = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(vscode.Uri.file(app)).filter((d) => d.source === 'esbuild');
    const sha = async (): Promise<string | undefined> => (await client.send(new GetFunctionConfigurationCommand({ FunctionName: tsName }))).CodeSha256;
    try {
      const first = await vscode.commands.executeCommand<DeployResult>(Cmd.deployFolder, vscode.Uri.file(tsDir), { preview: false });
      assert.ok(first, `the first deploy failed: ${(api.lastError as Error | undefined)?.message}`);
      assert.strictEqual(await vscode.commands.executeCommand<boolean>(Cmd.syncOnSave, vscode.Uri.file(tsDir)), true);

      fs.writeFileSync(app, 'export const handler = async () => {\n  const v: number = ;\n  return { v };\n};\n');
      const [problem] = await eventually('the build error in the Problems panel', () => (esbuildProblems().length ? esbuildProblems() : undefined), 30000);
      assert.strictEqual(problem.range.start.line, 1, 'on the line esbuild names');
      assert.strictEqual(await sha(), first.codeSha256, 'nothing uploaded');

      fs.writeFileSync(app, 'export const handler = async (): Promise<{ v: number }> => ({ v: 2 });\n');
      await eventually('the function to carry the fixed code', async () => ((await sha()) !== first.codeSha256 ? true : undefined), 30000);
      await eventually('the Problems entry to clear', () => (esbuildProblems().length === 0 ? true : undefined), 10000);
    } finally {
      await vscode.commands.executeCommand(Cmd.stopSync, vscode.Uri.file(tsDir));
      await client.send(new DeleteFunctionCommand({ FunctionName: tsName })).catch(() => undefined);
      client.destroy();
      fs.rmSync(tsDir, { recursive: true, force: true });
    }
  });
});
