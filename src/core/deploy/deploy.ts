/**
 * The deploy engine: package the folder, then create the function or update its code and
 * configuration, waiting for Lambda between steps as it requires.
 *
 * Every stop (failure or cancellation) after something may have changed remotely is reported with
 * what was done and what state the function is in, looked up again after the stop.
 */
import { realpathSync } from 'node:fs';
import type { CreateFunctionRequest, FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../aws/types';
import { isAbort, isWorkbenchError, throwIfAborted, WorkbenchError } from '../errors';
import { formatBytes } from '../package/limits';
import { packageFolder } from '../package/packageFolder';
import { summarizeManifest, type PackageProgress, type PackageResult } from '../package/types';
import { applyBuildSettings } from './buildSettings';
import { diffConfiguration } from './configDiff';
import { findDrift, formatDrift, readDeployRecord, writeDeployRecord } from './drift';
import { describeStop } from './stopReport';
import { resolveDeployTarget, type DeployTarget } from './target';
import type { DeployOptions, DeployPhase, DeployProgress, DeployRequest, DeployResult, DeployStopState } from './types';
import { checkCodeUpdate, checkCreateRequest, checkSettings } from './validation';

/** How often one mutating call is retried after waiting out "an update is in progress". */
const CONFLICT_ATTEMPTS = 4;

export async function deploy(service: LambdaService, request: DeployRequest, options: DeployOptions = {}): Promise<DeployResult> {
  const target = await resolveDeployTarget(request);
  // The API reference's rules, before anything is packaged or sent.
  target.warnings.push(...checkSettings(target.settings, settingsSource(target)));
  const run = new DeployRun(service, target, request, options);
  try {
    return await run.execute();
  } catch (e) {
    throw await describeStop(service, e, run.stop);
  }
}

class DeployRun {
  readonly stop: DeployStopState;
  private readonly warnings: string[];
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly service: LambdaService,
    private readonly target: DeployTarget,
    private readonly request: DeployRequest,
    private readonly options: DeployOptions,
  ) {
    this.stop = { stage: 'packaging', functionName: target.functionName, region: target.region, created: false, codeUpdated: false, configurationUpdated: false };
    this.warnings = [...target.warnings];
    this.signal = options.signal;
  }

  private progress(phase: DeployPhase, message: string, extra: Partial<DeployProgress> = {}): void {
    this.stop.stage = phase;
    this.options.onProgress?.({ phase, message, ...extra });
  }

  async execute(): Promise<DeployResult> {
    const { functionName: name, region } = this.target;
    throwIfAborted(this.signal, 'The deploy');
    const pkg = await this.package();
    this.stop.localCodeSha256 = pkg.manifest.codeSha256;
    this.warnings.push(...pkg.manifest.warnings);
    // Everything known so far (a Runtime that cannot run this code, secrets left out, ...) is told
    // before anything is sent, not only in the result.
    for (const w of this.warnings) this.options.onWarning?.(w);

    this.progress('checking', `Looking up ${name} in ${region}…`);
    const existing = await this.service.tryGetFunction(region, name, { signal: this.signal });
    this.stop.mode = existing?.Configuration ? 'update' : 'create';
    // A built package runs under the built file's Handler (and, with source maps, NODE_OPTIONS).
    this.warnings.push(...applyBuildSettings(this.target.settings, pkg.manifest, existing?.Configuration));
    if (!existing?.Configuration) return this.create(pkg);
    return this.update(pkg, existing.Configuration, existing.Tags);
  }

  private async package(): Promise<PackageResult> {
    const { codeRoot } = this.target;
    this.progress('packaging', `Packaging ${codeRoot}…`);
    const prebuilt = this.request.prebuilt;
    if (prebuilt && prebuilt.manifest.root === safeRealpath(codeRoot)) return prebuilt;
    return packageFolder(codeRoot, {
      ...this.request.packageOptions,
      ...this.target.packageOptions,
      signal: this.signal,
      onProgress: (p) => this.progress('packaging', packagingMessage(p), { packaging: p }),
    });
  }

  private async create(pkg: PackageResult): Promise<DeployResult> {
    const { functionName: name, region } = this.target;
    if (this.request.allowCreate === false) {
      throw new WorkbenchError('notFound', `Function "${name}" does not exist in ${region}; nothing was uploaded.`, {
        hint: 'Pass --create with --role, --runtime and --handler (or set Role, Runtime and Handler in lambda-workbench.json) to create it.',
      });
    }
    const input = { ...this.target.settings, Code: { ZipFile: pkg.zip } } as CreateFunctionRequest;
    this.warnings.push(...checkCreateRequest(input, settingsSource(this.target)));
    this.progress('uploading', `Creating ${name} (${formatBytes(pkg.zip.length)})…`);
    await this.service.createFunction(region, input, { signal: this.signal });
    this.stop.created = true;
    const ready = await this.waitReady(`Waiting for ${name} to become Active…`);
    const changed = Object.keys(this.target.settings).filter((k) => k !== 'FunctionName');
    return this.result('created', pkg, ready, { codeUpdated: true, configurationUpdated: true, changed });
  }

  private async update(pkg: PackageResult, deployed: FunctionConfiguration, tags: Record<string, string> | undefined): Promise<DeployResult> {
    const { functionName: name, settings } = this.target;
    if (deployed.PackageType === 'Image') {
      throw new WorkbenchError('validation', `Function "${name}" runs a container image; this tool deploys .zip packages only. Nothing was uploaded.`, {
        hint: 'Deploy to a .zip-based function, or update the image with your container tooling.',
      });
    }
    // Before anything is uploaded: settings changed elsewhere since this folder's last deploy are
    // not overwritten unless the caller says so.
    if (!this.request.force) {
      const drift = findDrift(settings, this.target.region, deployed, await readDeployRecord(this.target.folder, this.target.region, name));
      if (drift) {
        throw new WorkbenchError('conflict', `${name} in ${this.target.region} was changed since this folder last deployed it; deploying would undo ${drift.entries.map((e) => e.setting).join(', ')}.\n${formatDrift(drift)}`, {
          code: 'ConfigurationDrift',
          hint: 'Deploy with --force to overwrite the function, or copy the function\'s values into lambda-workbench.json.',
          details: { drift },
        });
      }
    }
    let current = deployed;
    if (isBusy(current)) current = await this.waitReady(`Waiting for an earlier update of ${name} to finish…`);

    const local = pkg.manifest.codeSha256;
    const wantArch = settings.Architectures;
    const archDiffers = (cfg: FunctionConfiguration) => wantArch !== undefined && wantArch.join(',') !== (cfg.Architectures ?? ['x86_64']).join(',');
    let codeUpdated = false;
    // Each attempt decides from the function as it is now: after someone else's update the
    // RevisionId is new, and their update may even have made ours unnecessary.
    for (let attempt = 1; current.CodeSha256 !== local || archDiffers(current); attempt++) {
      const arch = archDiffers(current) ? wantArch : undefined;
      checkCodeUpdate({ FunctionName: name, ZipFile: pkg.zip, Architectures: arch }, settingsSource(this.target));
      this.progress('uploading', `Uploading ${formatBytes(pkg.zip.length)} to ${name}…`);
      const sent = await this.attempt(attempt, () =>
        this.service.updateFunctionCode(
          this.target.region,
          { functionName: name, zipFile: pkg.zip, revisionId: current.RevisionId, architectures: arch, publish: settings.Publish },
          { signal: this.signal },
        ),
      );
      if (sent) {
        this.stop.codeUpdated = codeUpdated = true;
        current = await this.waitReady(`Waiting for ${name} to finish the code update…`);
        break;
      }
      current = await this.waitReady(`${name} is busy with another update; waiting to retry…`);
    }

    const warnings = new Set<string>();
    let changed: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const diff = diffConfiguration(settings, current, tags);
      diff.warnings.forEach((w) => warnings.add(w));
      if (diff.changed.length === 0) break;
      this.progress('configuring', `Applying ${diff.changed.join(', ')} to ${name}…`);
      const sent = await this.attempt(attempt, () =>
        this.service.updateFunctionConfiguration(this.target.region, { FunctionName: name, RevisionId: current.RevisionId, ...diff.changes }, { signal: this.signal }),
      );
      if (sent) {
        changed = diff.changed;
        this.stop.configurationUpdated = true;
        current = await this.waitReady(`Waiting for ${name} to finish the configuration update…`);
        break;
      }
      current = await this.waitReady(`${name} is busy with another update; waiting to retry…`);
    }
    this.warnings.push(...warnings);
    const action = codeUpdated || changed.length ? 'updated' : 'unchanged';
    return this.result(action, pkg, current, { codeUpdated, configurationUpdated: changed.length > 0, changed });
  }

  /**
   * One mutating call. Resolves false when the function was busy with (or changed by) another
   * update, so the caller waits, re-reads and tries again; any other failure is thrown.
   * (The AWS layer already waits out "update in progress", then re-sends with the old RevisionId,
   * which ends as PreconditionFailedException: that is handled here.)
   */
  private async attempt(attempt: number, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (e) {
      if (!isRetryableConflict(e) || attempt >= CONFLICT_ATTEMPTS) throw e;
      return false;
    }
  }

  private waitReady(message: string): Promise<FunctionConfiguration> {
    this.progress('waiting', message);
    return this.service.waitUntilReady(this.target.region, this.target.functionName, {
      signal: this.signal,
      intervalMs: this.options.waitIntervalMs,
      timeoutMs: this.options.waitTimeoutMs,
      onProgress: (s) => this.options.onProgress?.({ phase: 'waiting', message, state: s.state, lastUpdateStatus: s.lastUpdateStatus }),
    });
  }

  /** Remembers what this deploy left on the function, for the next deploy's drift check. */
  private async record(cfg: FunctionConfiguration): Promise<void> {
    try {
      await writeDeployRecord(this.target.folder, this.target.region, this.target.settings, cfg);
    } catch (e) {
      this.warnings.push(`Could not record this deploy in .lambda/deploy-state.json (${(e as Error).message}); the next deploy cannot tell whether the function was changed elsewhere.`);
    }
  }

  private async result(
    action: DeployResult['action'],
    pkg: PackageResult,
    cfg: FunctionConfiguration,
    done: { codeUpdated: boolean; configurationUpdated: boolean; changed: string[] },
  ): Promise<DeployResult> {
    await this.record(cfg);
    const local = pkg.manifest.codeSha256;
    if (cfg.CodeSha256 && cfg.CodeSha256 !== local) {
      this.warnings.push(`Lambda reports CodeSha256 ${cfg.CodeSha256} for ${this.target.functionName}, but the package's is ${local}.`);
    }
    return {
      action,
      functionName: this.target.functionName,
      region: this.target.region,
      functionArn: cfg.FunctionArn ?? '',
      codeSha256: cfg.CodeSha256 ?? local,
      state: cfg.State,
      lastUpdateStatus: cfg.LastUpdateStatus,
      codeUpdated: done.codeUpdated,
      configurationUpdated: done.configurationUpdated,
      changedSettings: done.changed,
      manifest: summarizeManifest(pkg.manifest),
      warnings: this.warnings,
    };
  }
}

function settingsSource(target: DeployTarget): string {
  return target.bindingFile ? 'lambda-workbench.json' : 'the deploy settings';
}

function isBusy(cfg: FunctionConfiguration): boolean {
  return cfg.State === 'Pending' || cfg.LastUpdateStatus === 'InProgress';
}

/** Another update in progress, or one that landed since we read the RevisionId. */
function isRetryableConflict(e: unknown): boolean {
  return isWorkbenchError(e) && !isAbort(e) && (e.code === 'ResourceConflictException' || e.code === 'PreconditionFailedException');
}

function packagingMessage(p: PackageProgress): string {
  if (p.phase === 'scanning') return `Packaging: ${p.done ?? 0} files found…`;
  if (p.phase === 'compressing' && p.total) return `Packaging: compressing ${Math.round(((p.done ?? 0) / p.total) * 100)}%…`;
  return 'Packaging: writing the zip…';
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
