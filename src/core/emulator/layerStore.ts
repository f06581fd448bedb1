/**
 * In-memory layers per region: every published version with its zip, for PublishLayerVersion,
 * GetLayerVersion(ByArn), ListLayers, ListLayerVersions and DeleteLayerVersion, and the checks
 * the service makes when a function names layers (at most 5, each one existing and readable, 250 MB
 * unzipped together with the function's code). Tests reach it as `emulator.layers`.
 */
import { inspectZip } from '../config/validationZip';
import { LIMITS } from '../config/validationRules';
import { partitionOf } from '../aws/regions';
import { layerArn, parseLayerVersionArn } from '../layers/layerArn';
import { ApiError, invalid } from './apiError';
import { codeSha256, lastModified } from './configuration';

export interface LayerVersionRecord {
  region: string;
  name: string;
  version: number;
  zip: Buffer;
  codeSha256: string;
  /** The sum of the files' uncompressed sizes (the 250 MB limit counts these). */
  unzippedBytes: number;
  description: string;
  licenseInfo?: string;
  compatibleRuntimes?: string[];
  compatibleArchitectures?: string[];
  createdDate: string;
  /**
   * Deleted versions leave the lists and the Get calls, but functions that use one keep running
   * with it, as on Lambda (the function holds its own copy).
   */
  deleted?: boolean;
}

export interface PublishLayerInput {
  description?: string;
  licenseInfo?: string;
  compatibleRuntimes?: string[];
  compatibleArchitectures?: string[];
}

interface LayerRecord {
  /** The next version number: numbers are never reused, even after deletes. */
  next: number;
  versions: Map<number, LayerVersionRecord>;
}

export class LayerStore {
  private readonly regions = new Map<string, Map<string, LayerRecord>>();

  constructor(
    readonly accountId: string,
    private readonly now: () => number,
  ) {}

  private region(region: string): Map<string, LayerRecord> {
    let map = this.regions.get(region);
    if (!map) this.regions.set(region, (map = new Map()));
    return map;
  }

  layerArn(region: string, name: string): string {
    return layerArn(partitionOf(region), region, this.accountId, name);
  }

  versionArn(v: LayerVersionRecord): string {
    return `${this.layerArn(v.region, v.name)}:${v.version}`;
  }

  /** Bytes of every layer version still stored in a region (code storage counts them). */
  codeBytes(region: string): number {
    let total = 0;
    for (const layer of this.regions.get(region)?.values() ?? []) for (const v of layer.versions.values()) if (!v.deleted) total += v.zip.length;
    return total;
  }

  publish(region: string, name: string, zip: Buffer, input: PublishLayerInput): LayerVersionRecord {
    const map = this.region(region);
    let layer = map.get(name);
    if (!layer) map.set(name, (layer = { next: 1, versions: new Map() }));
    const version = layer.next++;
    const rec: LayerVersionRecord = {
      region,
      name,
      version,
      zip,
      codeSha256: codeSha256(zip),
      unzippedBytes: inspectZip(zip).uncompressedSize,
      description: input.description ?? '',
      createdDate: lastModified(this.now()),
      ...(input.licenseInfo !== undefined ? { licenseInfo: input.licenseInfo } : {}),
      ...(input.compatibleRuntimes?.length ? { compatibleRuntimes: [...input.compatibleRuntimes] } : {}),
      ...(input.compatibleArchitectures?.length ? { compatibleArchitectures: [...input.compatibleArchitectures] } : {}),
    };
    layer.versions.set(version, rec);
    return rec;
  }

  /** A live version, or undefined. */
  get(region: string, name: string, version: number): LayerVersionRecord | undefined {
    const v = this.regions.get(region)?.get(name)?.versions.get(version);
    return v && !v.deleted ? v : undefined;
  }

  /** Live versions of a layer, newest first. */
  versions(region: string, name: string): LayerVersionRecord[] {
    return [...(this.regions.get(region)?.get(name)?.versions.values() ?? [])].filter((v) => !v.deleted).sort((a, b) => b.version - a.version);
  }

  /** Names of layers with at least one live version, sorted. */
  names(region: string): string[] {
    return [...(this.regions.get(region)?.keys() ?? [])].filter((n) => this.versions(region, n).length > 0).sort();
  }

  /** DeleteLayerVersion: idempotent, as the service's. */
  delete(region: string, name: string, version: number): void {
    const v = this.regions.get(region)?.get(name)?.versions.get(version);
    if (v) v.deleted = true;
  }

  /** The content a function's configuration refers to, deleted or not (functions keep their layers). */
  content(arn: string): LayerVersionRecord | undefined {
    const ref = parseLayerVersionArn(arn);
    if (!ref || ref.account !== this.accountId) return undefined;
    return this.regions.get(ref.region)?.get(ref.name)?.versions.get(ref.version);
  }

  /**
   * The checks CreateFunction / UpdateFunctionConfiguration / UpdateFunctionCode make on a
   * function's Layers (ARN format and the count are validateFunction's): each one must be in the
   * function's region, readable (this account) and exist; together with the function's code they
   * must unzip to at most 250 MB. Returns each layer's CodeSize, in order.
   */
  resolveForFunction(region: string, arns: readonly string[], functionUnzippedBytes: number): { Arn: string; CodeSize: number }[] {
    const out: { Arn: string; CodeSize: number }[] = [];
    let total = functionUnzippedBytes;
    const seen = new Set<string>();
    for (const arn of arns) {
      const ref = parseLayerVersionArn(arn);
      if (!ref) throw invalid(`Layer ${arn} is not a layer version ARN: use arn:aws:lambda:REGION:123456789012:layer:NAME:VERSION.`);
      // The service refuses the same layer twice in one function.
      if (seen.has(ref.layerArn)) throw invalid(`Two different versions of the same layer are not allowed: ${ref.layerArn} appears more than once in Layers.`);
      seen.add(ref.layerArn);
      if (ref.account !== this.accountId) throw layerAccessDenied(arn);
      if (ref.region !== region) throw invalid(`Layer version ${arn} is in ${ref.region}, not in the function's region ${region}: a function can only use layers from its own region.`);
      const v = this.get(ref.region, ref.name, ref.version);
      if (!v) throw invalid(`Layer version ${arn} does not exist.`);
      total += v.unzippedBytes;
      out.push({ Arn: arn, CodeSize: v.zip.length });
    }
    if (total > LIMITS.unzippedBytes) {
      throw invalid(`Function code combined with layers exceeds the maximum allowed size of ${LIMITS.unzippedBytes} bytes. The actual size is ${total} bytes.`);
    }
    return out;
  }

  clear(): void {
    this.regions.clear();
  }
}

/** This server holds one account: a layer of any other cannot be read, as without a layer permission on Lambda. */
export function layerAccessDenied(arn: string): ApiError {
  return new ApiError(
    'AccessDeniedException',
    `User is not authorized to perform: lambda:GetLayerVersion on resource: ${arn} because no resource-based policy allows the lambda:GetLayerVersion action`,
  );
}
