/**
 * Per-function commands against the local Lambda API server: copy, console link, configuration,
 * remote invoke (response and log tail), bad payloads, delete, and functions deleted meanwhile.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import type { InvokeRemoteResult } from '../../../src/core/aws/types';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { regionLabels, regionRow, ROLE, rows, sdk, tinyZip, uniqueName, withSettings, workbenchApi } from './helpers';

interface ErrorLike {
  kind?: string;
  message?: string;
}

describe('function commands', function () {
  this.timeout(60000);
  const env = testEnv();
  const seeded = () => {
    const fn = env.functions.find((f) => f.FunctionName === 'hello-cjs');
    assert.ok(fn, 'the harness seeds hello-cjs');
    return fn;
  };

  it('Copy Name and Copy ARN put the values on the clipboard (tree node argument)', async () => {
    const api = await workbenchApi();
    const row = (await rows(api, await regionRow(api, 'us-east-1'))).find((r) => r.label === 'hello-cjs');
    assert.ok(row);
    const name = await vscode.commands.executeCommand<string>(Cmd.copyName, row.node);
    assert.strictEqual(name, 'hello-cjs');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'hello-cjs');
    const arn = await vscode.commands.executeCommand<string>(Cmd.copyArn, row.node);
    assert.match(arn ?? '', /^arn:aws:lambda:us-east-1:\d{12}:function:hello-cjs$/);
    if (seeded().FunctionArn) assert.strictEqual(arn, seeded().FunctionArn);
    assert.strictEqual(await vscode.env.clipboard.readText(), arn);
  });

  it('Copy ARN looks the ARN up when given only a name and region', async () => {
    const arn = await vscode.commands.executeCommand<string>(Cmd.copyArn, { region: 'eu-west-1', name: 'greeter-ts' });
    assert.match(arn ?? '', /:function:greeter-ts$/);
  });

  it('Open in AWS Console builds the console URL and does not open it for a local endpoint', async () => {
    const url = await vscode.commands.executeCommand<string>(Cmd.openInConsole, { region: 'eu-west-1', name: 'greeter-ts' });
    assert.strictEqual(url, 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/greeter-ts');
  });

  it('Invoke (remote) shows the response and the decoded log tail', async () => {
    const api = await workbenchApi();
    const result = await vscode.commands.executeCommand<InvokeRemoteResult>(Cmd.invoke, { region: 'us-east-1', name: 'hello-cjs' }, { payload: '{"name":"Integration"}' });
    assert.ok(result, `no result; last error: ${(api.lastError as Error | undefined)?.message}`);
    assert.strictEqual(result.statusCode, 200);
    assert.strictEqual(result.functionError, undefined);
    const body = JSON.parse(JSON.parse(result.payload).body);
    assert.strictEqual(body.message, 'Hello, Integration!');
    assert.match(result.logTail ?? '', /greeting Integration/);
    assert.match(result.logTail ?? '', /REPORT RequestId/);
    const doc = api.getResultDocument('/remote/us-east-1/hello-cjs/response.json');
    assert.ok(doc?.includes('"statusCode": 200'), doc);
  });

  it('Invoke reports a function error with its type and message', async () => {
    const result = await vscode.commands.executeCommand<InvokeRemoteResult>(Cmd.invoke, { region: 'us-east-1', name: 'orders-esm' }, { payload: '{"items":[]}' });
    assert.ok(result);
    assert.strictEqual(result.functionError, 'Unhandled');
    assert.match(JSON.parse(result.payload).errorMessage, /at least one item/);
  });

  it('rejects an invalid payload with its line and column before calling Lambda', async () => {
    const api = await workbenchApi();
    const result = await vscode.commands.executeCommand(Cmd.invoke, { region: 'us-east-1', name: 'hello-cjs' }, { payload: '{\n  "name": oops\n}' });
    assert.strictEqual(result, undefined);
    const error = api.lastError as ErrorLike;
    assert.strictEqual(error.kind, 'validation');
    assert.match(error.message ?? '', /line 2, column 11/);
  });

  it('says so when the function was deleted meanwhile (invoke and delete)', async () => {
    const api = await workbenchApi();
    const name = uniqueName('gone');
    const client = sdk('us-east-1');
    try {
      await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: tinyZip() } }));
      await client.send(new DeleteFunctionCommand({ FunctionName: name }));
      const invoked = await vscode.commands.executeCommand(Cmd.invoke, { region: 'us-east-1', name }, { payload: '{}' });
      assert.strictEqual(invoked, undefined);
      assert.strictEqual((api.lastError as ErrorLike).kind, 'notFound');
      assert.match((api.lastError as ErrorLike).message ?? '', new RegExp(name));
      await withSettings({ 'confirm.delete': false }, async () => {
        const deleted = await vscode.commands.executeCommand<boolean>(Cmd.deleteFunction, { region: 'us-east-1', name });
        assert.strictEqual(deleted, true, 'deleting a function that is already gone reaches the goal');
      });
    } finally {
      client.destroy();
    }
  });

  it('Delete removes the function and its row', async () => {
    const api = await workbenchApi();
    const name = uniqueName('delete-me');
    const client = sdk('eu-west-1');
    try {
      await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: tinyZip() } }));
      await vscode.commands.executeCommand(Cmd.refreshRegion, (await regionRow(api, 'eu-west-1')).node);
      const row = await eventually('the new row', async () => (await rows(api, await regionRow(api, 'eu-west-1'))).find((r) => r.label === name));
      await withSettings({ 'confirm.delete': false }, async () => {
        assert.strictEqual(await vscode.commands.executeCommand<boolean>(Cmd.deleteFunction, row.node), true);
      });
      assert.ok(!(await regionLabels(api, 'eu-west-1')).includes(name));
      await assert.rejects(client.send(new GetFunctionCommand({ FunctionName: name })), /ResourceNotFound|not found/i);
    } finally {
      await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
      client.destroy();
    }
  });

  it('Open Configuration opens the function (panel, or its GetFunction document)', async () => {
    const ref = await vscode.commands.executeCommand<{ name: string }>(Cmd.openConfiguration, { region: 'eu-west-1', name: 'greeter-ts' });
    assert.strictEqual(ref?.name, 'greeter-ts');
  });
});
