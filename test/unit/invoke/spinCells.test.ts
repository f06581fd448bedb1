/**
 * The process-wide count of running invocations that decides whether an idle runtime may spin
 * (protocol.ts SPIN, worker/channel.ts): each runtime counts once however it ends, so the count
 * returns to zero after answers, timeouts and crashes, and a count stuck above zero (which would
 * silently turn spinning off for good) cannot happen.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { countRunning, SPIN, uncountRunning, WAKE } from '../../../src/core/invoke/protocol';
import { spinCells } from '../../../src/core/invoke/workerPool';
import { createEnvironment, type LocalEnvironment } from '../../../src/core/invoke';

const hostile = path.resolve(__dirname, '../../../../test/fixtures/invoke/hostile');

describe('invoke: the running-invocation count behind the idle spin', () => {
  it('counts a runtime once, whoever takes it off first (the runtime going idle, or the host seeing it exit)', () => {
    const spin = new Int32Array(SPIN.cells);
    const a = new Int32Array(WAKE.cells);
    const b = new Int32Array(WAKE.cells);
    countRunning(a, spin);
    countRunning(a, spin);
    countRunning(b, spin);
    assert.equal(spin[SPIN.running], 2);
    uncountRunning(a, spin);
    uncountRunning(a, spin);
    assert.equal(spin[SPIN.running], 1);
    assert.equal(a[WAKE.counted], 0);
    uncountRunning(b, spin);
    assert.equal(spin[SPIN.running], 0);
  });

  describe('with real environments', () => {
    const open: LocalEnvironment[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((e) => e.dispose()));
    });
    async function env(handler: string, timeout = 30): Promise<LocalEnvironment> {
      const e = await createEnvironment({ codeDir: hostile, handler, timeout });
      open.push(e);
      return e;
    }
    const running = (): number => Atomics.load(spinCells, SPIN.running);

    it('is 1 while an invocation runs and 0 once it has answered', async () => {
      const e = await env('index.sleep');
      const before = running();
      const invocation = e.invoke({ ms: 300 });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(running(), before + 1);
      const r = await invocation;
      assert.equal(r.payload, '"slept"');
      // The runtime takes itself off when it asks for the next event, a moment after answering.
      for (let i = 0; i < 100 && running() !== before; i++) await new Promise((res) => setTimeout(res, 10));
      assert.equal(running(), before);
    });

    it('returns to 0 when the invocation times out or the runtime exits mid-invocation', async function () {
      this.timeout(30_000);
      const before = running();
      const looping = await env('index.loop', 1);
      const r = await looping.invoke({});
      assert.equal(r.status, 'timeout');
      const exiting = await env('index.exit');
      const x = await exiting.invoke({});
      assert.equal(x.functionError, 'Unhandled');
      for (let i = 0; i < 100 && running() !== before; i++) await new Promise((res) => setTimeout(res, 10));
      assert.equal(running(), before);
    });
  });
});
