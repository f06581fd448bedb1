import regions from './regions.generated.json';
import { partitionOf as partitionByPrefix } from './regionId';

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
 * partition data, else by the partitions' region prefixes (regionId.ts) for a region newer than that data.
 */
export function partitionOf(region: string): string {
  return (regions as RegionInfo[]).find((r) => r.id === region)?.partition ?? partitionByPrefix(region);
}

export function regionName(id: string): string | undefined {
  return (regions as RegionInfo[]).find((r) => r.id === id)?.name;
}
