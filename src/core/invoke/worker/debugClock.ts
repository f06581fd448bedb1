/**
 * The runtime's view of the time a debugger has held it paused (Debug Locally, `invoke --inspect`),
 * so getRemainingTimeInMillis() counts only running time. The clock is written by the process's
 * main thread (pauseWatch), which keeps running while this thread is paused; this thread only reads
 * it. Without an inspector there is no clock and the context keeps its plain countdown.
 *
 * The clock is a single BigInt64 cell, so a read never sees half of an update. (With two cells, a
 * read racing the resume could take the old total and the cleared pause start, and miss the whole
 * pause: the handler that resumed saw its deadline already passed.) Running, the cell holds the
 * completed pauses in ms (≥ 0). Paused, it holds `completed − pauseStart` (pauseStart is epoch ms,
 * so the value is negative), and `now + cell` is the paused time up to now.
 */

/** Bytes of the shared clock. */
export const PAUSE_CLOCK_BYTES = 8;

/** The writer's side (pauseWatch): the clock while the runtime runs, after `totalMs` of completed pauses. */
export function clockRunning(clock: BigInt64Array, totalMs: number): void {
  Atomics.store(clock, 0, BigInt(Math.max(0, Math.round(totalMs))));
}

/** The writer's side: the runtime paused at `since` (epoch ms) after `totalMs` of completed pauses. */
export function clockPaused(clock: BigInt64Array, totalMs: number, since: number): void {
  Atomics.store(clock, 0, BigInt(Math.round(totalMs) - Math.max(1, Math.round(since))));
}

let clock: BigInt64Array | undefined;

export function useDebugClock(buffer: SharedArrayBuffer): void {
  clock = new BigInt64Array(buffer, 0, 1);
}

/** Milliseconds spent paused so far (a pause in progress counts up to now); undefined without an inspector. */
export function pausedMs(now: number): number | undefined {
  if (!clock) return undefined;
  return readPausedMs(clock, now);
}

/** What a clock cell says at `now` (exported for the tests of the encoding). */
export function readPausedMs(cell: BigInt64Array, now: number): number {
  const v = Number(Atomics.load(cell, 0));
  return v >= 0 ? v : Math.max(0, now + v);
}
