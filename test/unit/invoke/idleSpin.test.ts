/**
 * Whether an idle runtime spins before it blocks (worker/idleSpin.ts): only for invokes coming
 * back to back, never while another runtime of the process spins or runs an invocation, and a
 * spin that ends without an invoke backs off (doubling while spins keep being wasted), so on a
 * busy machine the runtime mostly blocks.
 */
import * as assert from 'node:assert/strict';
import { SPIN, WAKE } from '../../../src/core/invoke/protocol';
import { IdleSpin } from '../../../src/core/invoke/worker/idleSpin';

type Cells = { spin: Int32Array; wake: Int32Array };

function cells(): Cells {
  return { spin: new Int32Array(new SharedArrayBuffer(4 * SPIN.cells)), wake: new Int32Array(new SharedArrayBuffer(4 * WAKE.cells)) };
}

/** One idle spell: `invoke` says whether the next invoke is already pending; then it arrives 0.5 ms after going idle. */
function spell(s: IdleSpin, c: Cells, invoke: boolean): IdleSpin['lastSpell'] {
  Atomics.store(c.wake, WAKE.pending, invoke ? 1 : 0);
  s.beforeBlocking(c.wake);
  s.woken(0.5);
  return s.lastSpell;
}

describe('invoke: an idle runtime spins before it blocks only while that pays', () => {
  it('does not spin before invokes come back to back, then spins', () => {
    const c = cells();
    const s = new IdleSpin(c.spin);
    Atomics.store(c.wake, WAKE.pending, 1);
    s.beforeBlocking(c.wake);
    assert.equal(s.lastSpell, 'blocked', 'the first spell: no gap seen yet');
    s.woken(50);
    s.beforeBlocking(c.wake);
    assert.equal(s.lastSpell, 'blocked', 'the last gap (50 ms) was long');
    s.woken(0.5);
    s.beforeBlocking(c.wake);
    assert.equal(s.lastSpell, 'spun', '0.5 ms is back to back');
  });

  it('a spin with no invoke lasts its millisecond, and then spells block for a back-off that doubles while spins are wasted', () => {
    const c = cells();
    const s = new IdleSpin(c.spin);
    s.woken(0.5);
    const t0 = performance.now();
    assert.equal(spell(s, c, false), 'wasted');
    assert.ok(performance.now() - t0 >= 1, 'it spun up to its limit');
    assert.equal(Atomics.load(c.spin, SPIN.token), 0, 'and gave the token back');
    // Back-offs of 1, 2, 4 spells between wasted spins.
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) seen.push(spell(s, c, false));
    assert.deepEqual(seen, ['blocked', 'wasted', 'blocked', 'blocked', 'wasted', 'blocked', 'blocked', 'blocked', 'blocked']);
    // A spin the invoke ends starts the back-off again from one spell.
    assert.equal(spell(s, c, true), 'spun');
    assert.deepEqual([spell(s, c, false), spell(s, c, false), spell(s, c, true)], ['wasted', 'blocked', 'spun']);
  });

  it('a spin ends at once when the invoke arrives', () => {
    const c = cells();
    const s = new IdleSpin(c.spin);
    s.woken(0.5);
    const t0 = performance.now();
    assert.equal(spell(s, c, true), 'spun');
    assert.ok(performance.now() - t0 < 0.9, 'it did not spin its full millisecond');
  });

  it('never spins while another runtime holds the spin or runs an invocation; its own invocation does not count', () => {
    const c = cells();
    const s = new IdleSpin(c.spin);
    s.woken(0.5);
    Atomics.store(c.spin, SPIN.token, 1);
    assert.equal(spell(s, c, true), 'blocked');
    Atomics.store(c.spin, SPIN.token, 0);
    Atomics.store(c.spin, SPIN.running, 1);
    assert.equal(spell(s, c, true), 'blocked');
    Atomics.store(c.wake, WAKE.counted, 1);
    assert.equal(spell(s, c, true), 'spun');
  });

  it('stops spinning when another runtime starts an invocation meanwhile', async () => {
    const { Worker } = await import('node:worker_threads');
    // The other runtime is a thread that counts an invocation as soon as the spin has started (it
    // takes the token). The spin lasts 1 ms: on a loaded machine that thread may not get a core
    // within it, and that try shows nothing either way, so up to 10 tries, each from a fresh start.
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const c = cells();
      const s = new IdleSpin(c.spin);
      s.woken(0.5);
      const other = new Worker('const { workerData: c } = require("node:worker_threads"); while (Atomics.load(c, 0) === 0); Atomics.add(c, 1, 1);', { eval: true, workerData: c.spin });
      await new Promise((r) => other.once('online', r));
      Atomics.store(c.wake, WAKE.pending, 0);
      const t0 = performance.now();
      s.beforeBlocking(c.wake);
      const spunFor = performance.now() - t0;
      await other.terminate();
      // Counted only as the spin reached its limit: the spin could not have seen it.
      if (Atomics.load(c.spin, SPIN.running) === 0 || s.lastSpell === 'wasted') {
        outcomes.push(`the other thread did not get in in time (${s.lastSpell}, ${spunFor.toFixed(2)} ms)`);
        continue;
      }
      assert.equal(s.lastSpell, 'blocked', `a spin another invocation stopped is neither wasted nor woken (it spun ${spunFor.toFixed(2)} ms)`);
      return;
    }
    assert.fail(`the other thread never counted its invocation during the spin: ${outcomes.join('; ')}`);
  });
});
