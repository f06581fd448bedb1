/** The environment pool: reuse while warm, caps per function and in total, idle reaping, disposal. */
import * as assert from 'node:assert/strict';
import { EnvironmentPool, type PoolEnvironment } from '../../../src/core/invoke/environmentPool';
import { type WorkbenchError } from '../../../src/core/errors';

class FakeEnv implements PoolEnvironment {
  static made = 0;
  readonly id = ++FakeEnv.made;
  state = 'warm';
  async dispose(): Promise<void> {
    this.state = 'disposed';
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

const make = async (): Promise<FakeEnv> => new FakeEnv();

describe('EnvironmentPool', () => {
  it('reuses an idle warm environment for the same key and makes a new one for concurrent use', async () => {
    const pool = new EnvironmentPool<FakeEnv>({ maxPerFunction: 5 });
    const a = await pool.use('k', 'f', make, async (e) => e);
    const b = await pool.use('k', 'f', make, async (e) => e);
    assert.equal(a, b, 'warm reuse');
    const g = gate();
    const [c, d] = await Promise.all([pool.use('k', 'f', make, async (e) => (await g.promise, e)), pool.use('k', 'f', make, async (e) => e).finally(g.open)]);
    assert.notEqual(c, d, 'concurrent invocations get their own environments');
    assert.equal(pool.size, 2);
    await pool.dispose();
    assert.equal(a.state, 'disposed');
    assert.equal(pool.size, 0);
  });

  it('refuses beyond the per-function cap, the reserved concurrency and the total cap with the service reasons', async () => {
    const pool = new EnvironmentPool<FakeEnv>({ maxPerFunction: 2, maxEnvironments: 3 });
    const g = gate();
    const hold = (fn: string, reserved?: number) => pool.use(fn, fn, make, () => g.promise, { reserved });
    const running = [hold('f'), hold('f')];
    await new Promise((r) => setImmediate(r));
    const refusal = async (p: Promise<unknown>): Promise<WorkbenchError> => {
      try {
        await p;
      } catch (e) {
        return e as WorkbenchError;
      }
      throw new Error('expected a refusal');
    };
    const f = await refusal(hold('f'));
    assert.equal(f.kind, 'throttled');
    assert.equal(f.code, 'TooManyRequestsException');
    assert.equal(f.options.details?.reason, 'ConcurrentInvocationLimitExceeded');
    assert.equal(f.options.details?.scope, 'function');
    const r = await refusal(hold('g', 0));
    assert.equal(r.options.details?.reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    running.push(hold('h'));
    await new Promise((r2) => setImmediate(r2));
    const total = await refusal(hold('i'));
    assert.equal(total.options.details?.scope, 'pool');
    assert.equal(pool.busy, 3);
    g.open();
    await Promise.all(running);
    assert.equal(pool.busy, 0);
    await pool.dispose();
  });

  it('queues instead of refusing when asked, and runs the waiter when a slot frees', async () => {
    const pool = new EnvironmentPool<FakeEnv>({ maxPerFunction: 1 });
    const g = gate();
    const first = pool.use('k', 'f', make, () => g.promise);
    let secondRan = false;
    const second = pool.use('k', 'f', make, async () => (secondRan = true), { queue: true });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(secondRan, false);
    g.open();
    await Promise.all([first, second]);
    assert.equal(secondRan, true);
    assert.equal(pool.size, 1, 'the queued invocation reused the freed environment');
    await pool.dispose();
  });

  it('reaps environments idle longer than idleTimeoutMs', async () => {
    const pool = new EnvironmentPool<FakeEnv>({ idleTimeoutMs: 50 });
    const e = await pool.use('k', 'f', make, async (x) => x);
    assert.equal(pool.size, 1);
    const deadline = Date.now() + 5000;
    while (pool.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(pool.size, 0);
    assert.equal(e.state, 'disposed');
  });

  it('evicts the least recently used idle environment to stay within the total cap', async () => {
    const pool = new EnvironmentPool<FakeEnv>({ maxEnvironments: 2 });
    const a = await pool.use('a', 'a', make, async (x) => x);
    const b = await pool.use('b', 'b', make, async (x) => x);
    await pool.use('c', 'c', make, async (x) => x);
    assert.equal(pool.size, 2);
    assert.equal(a.state, 'disposed', 'the oldest idle one went');
    assert.equal(b.state, 'warm');
    await pool.dispose();
  });

  it('retires other keys of a group (new code) and disposes an environment created after dispose()', async () => {
    const pool = new EnvironmentPool<FakeEnv>();
    const old = await pool.use('v1', 'f', make, async (x) => x);
    pool.retireOthers('f', 'v2');
    assert.equal(old.state, 'disposed');
    const slow = gate();
    let made: FakeEnv | undefined;
    const late = pool.use('v2', 'f', async () => (await slow.promise, (made = new FakeEnv())), async (x) => x);
    await pool.dispose();
    slow.open();
    await assert.rejects(late, (e: WorkbenchError) => e.kind === 'aborted');
    assert.equal(made?.state, 'disposed');
  });
});
