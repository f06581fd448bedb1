import * as assert from 'node:assert/strict';
import { isValidRegion, listRegions, regionName } from '../../../src/core/aws/regions';

describe('regions from the SDK partition data', () => {
  it('lists commercial regions first and includes well-known ones with names', () => {
    const regions = listRegions();
    assert.ok(regions.length > 25, `only ${regions.length} regions`);
    assert.equal(regions[0].partition, 'aws');
    const ids = regions.map((r) => r.id);
    for (const id of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1']) assert.ok(ids.includes(id), id);
    assert.ok(!ids.some((id) => id.startsWith('aws-')), 'pseudo-regions are excluded');
    assert.equal(regionName('eu-west-1'), 'Europe (Ireland)');
  });

  it('validates region shapes', () => {
    assert.ok(isValidRegion('us-east-1'));
    assert.ok(isValidRegion('us-gov-west-1'));
    assert.ok(!isValidRegion('useast1'));
    assert.ok(!isValidRegion('US-EAST-1'));
    assert.ok(!isValidRegion(''));
  });
});
