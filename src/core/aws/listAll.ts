import { WorkbenchError } from '../errors';
import type { FunctionConfiguration, LambdaService } from './types';

export interface RegionListing {
  region: string;
  functions: FunctionConfiguration[];
  pages: number;
  error?: WorkbenchError;
}

export interface ListAllOptions {
  signal?: AbortSignal;
  /** Regions listed at once; each region still pages sequentially (Marker chains). */
  concurrency?: number;
  pageSize?: number;
  /** Called as each region finishes, for streaming UIs. */
  onRegion?: (listing: RegionListing) => void;
}

/**
 * Lists every function in several regions in parallel (bounded), each region paging to the end.
 * One region's failure is reported on its listing and does not stop the others.
 */
export async function listAllRegions(service: LambdaService, regions: string[], options: ListAllOptions = {}): Promise<RegionListing[]> {
  const results: RegionListing[] = new Array(regions.length);
  let next = 0;
  const worker = async () => {
    while (next < regions.length) {
      const index = next++;
      const region = regions[index];
      const listing: RegionListing = { region, functions: [], pages: 0 };
      try {
        for await (const page of service.listFunctions(region, { signal: options.signal, pageSize: options.pageSize })) {
          listing.functions.push(...page.functions);
          listing.pages++;
        }
      } catch (e) {
        if (e instanceof WorkbenchError && e.kind === 'aborted') throw e;
        listing.error = e instanceof WorkbenchError ? e : new WorkbenchError('service', String(e), { cause: e });
      }
      results[index] = listing;
      options.onRegion?.(listing);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 8, regions.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
