/**
 * Layers in Invoke Locally, in the real extension host: a handler that requires a module only its
 * layer provides runs, the layer fetched from the local Lambda API server (GetLayerVersionByArn,
 * Content.Location) into the per-user cache and standing for /opt.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import AdmZip from 'adm-zip';
import type { LocalInvokeRun } from '../../../src/vscode/invoke/localInvokeController';
import { Cmd } from '../../../src/vscode/ids';
import { testEnv } from '../testEnv';
import { sdk, uniqueName, workbenchApi } from './helpers';

describe('Layers in Invoke Locally', function () {
  this.timeout(90_000);

  it('runs a handler that requires a module only its layer provides', async () => {
    const env = testEnv();
    assert.ok(env.workspaceDir, 'the workspace copy is known');
    const pkg = uniqueName('lw-greeter');
    const layer = new AdmZip();
    layer.addFile(`nodejs/node_modules/${pkg}/index.js`, Buffer.from('exports.greet = (n) => `hello ${n}, from the layer`;\n'));
    const client = sdk('us-east-1');
    const published = await client.send(new PublishLayerVersionCommand({ LayerName: uniqueName('greeter-layer'), Content: { ZipFile: layer.toBuffer() } }));
    client.destroy();
    assert.ok(published.LayerVersionArn);

    const folder = path.join(env.workspaceDir, uniqueName('with-layer'));
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'index.js'), `exports.handler = async (event) => require(${JSON.stringify(pkg)}).greet(event.name);\n`);
    fs.writeFileSync(path.join(folder, 'lambda-workbench.json'), JSON.stringify({ FunctionName: 'with-layer', Runtime: 'nodejs22.x', Handler: 'index.handler', Layers: [published.LayerVersionArn] }, null, 2));
    const eventFile = path.join(folder, 'event.json');
    fs.writeFileSync(eventFile, '{"name":"Layer"}');

    const api = await workbenchApi();
    const run = await vscode.commands.executeCommand<LocalInvokeRun>(Cmd.invokeLocally, vscode.Uri.file(path.join(folder, 'index.js')), { eventFile: vscode.Uri.file(eventFile) });
    assert.ok(run, `no local run; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.strictEqual(run.outcome.ok, true, JSON.stringify(run.outcome.body));
    assert.strictEqual(run.outcome.body, 'hello Layer, from the layer');
    assert.deepStrictEqual(run.local.layers, [published.LayerVersionArn]);
    assert.ok(run.local.config.layersDir && fs.existsSync(path.join(run.local.config.layersDir, 'nodejs', 'node_modules', pkg, 'index.js')), 'the layer stands for /opt');
  });
});
