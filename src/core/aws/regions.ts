import regions from './regions.generated.json';

export interface RegionInfo {
  id: string;
  name: string;
  partition: string;
}

/** Every region the SDK's partition data knows, commercial partition first. */
export function listRegions(): RegionInfo[] {
  const all = regions as RegionInfo[];
  return [...all.filter((r) => r.partition === 'aws'), ...all.filter((r) => r.partition !== 'aws')];
}

export { isValidRegion } from './regionId';

/**
 * The partition a region belongs to (the first field after `arn:` in its ARNs): from the SDK's
 * partition data, else by the partitions' region prefixes for a region newer than that data.
 */
export function partitionOf(region: string): string {
  const known = (regions as RegionInfo[]).find((r) => r.id === region);
  if (known) return known.partition;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

export function regionName(id: string): string | undefined {
  return (regions as RegionInfo[]).find((r) => r.id === id)?.name;
}
