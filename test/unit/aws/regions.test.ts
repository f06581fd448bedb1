import * as assert from 'node:assert/strict';
import { consoleHost, partitionOf } from '../../../src/core/aws/regionId';
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

  it('accepts every region the partition data knows, eusc-de-east-1 included (Choose Regions offers them all)', () => {
    for (const r of listRegions()) assert.ok(isValidRegion(r.id), r.id);
    assert.ok(isValidRegion('eusc-de-east-1'));
    assert.ok(!isValidRegion('evil.com/x') && !isValidRegion('us-east-1/../x'));
  });

  it('knows each region\'s partition and console host', () => {
    for (const r of listRegions()) assert.equal(partitionOf(r.id), r.partition, r.id);
    assert.equal(consoleHost('eu-west-1'), 'eu-west-1.console.aws.amazon.com');
    assert.equal(consoleHost('cn-north-1'), 'console.amazonaws.cn');
    assert.equal(consoleHost('us-gov-west-1'), 'console.amazonaws-us-gov.com');
    assert.equal(consoleHost('eusc-de-east-1'), 'console.amazonaws.eu');
  });
});
