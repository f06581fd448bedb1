import * as assert from 'node:assert/strict';
import { FaultInjector, seededRandom } from '../../../src/core/emulator/faults';

describe('fault injection', () => {
  it('a seed gives a repeatable sequence in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 100 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 100 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, seededRandom(43)));
  });

  it('hits roughly the asked rates and only the chosen operations', () => {
    const f = new FaultInjector({ throttleRate: 0.2, errorRate: 0.1, faultSeed: 1, faultOperations: ['ListFunctions'] });
    const kinds = Array.from({ length: 2000 }, () => f.next('ListFunctions')?.errorType ?? 'ok');
    const share = (k: string) => kinds.filter((x) => x === k).length / kinds.length;
    assert.ok(Math.abs(share('TooManyRequestsException') - 0.2) < 0.04);
    assert.ok(Math.abs(share('ServiceException') - 0.1) < 0.03);
    assert.equal(f.next('GetFunction'), undefined);
  });

  it('is off at rate 0 and refuses rates outside 0-1', () => {
    assert.equal(new FaultInjector({}).next('ListFunctions'), undefined);
    assert.throws(() => new FaultInjector({ throttleRate: 1.5 }), /throttleRate must be between 0 and 1/);
    assert.throws(() => new FaultInjector({ errorRate: -0.1 }), /errorRate/);
  });
});
