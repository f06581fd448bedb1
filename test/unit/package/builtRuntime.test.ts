/**
 * Built packages against the real runtime: test/fixtures/build/recorded/<runtime>.json holds what
 * aws-lambda-ric (3.3.0 on Node 22, 4.0.2 on Node 24) did with the packages our build made
 * (scripts/record-built.mjs). Here the same fixtures are built again: the bytes must be the
 * recorded ones (so the recording is about today's output), and local invoke, running the unzipped
 * package exactly as deployed (no TypeScript support), must return what the runtime returned.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import { loadBinding, type Binding } from '../../../src/core/config/binding';
import { applyBuildSettings } from '../../../src/core/deploy/buildSettings';
import { bindingPackageOptions } from '../../../src/core/deploy/target';
import { createEnvironment } from '../../../src/core/invoke';
import { packageFolder } from '../../../src/core/package/packageFolder';

const repo = path.resolve(__dirname, '../../../..');
const fixtures = path.join(repo, 'test/fixtures/build');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const norm = require(path.join(repo, 'test/conformance/normalize.cjs')) as {
  normErrorBody(body: unknown, root: string): unknown;
  normValue(v: unknown, root: string): unknown;
};

interface Case {
  name: string;
  fixture: string;
  export?: string;
  events: unknown[];
}
interface Recorded {
  fixture: string;
  codeSha256: string;
  handler: string;
  env: Record<string, string>;
  files: string[];
  initError?: unknown;
  invocations: Array<{ response?: unknown; error?: unknown }>;
}

const { cases } = JSON.parse(readFileSync(path.join(fixtures, 'cases.json'), 'utf8')) as { cases: Case[] };

for (const runtime of ['nodejs22.x', 'nodejs24.x']) {
  const file = path.join(fixtures, 'recorded', `${runtime}.json`);
  describe(`built packages under ${runtime}`, () => {
    if (!existsSync(file)) {
      it('has a recording from the real runtime', () => assert.fail(`${path.relative(repo, file)} is missing: run scripts/record-built.mjs`));
      return;
    }
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { ric: string; node: string; cases: Record<string, Recorded> };
    for (const c of cases) {
      const expected = rec.cases[c.name];
      it(`${c.name} (recorded with aws-lambda-ric ${rec.ric} on Node ${rec.node})`, async () => {
        assert.ok(expected, `${c.name} is recorded`);
        const dir = path.join(fixtures, c.fixture);
        const binding = { ...(await loadBinding(dir))!.binding, Runtime: runtime } as Binding;
        const { zip, manifest } = await packageFolder(dir, { ...bindingPackageOptions(binding), thread: 'main' });
        assert.equal(manifest.codeSha256, expected.codeSha256, 'the build gives the bytes the runtime ran');
        assert.deepEqual(manifest.files.map((f) => f.path), expected.files);
        const fn = { Handler: binding.Handler, Environment: binding.Environment };
        applyBuildSettings(fn, manifest, undefined);
        assert.deepEqual(fn.Environment?.Variables ?? {}, expected.env, 'deploy sets the environment the recording ran with');

        const taskRoot = mkdtempSync(path.join(tmpdir(), 'lw-built-'));
        try {
          new AdmZip(zip).extractAllTo(taskRoot, true);
          const env = await createEnvironment({ codeDir: taskRoot, handler: expected.handler, runtime, functionName: 'conformance', environment: expected.env, typescript: false });
          try {
            const count = expected.initError ? 1 : expected.invocations.length;
            for (let i = 0; i < count; i++) {
              const r = await env.invokeJson(JSON.stringify(c.events[i]));
              if (expected.initError) {
                assert.deepEqual(norm.normErrorBody(r.error, taskRoot), expected.initError, 'init error body');
                break;
              }
              const want = expected.invocations[i];
              if (want.error) assert.deepEqual(norm.normErrorBody(r.error, taskRoot), want.error, `error body of invocation ${i + 1}`);
              else assert.deepEqual(norm.normValue(r.payload, taskRoot), want.response, `response of invocation ${i + 1}`);
            }
          } finally {
            await env.dispose();
          }
        } finally {
          rmSync(taskRoot, { recursive: true, force: true });
        }
      });
    }
  });
}
