/**
 * Download Code to Workspace… in the real extension host: the deployed code and a binding file
 * appear in the chosen folder, and Invoke Locally runs the downloaded handler with that binding.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DownloadCodeResult } from '../../../src/core/download';
import type { LocalInvokeRun } from '../../../src/vscode/invoke/localInvokeController';
import { Cmd } from '../../../src/vscode/ids';
import { testEnv } from '../testEnv';
import { workbenchApi } from './helpers';

describe('Download Code to Workspace', function () {
  this.timeout(90_000);

  it('writes the code and lambda-workbench.json, and Invoke Locally works on it', async () => {
    const env = testEnv();
    assert.ok(env.workspaceDir, 'the workspace copy is known');
    const folder = path.join(env.workspaceDir, `downloaded-${Date.now()}`);
    const api = await workbenchApi();
    const result = await vscode.commands.executeCommand<DownloadCodeResult>(Cmd.downloadCode, { region: 'us-east-1', name: 'hello-cjs' }, { folder });
    assert.ok(result, `no download; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.ok(fs.existsSync(path.join(folder, 'index.js')), 'the handler file is there');
    const binding = JSON.parse(fs.readFileSync(path.join(folder, 'lambda-workbench.json'), 'utf8')) as Record<string, unknown>;
    assert.strictEqual(binding.FunctionName, 'hello-cjs');
    assert.strictEqual(binding.Region, 'us-east-1');
    assert.strictEqual(binding.Handler, 'index.handler');

    const eventFile = path.join(env.workspaceDir, `download-event-${Date.now()}.json`);
    fs.writeFileSync(eventFile, '{"name":"Downloaded"}');
    const run = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.invokeLocally, vscode.Uri.file(path.join(folder, 'index.js')), { eventFile: vscode.Uri.file(eventFile) });
    assert.ok(run, `no local run; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.strictEqual(run.outcome.ok, true, JSON.stringify(run.outcome.body));
    assert.strictEqual(run.local.source, 'binding');
    assert.strictEqual(run.local.config.functionName, 'hello-cjs');
    const body = run.outcome.body as { statusCode: number; body: string };
    assert.strictEqual(body.statusCode, 200);
    assert.match(JSON.parse(body.body).message, /, Downloaded!$/);

    // A second download into the same folder never replaces files silently: asked with overwrite it does.
    const again = await vscode.commands.executeCommand<DownloadCodeResult>(Cmd.downloadCode, { region: 'us-east-1', name: 'hello-cjs' }, { folder, overwrite: true });
    assert.ok(again && again.files.includes('index.js'));
  });
});
