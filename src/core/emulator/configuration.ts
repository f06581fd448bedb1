/**
 * Builds and updates the stored FunctionConfiguration the way the service fills it in: defaults
 * for what the request left out, CodeSha256/CodeSize from the zip, RevisionId, LastModified.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';

/** The service's LastModified format: 2024-01-01T00:00:00.000+0000. */
export function lastModified(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** base64(sha256(zip)), exactly as the service reports CodeSha256. */
export function codeSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}

export function vpcId(subnets: string[]): string {
  return subnets.length ? `vpc-${createHash('sha1').update(subnets.join(',')).digest('hex').slice(0, 17)}` : '';
}

type Mutable = Record<string, unknown>;

/** A function's layers as its configuration lists them (the local server's layer store fills in CodeSize). */
export type LayerSizes = { Arn: string; CodeSize: number }[];

/** Applies the version-specific settings shared by CreateFunction and UpdateFunctionConfiguration. */
function applySettings(cfg: FunctionConfiguration, input: Partial<UpdateFunctionConfigurationRequest>, layers?: LayerSizes): void {
  const out = cfg as Mutable;
  for (const key of ['Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Runtime', 'KMSKeyArn', 'DeadLetterConfig', 'FileSystemConfigs', 'SnapStart', 'ImageConfig'] as const) {
    if (input[key] !== undefined) out[key] = input[key];
  }
  if (input.SnapStart) cfg.SnapStart = { ApplyOn: input.SnapStart.ApplyOn ?? 'None', OptimizationStatus: 'Off' };
  if (input.TracingConfig?.Mode) cfg.TracingConfig = { Mode: input.TracingConfig.Mode };
  if (input.EphemeralStorage) cfg.EphemeralStorage = { Size: input.EphemeralStorage.Size };
  if (input.LoggingConfig) cfg.LoggingConfig = { ...cfg.LoggingConfig, ...input.LoggingConfig };
  if (input.Environment !== undefined) {
    const vars = input.Environment.Variables ?? {};
    if (Object.keys(vars).length) cfg.Environment = { Variables: { ...vars } };
    else delete cfg.Environment;
  }
  if (input.Layers !== undefined) {
    if (input.Layers.length) cfg.Layers = input.Layers.map((Arn, i) => ({ Arn, CodeSize: layers?.[i]?.CodeSize ?? 0 }));
    else delete cfg.Layers;
  }
  if (input.VpcConfig !== undefined) {
    const SubnetIds = input.VpcConfig.SubnetIds ?? [];
    const SecurityGroupIds = input.VpcConfig.SecurityGroupIds ?? [];
    cfg.VpcConfig = { SubnetIds, SecurityGroupIds, VpcId: vpcId(SubnetIds), Ipv6AllowedForDualStack: input.VpcConfig.Ipv6AllowedForDualStack ?? false };
  }
}

export function newConfiguration(input: CreateFunctionRequest, arn: string, region: string, zip: Buffer, nowMs: number, layers?: LayerSizes): FunctionConfiguration {
  const name = input.FunctionName as string;
  const cfg: FunctionConfiguration = {
    FunctionName: name,
    FunctionArn: arn,
    Runtime: input.Runtime,
    Role: input.Role,
    Handler: input.Handler,
    CodeSize: zip.length,
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    LastModified: lastModified(nowMs),
    CodeSha256: codeSha256(zip),
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: randomUUID(),
    PackageType: input.PackageType ?? 'Zip',
    Architectures: input.Architectures?.length ? [...input.Architectures] : ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
  if (cfg.Runtime) {
    cfg.RuntimeVersionConfig = { RuntimeVersionArn: `arn:aws:lambda:${region}::runtime:${createHash('sha256').update(cfg.Runtime).digest('hex')}` };
  }
  applySettings(cfg, input as Partial<UpdateFunctionConfigurationRequest>, layers);
  return cfg;
}

/** The configuration after UpdateFunctionConfiguration (a new object; the input is not changed). */
export function updatedConfiguration(cfg: FunctionConfiguration, input: UpdateFunctionConfigurationRequest, nowMs: number, layers?: LayerSizes): FunctionConfiguration {
  const next: FunctionConfiguration = structuredClone(cfg);
  applySettings(next, input, layers);
  next.LastModified = lastModified(nowMs);
  next.RevisionId = randomUUID();
  return next;
}

/** The configuration after UpdateFunctionCode. */
export function withCode(cfg: FunctionConfiguration, zip: Buffer, nowMs: number, architectures?: string[]): FunctionConfiguration {
  const next: FunctionConfiguration = structuredClone(cfg);
  next.CodeSha256 = codeSha256(zip);
  next.CodeSize = zip.length;
  if (architectures?.length) next.Architectures = [...architectures] as FunctionConfiguration['Architectures'];
  next.LastModified = lastModified(nowMs);
  next.RevisionId = randomUUID();
  return next;
}
