/**
 * Local invoke against recordings of the real aws-lambda-ric (test/conformance/recorded/*.json,
 * made by scripts/record-conformance.mjs): same results, error bodies and log lines, once
 * timestamps, request ids, paths and runtime-internal stack frames are normalised.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createEnvironment, type LocalInvokeResult } from '../../../src/core/invoke';

const repo = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const norm = require(path.join(repo, 'test/conformance/normalize.cjs')) as {
  normLine(line: string, root: string): string;
  normErrorBody(body: unknown, root: string): unknown;
  normValue(v: unknown, root: string): unknown;
};

interface Case {
  name: string;
  dir: string;
  handler: string;
  events: unknown[];
  env?: Record<string, string>;
  identity?: unknown;
  clientContext?: unknown;
  pauseMs?: number;
}
interface Recorded {
  initError?: unknown;
  invocations: Array<{ response?: string; error?: unknown }>;
  stdout: string[];
  stderr: string;
  exitCode: number | null;
}

const { cases } = JSON.parse(readFileSync(path.join(repo, 'test/conformance/cases.json'), 'utf8')) as { cases: Case[] };

/** A body the service made up (timeout, exit) has no trace: the runtime posted nothing. */
function postedByRuntime(r: LocalInvokeResult): boolean {
  return !!r.error && Array.isArray(r.error.trace);
}

// Both isolation modes run the same runtime code and must give the same outcomes.
for (const isolation of ['thread', 'process'] as const)
for (const runtime of ['nodejs20.x', 'nodejs22.x', 'nodejs24.x']) {
  const file = path.join(repo, 'test/conformance/recorded', `${runtime}.json`);
  if (!existsSync(file)) {
    // The recordings are committed; a missing one means the oracle was lost, which must not pass quietly.
    describe(`conformance ${runtime} (${isolation} isolation)`, () =>
      it('has a recording from the real runtime', () => assert.fail(`${path.relative(repo, file)} is missing: run scripts/record-conformance.mjs`)),
    );
    continue;
  }
  const rec = JSON.parse(readFileSync(file, 'utf8')) as { ric: string; node: string; cases: Record<string, Recorded> };
  describe(`conformance ${runtime} (${isolation} isolation) vs aws-lambda-ric ${rec.ric} on Node ${rec.node}`, () => {
    for (const c of cases) {
      const expected = rec.cases[c.name];
      if (!expected) continue;
      it(c.name, async () => {
        const root = path.join(repo, 'test/fixtures/invoke', c.dir);
        const env = await createEnvironment({ codeDir: root, handler: c.handler, runtime, functionName: 'conformance', environment: c.env, isolation });
        const ours: Recorded = { invocations: [], stdout: [], stderr: '', exitCode: null };
        const count = expected.initError ? 1 : expected.invocations.length;
        const platform: string[] = [];
        try {
          for (let i = 0; i < count; i++) {
            // Idle (frozen) time between invocations, as in the recording: due timers fire on thaw.
            if (i > 0 && c.pauseMs) await new Promise((r) => setTimeout(r, c.pauseMs));
            const r = await env.invokeJson(JSON.stringify(c.events[i]), { identity: c.identity, clientContext: c.clientContext });
            for (const l of r.logs) {
              if (l.source === 'function' && l.stream === 'stderr') ours.stderr += norm.normLine(l.text, root) + '\n';
              if (l.source === 'function' && l.stream === 'stdout') ours.stdout.push(norm.normLine(l.text, root));
              if (l.source === 'platform') platform.push(l.text);
            }
            if (expected.initError) {
              ours.initError = norm.normErrorBody(r.error, root);
              break;
            }
            if (r.functionError && !postedByRuntime(r)) ours.invocations.push({});
            else if (r.functionError) ours.invocations.push({ error: norm.normErrorBody(r.error, root) });
            else ours.invocations.push({ response: norm.normValue(r.payload, root) as string });
          }
        } finally {
          await env.dispose();
        }
        // Normalising is idempotent: re-applying it keeps old recordings comparable when it gets stricter.
        const want = {
          initError: expected.initError === undefined ? undefined : norm.normErrorBody(expected.initError, root),
          invocations: expected.invocations.map((i) => norm.normValue(i, root)),
          stdout: expected.stdout.map((l) => norm.normLine(l, root)),
        };
        assert.deepEqual(ours.initError, want.initError, 'init error body');
        assert.deepEqual(ours.invocations, want.invocations, 'responses and error bodies');
        assert.deepEqual(ours.stdout, want.stdout, 'log records');
        // Node's own crash report on stderr (4.x installs no handlers): the error line must be there too.
        const crashLine = /^([\w.]+: .+)$/m.exec(expected.stderr)?.[1];
        if (crashLine) assert.ok(ours.stderr.includes(crashLine), `stderr has "${crashLine}"; ours: ${ours.stderr}`);
        if (expected.exitCode !== null && !expected.initError) {
          assert.ok(
            platform.some((l) => l.includes(`exit status ${expected.exitCode}`)),
            `the runtime exited with status ${expected.exitCode}; our platform lines: ${platform.join(' | ')}`,
          );
        }
      });
    }
  });
}
