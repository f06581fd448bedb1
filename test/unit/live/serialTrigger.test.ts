/** The when-to-run rules of watch and sync, on a fake clock: debounce, no overlap, one follow-up. */
import * as assert from 'node:assert/strict';
import { sep } from 'node:path';
import { buildRules } from '../../../src/core/package/rules';
import { SerialTrigger, type Clock } from '../../../src/core/live/serialTrigger';
import { classifyChange } from '../../../src/core/live/watchFolder';

class FakeClock implements Clock {
  now = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  /** Moves time on, firing due timers in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SerialTrigger (watch/sync timing)', () => {
  it('debounces a burst of changes into one run after the quiet period', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const t = new SerialTrigger({ debounceMs: 100, clock, run: async () => void runs++ });
    for (let i = 0; i < 10; i++) {
      t.trigger();
      clock.advance(50);
    }
    assert.equal(runs, 0, 'still inside the burst');
    clock.advance(100);
    await tick();
    assert.equal(runs, 1);
  });

  it('never runs twice at once; changes during a run make exactly one follow-up', async () => {
    const clock = new FakeClock();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => {};
    const t = new SerialTrigger({
      debounceMs: 10,
      clock,
      run: () => {
        runs++;
        active++;
        maxActive = Math.max(maxActive, active);
        return new Promise<void>((r) => (release = () => (active--, r())));
      },
    });
    t.trigger();
    clock.advance(10);
    await tick();
    assert.equal(runs, 1);
    for (let i = 0; i < 20; i++) t.trigger(); // saves during the deploy
    clock.advance(1000);
    await tick();
    assert.equal(runs, 1, 'no second run while the first is going');
    release();
    await tick();
    await tick();
    clock.advance(10);
    await tick();
    assert.equal(runs, 2, 'one follow-up for all twenty saves');
    release();
    await t.idle();
    assert.equal(maxActive, 1);
  });

  it('a failed run is reported and the next change runs again; stop() aborts the run and ends it all', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let signalSeen: AbortSignal | undefined;
    let fail = true;
    let runs = 0;
    const t = new SerialTrigger({
      debounceMs: 5,
      clock,
      onError: (e) => errors.push(e),
      run: async (signal) => {
        runs++;
        signalSeen = signal;
        if (fail) throw new Error('build error');
      },
    });
    await t.runNow();
    assert.equal(errors.length, 1);
    fail = false;
    t.trigger();
    clock.advance(5);
    await t.idle();
    assert.equal(runs, 2);
    await t.stop();
    assert.equal(signalSeen?.aborted, true);
    t.trigger();
    clock.advance(100);
    await tick();
    assert.equal(runs, 2, 'nothing runs after stop');
  });
});

describe('classifyChange (what a sync watches)', () => {
  const rules = buildRules([], false);
  it('counts packaged files, the binding file and .lambdaignore; node_modules is its own kind', () => {
    assert.equal(classifyChange('index.js', '', rules), 'code');
    assert.equal(classifyChange('src/app.ts', '', rules), 'code');
    assert.equal(classifyChange('lambda-workbench.json', '', rules), 'config');
    assert.equal(classifyChange('.lambdaignore', '', rules), 'config');
    assert.equal(classifyChange('node_modules/left-pad/index.js', '', rules), 'dependencies');
  });
  it('ignores what the packager leaves out', () => {
    for (const p of ['.git', '.lambda', '.git/index', '.lambda/events/f/a.json', '.vscode/settings.json', '.DS_Store', 'build.zip', '.env', 'keys/server.pem']) {
      assert.equal(classifyChange(p, '', rules), undefined, p);
    }
  });
  it('with a CodeRoot, watches that folder and still the binding file beside it', () => {
    assert.equal(classifyChange('src/handler.js', 'src/', rules), 'code');
    assert.equal(classifyChange('test/handler.test.js', 'src/', rules), undefined);
    assert.equal(classifyChange('lambda-workbench.json', 'src/', rules), 'config');
    assert.equal(classifyChange(['src', 'handler.js'].join(sep), 'src/', rules), 'code', 'OS separators from fs.watch');
  });
});
