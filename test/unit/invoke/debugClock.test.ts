/**
 * The debug clock's single-cell encoding: the paused time it reports while running and mid-pause.
 * (One cell is what keeps a read racing a resume whole; a two-cell clock once lost a whole pause.)
 */
import * as assert from 'node:assert/strict';
import { clockPaused, clockRunning, PAUSE_CLOCK_BYTES, readPausedMs } from '../../../src/core/invoke/worker/debugClock';

describe('debug clock', () => {
  it('reports completed pauses while running, and counts a pause in progress up to now', () => {
    const cell = new BigInt64Array(new SharedArrayBuffer(PAUSE_CLOCK_BYTES));
    assert.equal(readPausedMs(cell, 5_000), 0);
    clockPaused(cell, 0, 1_000);
    assert.equal(readPausedMs(cell, 1_000), 0);
    assert.equal(readPausedMs(cell, 1_250), 250);
    clockRunning(cell, 250);
    assert.equal(readPausedMs(cell, 9_999), 250);
    const since = Date.now();
    clockPaused(cell, 250, since);
    assert.equal(readPausedMs(cell, since + 40), 290);
    assert.equal(readPausedMs(cell, since - 10), 240, 'a clock stepping back mid-pause counts the pause as up to now');
    clockRunning(cell, 290);
    assert.equal(readPausedMs(cell, since + 1_000_000), 290);
  });
});
