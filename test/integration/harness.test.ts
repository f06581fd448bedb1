/**
 * Checks the harness itself from inside the extension host: the local Lambda API server the runner
 * started is reachable with the endpoint it handed over, and holds functions in two regions. If this
 * fails, failures in other suites are about the set-up, not the extension.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { testEnv } from './testEnv';

describe('test harness', () => {
  const env = testEnv();

  it('hands the local endpoint to the extension host through the environment', () => {
    assert.ok(env.endpoint, 'LAMBDA_WORKBENCH_ENDPOINT is not set in the extension host (did the local Lambda API server start?).');
    assert.match(env.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('writes the endpoint and both regions into the workspace settings', () => {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench');
    assert.strictEqual(config.get('endpoint'), env.endpoint);
    assert.deepStrictEqual(config.get('regions'), env.regions);
  });

  it('seeded functions in two regions that the real SDK can list', async function () {
    this.timeout(20000);
    const endpoint: string | undefined = env.endpoint;
    assert.ok(endpoint, 'No local endpoint.');
    assert.strictEqual(env.regions.length, 2, `Expected functions in two regions, got: ${env.regions.join(', ')}`);
    for (const region of env.regions) {
      const client: LambdaClient = new LambdaClient({ region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      try {
        const out = await client.send(new ListFunctionsCommand({}));
        // Other suites may deploy or delete functions of their own: check the seeded ones only.
        const names = new Set<string | undefined>((out.Functions ?? []).map((f) => f.FunctionName));
        const missing = env.functions.filter((f) => f.Region === region && !names.has(f.FunctionName)).map((f) => f.FunctionName);
        assert.deepStrictEqual(missing, [], `Seeded functions missing from ListFunctions in ${region}`);
      } finally {
        client.destroy();
      }
    }
  });
});
