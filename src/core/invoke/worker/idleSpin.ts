/**
 * Whether an idle runtime spins before it blocks. A blocked thread costs the next invoke a
 * wake-up, and on an otherwise idle virtual machine a core that has gone idle costs every thread
 * woken on it more than the invoke itself; a spinning runtime keeps one core awake, so the host's
 * and the client's wake-ups are cheap too (a quiet 2-core machine serves a steady client about
 * 1.5× faster). On a busy machine the same spin takes a core from the threads the next invoke
 * waits for (the host, the client): the invoke then often comes later than the spin lasts, and
 * such a spin was wasted. So a spin that ends without an invoke backs off: the next BACK_OFF
 * idle spells block, BACK_OFF doubling with every wasted spin in a row (up to BACK_OFF_MAX), and
 * one spin that the invoke ends starts it again from 1. Measured on this 2-core machine at
 * concurrency 1: 15% of spins wasted when quiet, 45% beside one busy process.
 *
 * Only idle spells that follow a gap of at most twice SPIN_LIMIT_MS take part (invokes back to
 * back, or a client's next request a round trip later): a runtime invoked now and then never
 * spins. Only one runtime of the process spins at a time (SPIN.token), and only while no other
 * runtime of the process runs an invocation (SPIN.running: their threads want the cores).
 */
import { performance } from 'node:perf_hooks';
import { SPIN, uncountRunning, WAKE } from '../protocol';

/** The longest one idle spell spins. */
const SPIN_LIMIT_MS = 1;
/** Idle spells that block after the longest run of wasted spins. */
const BACK_OFF_MAX = 256;
/** Turns of the spin loop per look at the clock. */
const CLOCK_EVERY = 64;

export class IdleSpin {
  /** The last gap was short enough for this spell to spin. */
  private eligible = false;
  /** Idle spells left that block without trying to spin. */
  private backOff = 0;
  /** What the next wasted spin sets backOff to. */
  private nextBackOff = 1;
  /** What the last idle spell did: spun and got its invoke, spun in vain, or did not spin. */
  lastSpell: 'spun' | 'wasted' | 'blocked' = 'blocked';

  constructor(private readonly cells: Int32Array | undefined) {}

  /** The runtime has answered and asks for the next invoke: its invocation no longer counts as running. */
  wentIdle(wake: Int32Array): void {
    if (this.cells) uncountRunning(wake, this.cells);
  }

  /** Called once per idle spell, before the runtime blocks: spins when it may. */
  beforeBlocking(wake: Int32Array): void {
    this.lastSpell = 'blocked';
    const cells = this.cells;
    if (!cells || !this.eligible) return;
    if (this.backOff > 0) {
      this.backOff--;
      return;
    }
    const spun = spinUntilWoken(cells, wake, SPIN_LIMIT_MS);
    if (spun === 'woken') {
      this.lastSpell = 'spun';
      this.nextBackOff = 1;
    } else if (spun === 'wasted') {
      this.lastSpell = 'wasted';
      this.backOff = this.nextBackOff;
      this.nextBackOff = Math.min(BACK_OFF_MAX, this.nextBackOff * 2);
    }
  }

  /** The invoke came `gapMs` after the runtime said it was idle. */
  woken(gapMs: number): void {
    this.eligible = gapMs <= 2 * SPIN_LIMIT_MS;
  }
}

/** Running invocations other than this runtime's own (counted once the host has sent it one). */
function othersRunning(cells: Int32Array, wake: Int32Array): boolean {
  return Atomics.load(cells, SPIN.running) - Atomics.load(wake, WAKE.counted) !== 0;
}

/**
 * Spins until a message is pending ('woken'), `ms` pass ('wasted'), or another runtime starts an
 * invocation ('stopped'); 'none' when another runtime holds the token or runs an invocation.
 */
function spinUntilWoken(cells: Int32Array, wake: Int32Array, ms: number): 'woken' | 'wasted' | 'stopped' | 'none' {
  if (othersRunning(cells, wake) || Atomics.compareExchange(cells, SPIN.token, 0, 1) !== 0) return 'none';
  // The clock is read every CLOCK_EVERY turns: each read can allocate a heap number, and a read
  // per turn made a millisecond's spin allocate ~150 KB (a minor GC every few dozen invokes). The
  // module's own `performance`: the global one is a lazy getter, paid on every use.
  const until = performance.now() + ms;
  let end: 'woken' | 'wasted' | 'stopped' = 'wasted';
  for (let turn = 1; ; turn++) {
    if (Atomics.load(wake, WAKE.pending) !== 0) {
      end = 'woken';
      break;
    }
    if (othersRunning(cells, wake)) {
      end = 'stopped';
      break;
    }
    if (turn % CLOCK_EVERY === 0 && performance.now() >= until) break;
  }
  Atomics.store(cells, SPIN.token, 0);
  return end;
}
