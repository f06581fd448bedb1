import * as assert from 'node:assert/strict';
import { listAllRegions } from '../../../src/core/aws/listAll';
import type { FunctionPage, LambdaService, ListOptions } from '../../../src/core/aws/types';
import { WorkbenchError } from '../../../src/core/errors';

/** A stub with just the paging behaviour listAllRegions relies on. */
function stubService(pages: Record<string, string[][]>, failing: Set<string> = new Set()): { service: LambdaService; inFlight: () => number; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const service = {
    connection: {},
    async *listFunctions(region: string, _o?: ListOptions): AsyncIterableIterator<FunctionPage> {
      for (const [i, names] of (pages[region] ?? []).entries()) {
        inFlight++;
        max = Math.max(max, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (failing.has(region)) throw new WorkbenchError('throttled', 'slow down');
        yield { functions: names.map((FunctionName) => ({ FunctionName })), nextMarker: i < pages[region].length - 1 ? String(i + 1) : undefined };
      }
    },
  } as unknown as LambdaService;
  return { service, inFlight: () => inFlight, maxInFlight: () => max };
}

describe('listAllRegions', () => {
  it('pages every region to the end and keeps the regions in order', async () => {
    const { service } = stubService({ 'us-east-1': [['a', 'b'], ['c']], 'eu-west-1': [['d']], 'ap-south-1': [] });
    const listings = await listAllRegions(service, ['us-east-1', 'eu-west-1', 'ap-south-1']);
    assert.deepEqual(
      listings.map((l) => [l.region, l.pages, l.functions.map((f) => f.FunctionName)]),
      [
        ['us-east-1', 2, ['a', 'b', 'c']],
        ['eu-west-1', 1, ['d']],
        ['ap-south-1', 0, []],
      ],
    );
  });

  it('runs regions in parallel up to the concurrency bound', async () => {
    const regions = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const { service, maxInFlight } = stubService(Object.fromEntries(regions.map((r) => [r, [['x']]])));
    await listAllRegions(service, regions, { concurrency: 2 });
    assert.equal(maxInFlight(), 2);
  });

  it('reports a failing region without stopping the others', async () => {
    const { service } = stubService({ good: [['a']], bad: [['b']] }, new Set(['bad']));
    const seen: string[] = [];
    const listings = await listAllRegions(service, ['bad', 'good'], { onRegion: (l) => seen.push(l.region) });
    assert.equal(listings[0].error?.kind, 'throttled');
    assert.deepEqual(listings[1].functions.map((f) => f.FunctionName), ['a']);
    assert.deepEqual(seen.sort(), ['bad', 'good']);
  });
});
