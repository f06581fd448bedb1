/**
 * The local Lambda API server runs a deployed zip the way Lambda does (real SDK over real HTTP,
 * the project's local runtime as the invoker): a zip whose handler is a .ts file fails its invoke
 * with the runtime's Runtime.ImportModuleError (the body recorded from aws-lambda-ric in
 * test/fixtures/build/recorded/), and the same source, built by the packager, runs.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { createLocalInvoker } from '../../src/core/invoke';
import { packageFolder } from '../../src/core/package/packageFolder';
import { createInput, makeZip, startHarness, waitReady, type Harness } from './emulatorHarness';

const repo = resolve(__dirname, '../../..');
const decode = (p?: Uint8Array) => JSON.parse(Buffer.from(p ?? []).toString('utf8')) as { errorType?: string; errorMessage?: string; trace?: string[] };

describe('local Lambda API server: runs deployed zips as Lambda does', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ invoker: createLocalInvoker() });
  });
  after(async () => h.close());

  for (const runtime of ['nodejs22.x', 'nodejs24.x'] as const) {
    it(`${runtime}: a .ts handler zip fails at invoke with the runtime's Runtime.ImportModuleError, not a silent transpile`, async () => {
      const lambda = h.client();
      const name = `ts-zip-${runtime.replace('.', '-')}`;
      const zip = await makeZip({ 'src/app.ts': "export const handler = async (): Promise<string> => 'transpiled';\n", 'package.json': '{"name":"ts-unbuilt"}' });
      await lambda.send(new CreateFunctionCommand(createInput(name, zip, { Runtime: runtime, Handler: 'src/app.handler' })));
      await waitReady(lambda, name);
      const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
      assert.equal(out.StatusCode, 200);
      assert.equal(out.FunctionError, 'Unhandled');
      const body = decode(out.Payload);
      // What the real runtime answered for the same zip (scripts/record-built.mjs).
      const recorded = JSON.parse(readFileSync(join(repo, 'test/fixtures/build/recorded', `${runtime}.json`), 'utf8')) as {
        cases: Record<string, { initError: { errorType: string; errorMessage: string } }>;
      };
      const want = recorded.cases['unbuilt-ts-refused'].initError;
      assert.equal(body.errorType, want.errorType);
      assert.equal(body.errorType, 'Runtime.ImportModuleError');
      assert.equal(body.errorMessage?.replace(/- .*$/, '- <runtime>'), want.errorMessage);
    });
  }

  it('runs the same TypeScript source once the packager has built it, under the built Handler', async () => {
    const lambda = h.client();
    const { zip, manifest } = await packageFolder(join(repo, 'examples/greeter-ts'), { handler: 'src/greeter.handler', runtime: 'nodejs22.x' });
    assert.equal(manifest.handler, 'greeter.handler');
    await lambda.send(new CreateFunctionCommand(createInput('greeter-built', zip, { Handler: manifest.handler, Environment: { Variables: { DEFAULT_LANGUAGE: 'en' } } })));
    await waitReady(lambda, 'greeter-built');
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'greeter-built', Payload: Buffer.from('{"name":"Ada","language":"fr"}') }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.match(Buffer.from(out.Payload ?? []).toString(), /Ada/);
  });
});
