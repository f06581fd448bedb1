/**
 * The runtime's view of the time a debugger has held it paused (Debug Locally, `invoke --inspect`),
 * so getRemainingTimeInMillis() counts only running time. The cells are written by the process's
 * main thread (pauseWatch), which keeps running while this thread is paused; this thread only reads
 * them. Without an inspector there are no cells and the context keeps its plain countdown.
 */

/** Cells of the shared clock (BigInt64): completed pauses in ms, and the current pause's start (epoch ms, 0 when running). */
export const PAUSE_CELLS = { totalMs: 0, since: 1, count: 2 } as const;

let cells: BigInt64Array | undefined;

export function useDebugClock(buffer: SharedArrayBuffer): void {
  cells = new BigInt64Array(buffer);
}

/** Milliseconds spent paused so far (a pause in progress counts up to now); undefined without an inspector. */
export function pausedMs(now: number): number | undefined {
  if (!cells) return undefined;
  const total = Number(Atomics.load(cells, PAUSE_CELLS.totalMs));
  const since = Number(Atomics.load(cells, PAUSE_CELLS.since));
  return since > 0 ? total + Math.max(0, now - since) : total;
}
