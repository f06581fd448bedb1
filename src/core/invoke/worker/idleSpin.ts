/**
 * Whether an idle runtime spins before it blocks, decided by measuring. A blocked thread costs
 * the next invoke a wake-up, and on an otherwise idle virtual machine a core that has gone idle
 * costs every thread woken on it more than the invoke itself; a spinning runtime keeps one core
 * awake, so the host's and the client's wake-ups are cheap too (a quiet 2-core machine serves a
 * steady client about 1.5× faster). On a busy machine the same spin takes a core from threads
 * with work and serves about 1.6× slower. Neither can be told from inside the thread in advance,
 * so the runtime measures what it is for: the gap between saying it is idle and getting the next
 * invoke, in windows of WINDOW idle spells, and keeps the choice with the shorter gaps (each
 * choice's estimate: its last window's mean gap averaged with the estimate before), trying the other one window in EXPLORE in case the machine has changed.
 *
 * Only idle spells that follow a gap of at most twice SPIN_LIMIT_MS take part (invokes back to
 * back, or a client's next request a round trip later): a runtime invoked now and then never
 * spins. Only one runtime of the process spins at a time (SPIN.token), and only while no other
 * runtime of the process runs an invocation (SPIN.running: their threads want the cores).
 */
import { performance } from 'node:perf_hooks';
import { SPIN, WAKE } from '../protocol';

/** The longest one idle spell spins. */
const SPIN_LIMIT_MS = 1;
/** Idle spells per measured window. */
const WINDOW = 64;
/** One window in EXPLORE tries the choice not taken. */
const EXPLORE = 16;
/** Turns of the spin loop per look at the clock. */
const CLOCK_EVERY = 64;

export class IdleSpin {
  /** The choice that measured better (spinning, until measured). */
  private spinBetter = true;
  /** This window tries the other choice. */
  private trying = false;
  /** Windows since the last try; the first try comes after the first window. */
  private windows = EXPLORE - 1;
  /** Each choice's gap (ms): half the last window's mean, half the estimate before. */
  private readonly estimate = { spin: Number.POSITIVE_INFINITY, block: Number.POSITIVE_INFINITY };
  private sum = 0;
  private spells = 0;
  /** The last gap was short enough for this spell to take part. */
  private eligible = false;
  /** This spell takes part (measured) and whether it spun. */
  private measuring: { spun: boolean } | undefined;
  /** What the last idle spell did: spun, blocked by choice, or sat out (not measured). */
  lastSpell: 'spun' | 'blocked' | 'skipped' = 'skipped';

  constructor(private readonly cells: Int32Array | undefined) {}

  /** Called once per idle spell, before the runtime blocks: spins when that is the choice. */
  beforeBlocking(wake: Int32Array): void {
    this.measuring = undefined;
    this.lastSpell = 'skipped';
    const cells = this.cells;
    if (!cells || !this.eligible) return;
    // Another runtime spins, or invocations run elsewhere: this spell neither spins nor counts.
    if (Atomics.load(cells, SPIN.token) !== 0 || othersRunning(cells, wake)) return;
    const spin = this.trying ? !this.spinBetter : this.spinBetter;
    // A spin that could not start (another runtime took the token first) is not measured.
    if (spin && !spinUntilWoken(cells, wake, SPIN_LIMIT_MS)) return;
    this.measuring = { spun: spin };
    this.lastSpell = spin ? 'spun' : 'blocked';
  }

  /** The invoke came `gapMs` after the runtime said it was idle. */
  woken(gapMs: number): void {
    this.eligible = gapMs <= 2 * SPIN_LIMIT_MS;
    const m = this.measuring;
    this.measuring = undefined;
    if (!m) return;
    this.sum += gapMs;
    if (++this.spells < WINDOW) return;
    const kind = m.spun ? 'spin' : 'block';
    // The plain mean: what a spin costs on a busy machine is mostly in its slowest spells.
    const window = this.sum / this.spells;
    this.sum = 0;
    this.spells = 0;
    const before = this.estimate[kind];
    this.estimate[kind] = Number.isFinite(before) ? (before + window) / 2 : window;
    this.spinBetter = this.estimate.spin <= this.estimate.block;
    if (this.trying) this.trying = false;
    else if (++this.windows >= EXPLORE) {
      this.windows = 0;
      this.trying = true;
    }
  }

  /** For tests: the current choice. */
  get choice(): 'spin' | 'block' {
    return this.spinBetter ? 'spin' : 'block';
  }
}

/** Running invocations other than this runtime's own (counted once the host has sent it one). */
function othersRunning(cells: Int32Array, wake: Int32Array): boolean {
  return Atomics.load(cells, SPIN.running) - Atomics.load(wake, WAKE.counted) !== 0;
}

/**
 * Spins until a message is pending, `ms` pass, or another runtime starts an invocation; false
 * when another runtime holds the token.
 */
function spinUntilWoken(cells: Int32Array, wake: Int32Array, ms: number): boolean {
  if (Atomics.compareExchange(cells, SPIN.token, 0, 1) !== 0) return false;
  // The clock is read every CLOCK_EVERY turns: each read can allocate a heap number, and a read
  // per turn made a millisecond's spin allocate ~150 KB (a minor GC every few dozen invokes). The
  // module's own `performance`: the global one is a lazy getter, paid on every use.
  const until = performance.now() + ms;
  for (let turn = 1; Atomics.load(wake, WAKE.pending) === 0 && !othersRunning(cells, wake); turn++) {
    if (turn % CLOCK_EVERY === 0 && performance.now() >= until) break;
  }
  Atomics.store(cells, SPIN.token, 0);
  return true;
}
