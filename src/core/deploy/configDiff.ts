/**
 * What UpdateFunctionConfiguration has to change so the deployed function matches the binding.
 * Only settings the binding names are managed: a key left out of the file is left alone on AWS.
 */
import type { CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';

export type FunctionSettings = Partial<Omit<CreateFunctionRequest, 'Code'>>;
export type ConfigurationChanges = Omit<UpdateFunctionConfigurationRequest, 'FunctionName' | 'RevisionId'>;

export interface ConfigurationDiff {
  changes: ConfigurationChanges;
  /** Names of the settings that differ, e.g. ["MemorySize", "Environment"]. */
  changed: string[];
  warnings: string[];
}

/** Settings CreateFunction takes that UpdateFunctionConfiguration cannot change. */
const CREATE_ONLY = ['Tags', 'Publish', 'PackageType', 'CodeSigningConfigArn', 'TenancyConfig', 'PublishTo'] as const;

export function diffConfiguration(settings: FunctionSettings, deployed: FunctionConfiguration, deployedTags?: Record<string, string>): ConfigurationDiff {
  const changes: Record<string, unknown> = {};
  const changed: string[] = [];
  const warnings: string[] = [];
  const set = (key: keyof ConfigurationChanges, value: unknown) => {
    changes[key] = value;
    changed.push(key);
  };

  for (const key of ['Role', 'Handler', 'Runtime'] as const) {
    if (settings[key] !== undefined && settings[key] !== deployed[key]) set(key, settings[key]);
  }
  for (const key of ['Description', 'KMSKeyArn'] as const) {
    // The service reports an unset description or key as "" or leaves it out: both mean "none".
    if (settings[key] !== undefined && (settings[key] ?? '') !== (deployed[key] ?? '')) set(key, settings[key]);
  }
  for (const key of ['Timeout', 'MemorySize'] as const) {
    if (settings[key] !== undefined && settings[key] !== deployed[key]) set(key, settings[key]);
  }
  if (settings.Environment !== undefined) {
    const want = settings.Environment.Variables ?? {};
    const have = deployed.Environment?.Variables ?? {};
    if (!sameMap(want, have)) set('Environment', { Variables: want });
  }
  if (settings.VpcConfig !== undefined) {
    const want = settings.VpcConfig;
    const have = deployed.VpcConfig ?? {};
    const differs =
      (want.SubnetIds !== undefined && !sameSet(want.SubnetIds, have.SubnetIds ?? [])) ||
      (want.SecurityGroupIds !== undefined && !sameSet(want.SecurityGroupIds, have.SecurityGroupIds ?? [])) ||
      (want.Ipv6AllowedForDualStack !== undefined && want.Ipv6AllowedForDualStack !== (have.Ipv6AllowedForDualStack ?? false));
    if (differs) set('VpcConfig', want);
  }
  if (settings.DeadLetterConfig !== undefined && (settings.DeadLetterConfig.TargetArn ?? '') !== (deployed.DeadLetterConfig?.TargetArn ?? '')) {
    set('DeadLetterConfig', settings.DeadLetterConfig);
  }
  if (settings.TracingConfig?.Mode !== undefined && settings.TracingConfig.Mode !== (deployed.TracingConfig?.Mode ?? 'PassThrough')) {
    set('TracingConfig', settings.TracingConfig);
  }
  if (settings.Layers !== undefined && !sameList(settings.Layers, (deployed.Layers ?? []).map((l) => l.Arn ?? ''))) {
    set('Layers', settings.Layers);
  }
  if (settings.FileSystemConfigs !== undefined) {
    const key = (f: { Arn?: string; LocalMountPath?: string }) => `${f.Arn ?? ''}\u0000${f.LocalMountPath ?? ''}`;
    if (!sameList(settings.FileSystemConfigs.map(key), (deployed.FileSystemConfigs ?? []).map(key))) set('FileSystemConfigs', settings.FileSystemConfigs);
  }
  if (settings.EphemeralStorage?.Size !== undefined && settings.EphemeralStorage.Size !== (deployed.EphemeralStorage?.Size ?? 512)) {
    set('EphemeralStorage', settings.EphemeralStorage);
  }
  if (settings.SnapStart?.ApplyOn !== undefined && settings.SnapStart.ApplyOn !== (deployed.SnapStart?.ApplyOn ?? 'None')) {
    set('SnapStart', settings.SnapStart);
  }
  if (settings.LoggingConfig !== undefined) {
    const want = settings.LoggingConfig;
    const have = deployed.LoggingConfig ?? {};
    const keys = ['LogFormat', 'ApplicationLogLevel', 'SystemLogLevel', 'LogGroup'] as const;
    if (keys.some((k) => want[k] !== undefined && want[k] !== have[k])) set('LoggingConfig', want);
  }
  for (const key of ['CapacityProviderConfig', 'DurableConfig'] as const) {
    if (settings[key] !== undefined && JSON.stringify(settings[key]) !== JSON.stringify(deployed[key] ?? null)) set(key, settings[key]);
  }
  for (const key of CREATE_ONLY) {
    if (settings[key] === undefined) continue;
    if (key === 'Tags') {
      if (deployedTags !== undefined && !sameMap(settings.Tags ?? {}, deployedTags)) {
        warnings.push('Tags in lambda-workbench.json differ from the function\'s tags; tags are applied only when the function is created (change them with "aws lambda tag-resource").');
      }
    } else if (key === 'PackageType' && settings.PackageType !== (deployed.PackageType ?? 'Zip')) {
      warnings.push(`PackageType ${String(settings.PackageType)} cannot be changed on an existing function.`);
    }
  }
  return { changes: changes as ConfigurationChanges, changed, warnings };
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return sameList([...a].sort(), [...b].sort());
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
