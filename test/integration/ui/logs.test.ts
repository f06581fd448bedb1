/**
 * Tail Logs in the real extension host against the local server: the function's output channel
 * shows a line the handler printed (through the server's CloudWatch Logs API, by polling, as the
 * local server has no Live Tail), and Stop Tailing Logs ends it.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { Cmd } from '../../../src/vscode/ids';
import { eventually, testEnv } from '../testEnv';
import { sdk, workbenchApi } from './helpers';

describe('Tail Logs', function () {
  this.timeout(90_000);

  it('streams what the deployed handler prints into the function\'s output channel, then stops', async () => {
    const env = testEnv();
    assert.ok(env.endpoint, 'the local server runs');
    const fn = env.functions.find((f) => f.FunctionName === 'hello-cjs' && f.Region === 'us-east-1');
    assert.ok(fn, 'hello-cjs is seeded in us-east-1');
    const ref = { region: fn.Region, name: fn.FunctionName };
    const api = await workbenchApi();
    const key = await vscode.commands.executeCommand<string>(Cmd.tailLogs, ref, { since: '1m' });
    assert.strictEqual(key, 'us-east-1/hello-cjs', `no tail started; last error: ${(api.lastError as Error | undefined)?.message}`);
    await eventually('the tail to read its start window', () => {
      const mode = api.getLogTail(ref)?.mode;
      return mode && mode !== 'history' ? mode : undefined;
    });

    const marker = `tail-${Date.now()}`;
    const lambda = sdk('us-east-1');
    try {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'hello-cjs', Payload: Buffer.from(JSON.stringify({ name: marker })) }));
      assert.strictEqual(out.FunctionError, undefined);
    } finally {
      lambda.destroy();
    }
    const lines = await eventually('the handler\'s line in the output channel', () => {
      const snap = api.getLogTail(ref);
      return snap?.lines.some((l) => l.includes(`greeting ${marker}`)) ? snap.lines : undefined;
    }, 30_000);
    assert.ok(lines.some((l) => l.startsWith('START RequestId:')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('REPORT RequestId:')), lines.join('\n'));
    // The local server has no Live Tail: the tail falls back to polling (said once it switched).
    await eventually('the tail to say it polls', () => (api.getLogTail(ref)?.lines.some((l) => /Polling for new events/.test(l)) ? true : undefined));

    const stopped = await vscode.commands.executeCommand<number>(Cmd.stopTailingLogs, ref);
    assert.strictEqual(stopped, 1);
    assert.strictEqual(api.getLogTail(ref), undefined, 'the session is gone');
  });
});
