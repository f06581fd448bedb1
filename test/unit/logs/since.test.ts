import * as assert from 'node:assert/strict';
import { parseSince } from '../../../src/core/logs/since';

describe('--since / start window', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  it('takes durations and ISO dates', () => {
    assert.equal(parseSince('10m', now), now - 600_000);
    assert.equal(parseSince('30s', now), now - 30_000);
    assert.equal(parseSince('2h', now), now - 7_200_000);
    assert.equal(parseSince('1d', now), now - 86_400_000);
    assert.equal(parseSince('1w', now), now - 604_800_000);
    assert.equal(parseSince('2026-06-01T11:00:00Z', now), now - 3_600_000);
    assert.equal(parseSince('2026-06-01', now), Date.parse('2026-06-01T00:00:00Z'));
  });
  it('refuses what is not a time, the future, and absurd ranges (usage errors)', () => {
    for (const bad of ['yesterday', '10', 'm', '-5m', '2026-13-45', '2026-06-02T00:00:00Z', '999999999w']) {
      assert.throws(() => parseSince(bad, now), (e: Error & { kind?: string }) => e.kind === 'usage', bad);
    }
  });
});
