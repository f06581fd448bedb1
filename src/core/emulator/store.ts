/**
 * In-memory functions per region, with their code per version. Every mutation goes through here;
 * the HTTP handlers only translate. Tests reach it as `emulator.store`.
 */
import type { CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import { ApiError, notFound } from './apiError';
import { newConfiguration, updatedConfiguration, withCode, type LayerSizes } from './configuration';
import { LayerStore } from './layerStore';
import { assertNotBusy, isFailed, viewConfiguration } from './lifecycle';
import { functionArn, type FunctionRef } from './names';
import type { FailureSpec, FunctionRecord, FunctionUrlConfig, StoredVersion } from './types';

export interface StoreOptions {
  accountId: string;
  stateDelayMs: number;
  updateDelayMs: number;
  codeStorageLimitBytes: number;
  now?: () => number;
}

export interface Resolved {
  record: FunctionRecord;
  version: StoredVersion;
  /** "$LATEST" or the version number. */
  qualifier: string;
}

export class FunctionStore {
  private readonly regions = new Map<string, Map<string, FunctionRecord>>();
  readonly now: () => number;
  /** The region's layers (PublishLayerVersion and friends); functions' Layers are checked against them. */
  readonly layers: LayerStore;

  constructor(readonly options: StoreOptions) {
    this.now = options.now ?? Date.now;
    this.layers = new LayerStore(options.accountId, () => this.now());
  }

  private region(region: string): Map<string, FunctionRecord> {
    let map = this.regions.get(region);
    if (!map) this.regions.set(region, (map = new Map()));
    return map;
  }

  arn(region: string, name: string, qualifier?: string): string {
    return functionArn(region, this.options.accountId, name, qualifier);
  }

  /** Regions that hold at least one function. */
  regionNames(): string[] {
    return [...this.regions].filter(([, m]) => m.size > 0).map(([r]) => r);
  }

  find(region: string, name: string): FunctionRecord | undefined {
    return this.regions.get(region)?.get(name);
  }

  /** The record and version a (possibly qualified) reference names, or ResourceNotFoundException. */
  resolve(region: string, ref: FunctionRef): Resolved {
    const record = this.find(region, ref.name);
    const q = ref.qualifier ?? '$LATEST';
    if (!record) throw notFound(this.arn(region, ref.name, ref.qualifier));
    if (q === '$LATEST') return { record, version: record.latest, qualifier: q };
    const version = record.versions.get(q);
    if (!version) throw notFound(this.arn(region, ref.name, q));
    return { record, version, qualifier: q };
  }

  /** Functions sorted by name, as ListFunctions pages them. */
  list(region: string): FunctionRecord[] {
    return [...(this.regions.get(region)?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  view(rec: FunctionRecord, version: StoredVersion = rec.latest): FunctionConfiguration {
    return viewConfiguration(rec, version, this.now());
  }

  codeBytes(region: string): number {
    let total = 0;
    for (const rec of this.regions.get(region)?.values() ?? []) {
      total += rec.latest.zip.length;
      for (const v of rec.versions.values()) total += v.zip.length;
    }
    return total;
  }

  assertStorage(region: string, extra: number): void {
    if (this.codeBytes(region) + this.layers.codeBytes(region) + extra > this.options.codeStorageLimitBytes) {
      throw new ApiError('CodeStorageExceededException', 'Code storage limit exceeded.');
    }
  }

  private publish(rec: FunctionRecord): void {
    const v = String(rec.nextVersion++);
    const config: FunctionConfiguration = structuredClone(rec.latest.config);
    config.Version = v;
    config.FunctionArn = this.arn(rec.region, rec.name, v);
    rec.versions.set(v, { config, zip: rec.latest.zip });
  }

  /** CreateFunction on validated input. `active` skips Pending (seeded functions). */
  create(region: string, input: CreateFunctionRequest, zip: Buffer, opts: { active?: boolean; layers?: LayerSizes } = {}): FunctionRecord {
    const name = input.FunctionName as string;
    const map = this.region(region);
    if (map.has(name)) throw new ApiError('ResourceConflictException', `Function already exist: ${name}`);
    this.assertStorage(region, zip.length * (input.Publish ? 2 : 1));
    const now = this.now();
    const arn = this.arn(region, name);
    const rec: FunctionRecord = {
      region,
      name,
      arn,
      latest: { config: newConfiguration(input, arn, region, zip, now, opts.layers), zip },
      versions: new Map(),
      nextVersion: 1,
      tags: { ...(input.Tags ?? {}) },
      // At least 1 ms, so the create response says Pending as the service's does.
      pendingUntil: opts.active ? now : now + Math.max(1, this.options.stateDelayMs),
      updatingUntil: 0,
    };
    if (input.Publish) this.publish(rec);
    map.set(name, rec);
    return rec;
  }

  private checkRevision(rec: FunctionRecord, revisionId: string | undefined): void {
    if (revisionId !== undefined && revisionId !== rec.latest.config.RevisionId) {
      throw new ApiError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
    }
  }

  private startUpdate(rec: FunctionRecord, now: number): void {
    // An update call clears an earlier State failure; a requested update failure applies to one update.
    if (rec.failure && isFailed(rec, now)) rec.failure = undefined;
    if (rec.updateFailure && rec.updatingUntil > rec.updateFailure.setAt) rec.updateFailure = undefined;
    rec.updatingUntil = now + Math.max(1, this.options.updateDelayMs);
  }

  updateCode(region: string, name: string, req: { zip: Buffer; revisionId?: string; publish?: boolean; architectures?: string[]; dryRun?: boolean }): FunctionRecord {
    const rec = this.resolve(region, { name }).record;
    const now = this.now();
    assertNotBusy(rec, now);
    this.checkRevision(rec, req.revisionId);
    if (req.dryRun) return { ...rec, latest: { config: withCode(rec.latest.config, req.zip, now, req.architectures), zip: req.zip } };
    this.assertStorage(region, req.zip.length - rec.latest.zip.length + (req.publish ? req.zip.length : 0));
    rec.latest = { config: withCode(rec.latest.config, req.zip, now, req.architectures), zip: req.zip };
    this.startUpdate(rec, now);
    if (req.publish) this.publish(rec);
    return rec;
  }

  updateConfiguration(region: string, name: string, input: UpdateFunctionConfigurationRequest, layers?: LayerSizes): FunctionRecord {
    const rec = this.resolve(region, { name }).record;
    const now = this.now();
    assertNotBusy(rec, now);
    this.checkRevision(rec, input.RevisionId);
    rec.latest = { config: updatedConfiguration(rec.latest.config, input, now, layers), zip: rec.latest.zip };
    this.startUpdate(rec, now);
    return rec;
  }

  /** DeleteFunction: the whole function, or one published version. */
  delete(region: string, ref: FunctionRef): void {
    const { record, qualifier } = this.resolve(region, ref);
    if (qualifier === '$LATEST') {
      if (ref.qualifier === '$LATEST') throw new ApiError('InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
      this.region(region).delete(record.name);
    } else record.versions.delete(qualifier);
  }

  // ---- test hooks ----

  /** Moves the function to State Failed (after its Pending delay, if it is still pending). */
  fail(region: string, name: string, spec: FailureSpec): void {
    const rec = this.resolve(region, { name }).record;
    rec.failure = { ...spec, at: Math.max(this.now(), rec.pendingUntil) };
  }

  /** Ends the current (or next) update with LastUpdateStatus Failed. */
  failUpdate(region: string, name: string, reason: string, code = 'InvalidConfiguration'): void {
    this.resolve(region, { name }).record.updateFailure = { reason, code, setAt: this.now() };
  }

  /** Ends Pending and any update in progress now (tests that must not depend on timing). */
  settle(region: string, name: string): void {
    const rec = this.resolve(region, { name }).record;
    const now = this.now();
    rec.pendingUntil = Math.min(rec.pendingUntil, now);
    rec.updatingUntil = Math.min(rec.updatingUntil, now);
    if (rec.failure) rec.failure.at = Math.min(rec.failure.at, now);
  }

  setFunctionUrl(region: string, name: string, cfg: Partial<FunctionUrlConfig> = {}): FunctionUrlConfig {
    const rec = this.resolve(region, { name }).record;
    const stamp = new Date(this.now()).toISOString();
    const id = Buffer.from(`${region}/${name}`).toString('hex').slice(0, 32).padEnd(32, '0');
    rec.url = {
      FunctionUrl: `https://${id}.lambda-url.${region}.on.aws/`,
      FunctionArn: rec.arn,
      AuthType: 'NONE',
      CreationTime: stamp,
      LastModifiedTime: stamp,
      InvokeMode: 'BUFFERED',
      ...cfg,
    };
    return rec.url;
  }

  clear(): void {
    this.regions.clear();
    this.layers.clear();
  }
}
