/**
 * `invoke --watch` through the real CLI: a save re-runs the handler in a fresh environment (ES
 * module changes apply: a new module graph), binding-file changes apply through the one resolver,
 * a syntax error mid-edit is reported and the next good save runs again, and Ctrl+C exits 0.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = resolve(__dirname, '../../../src/cli.js');

async function until(what: string, probe: () => boolean, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('invoke --watch (CLI)', function () {
  this.timeout(40000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-watch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-runs an ES module handler on save with its new code and binding settings, survives a syntax error, and stops on SIGINT', async () => {
    const write = (v: string) => writeFileSync(join(dir, 'app.mjs'), `import { part } from './part.mjs';\nexport const handler = async () => ({ v: ${v}, part, env: process.env.GREETING ?? null });\n`);
    writeFileSync(join(dir, 'part.mjs'), 'export const part = "one";\n');
    write('1');
    const proc = spawn(process.execPath, [CLI, 'invoke', dir, '--handler', 'app.handler', '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const results: Array<Record<string, unknown>> = [];
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    createInterface({ input: proc.stdout! }).on('line', (l) => results.push(JSON.parse(l)));
    const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    try {
      await until('the first result', () => results.length === 1);
      assert.deepEqual(results[0], { v: 1, part: 'one', env: null });
      await until('watching', () => /watch: watching/.test(err));
      writeFileSync(join(dir, 'part.mjs'), 'export const part = "two";\n'); // an imported module: needs a new graph
      await until('a result after the save', () => results.length === 2);
      assert.equal(results[1]!.part, 'two');
      writeFileSync(join(dir, 'lambda-workbench.json'), JSON.stringify({ Environment: { Variables: { GREETING: 'hi' } } }));
      await until('a result after the binding change', () => results.length === 3);
      assert.equal(results[2]!.env, 'hi');
      writeFileSync(join(dir, 'app.mjs'), 'export const handler = async () => ({ v: 2 ;\n'); // mid-edit
      await until('the failure to be reported', () => results.length === 4 || /waiting for the next change/.test(err));
      write('3');
      await until('a result after the fix', () => results.some((r) => r.v === 3));
    } finally {
      proc.kill('SIGINT');
    }
    assert.equal(await exited, 0, err);
  });
});
