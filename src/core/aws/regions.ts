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

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** True when the id looks like a region (known or newer than our SDK's data). */
export function isValidRegion(id: string): boolean {
  return REGION_PATTERN.test(id);
}

export function regionName(id: string): string | undefined {
  return (regions as RegionInfo[]).find((r) => r.id === id)?.name;
}
