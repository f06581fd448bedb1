/**
 * Warm environments between editor runs (WarmEnvironments): real environments and the real folder
 * watcher over a temporary function folder. A second run is warm (module state carried over, no
 * init); a code change, a settings change or a cold start asks for a new environment; idle ones go.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WarmEnvironments, type LocalFunctionConfig, type WarmStart } from '../../../src/core/invoke';
import { watchPackagedFiles, type WatchOptions } from '../../../src/core/live/watchFolder';

const HANDLER = `let count = 0;\nexports.handler = async () => ({ count: ++count, version: VERSION });\n`;

async function until(what: string, test: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One write can raise several events: wait until the watcher has been quiet for a moment (bounded). */
async function settled(changes: string[]): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const seen = changes.length;
    await new Promise((r) => setTimeout(r, 250));
    if (changes.length === seen) return;
  }
  throw new Error('the watcher never settled');
}

describe('WarmEnvironments: warm local runs until code or settings change', function () {
  this.timeout(60_000);
  let dir: string;
  let warm: WarmEnvironments;
  const changes: string[] = [];

  const write = (version: number): void => fs.writeFileSync(path.join(dir, 'index.js'), `const VERSION = ${version};\n${HANDLER}`);
  const config = (extra: Partial<LocalFunctionConfig> = {}): LocalFunctionConfig => ({ codeDir: dir, handler: 'index.handler', functionName: 'warm-test', timeout: 10, ...extra });
  async function run(extra: Partial<LocalFunctionConfig> = {}, cold = false): Promise<{ body: { count: number; version: number }; coldStart: boolean; start: WarmStart }> {
    return warm.use({ folder: dir, config: config(extra), cold }, async (env, start) => {
      const r = await env.invokeJson('{}');
      return { body: JSON.parse(r.payload) as { count: number; version: number }, coldStart: r.coldStart, start };
    });
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-warm-'));
    write(1);
    changes.length = 0;
    warm = new WarmEnvironments({
      // The real watcher, observed: tests wait for it to have seen a change, never a fixed time.
      watch: (o: WatchOptions) => watchPackagedFiles({ ...o, onChange: (kind, file) => (o.onChange(kind, file), changes.push(file)) }),
    });
  });
  afterEach(async () => {
    await warm.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the second time in the same environment: warm, no init, module state kept', async () => {
    const first = await run();
    assert.deepEqual([first.coldStart, first.start], [true, { warm: false, reason: 'first run' }]);
    const second = await run();
    assert.equal(second.coldStart, false);
    assert.deepEqual(second.start, { warm: true });
    assert.equal(second.body.count, 2);
    assert.equal(warm.size, 1);
  });

  it('a changed file in the folder starts cold with the new code, and names the file', async () => {
    await run();
    write(2);
    await until('the watcher to see index.js', () => changes.includes('index.js'));
    await settled(changes);
    const after = await run();
    assert.equal(after.coldStart, true);
    assert.equal(after.start.reason, 'code changed');
    assert.equal(after.start.changedFile, 'index.js');
    assert.deepEqual(after.body, { count: 1, version: 2 });
    assert.equal(warm.size, 1, 'the old environment was retired');
    assert.equal((await run()).start.warm, true, 'and the new one stays warm');
  });

  it('changed settings (the resolved configuration) start cold; the same settings stay warm', async () => {
    await run({ environment: { A: '1' } });
    assert.equal((await run({ environment: { A: '1' } })).start.warm, true);
    const changed = await run({ environment: { A: '2' } });
    assert.deepEqual([changed.coldStart, changed.start.reason], [true, 'settings changed']);
    assert.equal((await run({ environment: { A: '2' } })).body.count, 2);
  });

  it('a cold start on request replaces the warm environment, which the next run then reuses', async () => {
    await run();
    const cold = await run({}, true);
    assert.deepEqual([cold.coldStart, cold.start.reason, cold.body.count], [true, 'asked for a cold start', 1]);
    const next = await run();
    assert.deepEqual([next.coldStart, next.body.count], [false, 2]);
    assert.equal(warm.size, 1);
  });

  it('an idle environment is reclaimed, and the next run says there was no warm one', async () => {
    await warm.dispose();
    warm = new WarmEnvironments({ idleTimeoutMs: 200 });
    await run();
    await until('the idle environment to be disposed', () => warm.size === 0, 10_000);
    const after = await run();
    assert.deepEqual([after.coldStart, after.start.reason], [true, 'no warm environment']);
  });

  it('a folder that cannot be watched natively runs cold every time, and says why', async () => {
    await warm.dispose();
    warm = new WarmEnvironments({ watch: (o) => watchPackagedFiles({ ...o, polling: true }) });
    const runs = [await run(), await run()];
    for (const r of runs) assert.deepEqual([r.coldStart, r.start.reason], [true, 'folder not watched']);
    assert.equal(warm.size, 1, 'only the latest environment is kept');
  });

  it('dispose ends every environment', async () => {
    await run();
    await run({ environment: { OTHER: 'x' } });
    await warm.dispose();
    assert.equal(warm.size, 0);
    await assert.rejects(run(), /disposed/);
  });
});
