/**
 * The idle runtime's spin-or-block choice (worker/idleSpin.ts): it keeps whichever gives the
 * shorter gaps between going idle and the next invoke, tries the other now and then, spins only
 * for invokes coming back to back, and never while another runtime of the process holds the spin
 * or runs an invocation.
 */
import * as assert from 'node:assert/strict';
import { SPIN, WAKE } from '../../../src/core/invoke/protocol';
import { IdleSpin } from '../../../src/core/invoke/worker/idleSpin';

function cells(): { spin: Int32Array; wake: Int32Array } {
  return { spin: new Int32Array(new SharedArrayBuffer(4 * SPIN.cells)), wake: new Int32Array(new SharedArrayBuffer(4 * WAKE.cells)) };
}

/**
 * One idle spell: the invoke is already pending (so a spin ends at once); the spell measures
 * `gaps.spun` if it spun, else `gaps.blocked`. Returns whether it spun.
 */
function spell(s: IdleSpin, c: { spin: Int32Array; wake: Int32Array }, gaps: { spun: number; blocked: number }): boolean {
  Atomics.store(c.wake, WAKE.pending, 1);
  s.beforeBlocking(c.wake);
  const spun = s.lastSpell === 'spun';
  s.woken(spun ? gaps.spun : gaps.blocked);
  return spun;
}

const observed = (c: { spin: Int32Array }): IdleSpin => new IdleSpin(c.spin);

describe('invoke: an idle runtime spins or blocks by what it measures', () => {
  it('does not spin before invokes come back to back, then spins', () => {
    const c = cells();
    const s = observed(c);
    assert.equal(spell(s, c, { spun: 0.3, blocked: 50 }), false, 'the first spell: no gap seen yet');
    // That gap (50 ms) was long: the next spell blocks too.
    assert.equal(spell(s, c, { spun: 0.3, blocked: 0.5 }), false);
    // 0.5 ms is back to back: spin.
    assert.equal(spell(s, c, { spun: 0.3, blocked: 0.5 }), true);
  });

  it('keeps blocking when blocking measured shorter gaps, spinning when spinning did, and looks again now and then', () => {
    const c = cells();
    const s = observed(c);
    // A busy machine: spinning makes the gaps longer.
    const busy = { spun: 0.9, blocked: 0.4 };
    const kinds: boolean[] = [];
    for (let i = 0; i < 64 * 40; i++) kinds.push(spell(s, c, busy));
    assert.equal(s.choice, 'block');
    const lastWindows = kinds.slice(-64 * 32);
    const spinning = lastWindows.filter(Boolean).length;
    assert.ok(spinning > 0, 'it still tries spinning now and then');
    assert.ok(spinning <= (64 * 32) / 8, `it mostly blocks (${spinning} of ${lastWindows.length} spells spun)`);
    // The machine goes quiet: spinning now wins, and the next try finds it.
    const quiet = { spun: 0.3, blocked: 0.8 };
    for (let i = 0; i < 64 * 40; i++) spell(s, c, quiet);
    assert.equal(s.choice, 'spin');
  });

  it('neither spins nor measures while another runtime holds the spin or runs an invocation', () => {
    const c = cells();
    const s = observed(c);
    spell(s, c, { spun: 0.3, blocked: 0.5 });
    Atomics.store(c.spin, SPIN.token, 1);
    assert.equal(spell(s, c, { spun: 0.3, blocked: 0.5 }), false);
    Atomics.store(c.spin, SPIN.token, 0);
    Atomics.store(c.spin, SPIN.running, 1);
    assert.equal(spell(s, c, { spun: 0.3, blocked: 0.5 }), false);
    // Its own invocation (counted for this runtime) does not stop it.
    Atomics.store(c.wake, WAKE.counted, 1);
    assert.equal(spell(s, c, { spun: 0.3, blocked: 0.5 }), true);
  });

  it('a spin ends at once when the invoke arrives and gives the token back', () => {
    const c = cells();
    const s = new IdleSpin(c.spin);
    Atomics.store(c.wake, WAKE.pending, 1);
    s.woken(0.5);
    const t0 = performance.now();
    s.beforeBlocking(c.wake);
    assert.ok(performance.now() - t0 < 0.9, 'it did not spin its full millisecond');
    assert.equal(Atomics.load(c.spin, SPIN.token), 0);
    // With nothing pending it spins its limit (1 ms) and then blocks.
    Atomics.store(c.wake, WAKE.pending, 0);
    const t1 = performance.now();
    s.beforeBlocking(c.wake);
    assert.ok(performance.now() - t1 >= 1, 'it spun up to its limit');
    assert.equal(Atomics.load(c.spin, SPIN.token), 0);
  });
});
