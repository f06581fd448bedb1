/**
 * A binding file (lambda-workbench.json) that describes a deployed function: its GetFunction
 * configuration turned back into the CreateFunction shape the binding mirrors, plus Region, so
 * Invoke Locally, Debug and Deploy work on downloaded code at once. Read-only fields (ARNs of the
 * function, State, CodeSha256, VpcId, …) are left out; so is whatever is at its default, so the
 * file stays short and a later deploy manages only what the function actually sets.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Binding } from './binding';

export function bindingFromFunction(config: FunctionConfiguration, region: string, tags?: Record<string, string>): Binding {
  const b: Binding = { FunctionName: config.FunctionName, Region: region };
  if (config.Runtime) b.Runtime = config.Runtime;
  if (config.Role) b.Role = config.Role;
  if (config.Handler) b.Handler = config.Handler;
  if (config.Description) b.Description = config.Description;
  if (config.Timeout !== undefined) b.Timeout = config.Timeout;
  if (config.MemorySize !== undefined) b.MemorySize = config.MemorySize;
  const vpc = config.VpcConfig;
  if (vpc && (vpc.SubnetIds?.length || vpc.SecurityGroupIds?.length)) {
    b.VpcConfig = { SubnetIds: vpc.SubnetIds ?? [], SecurityGroupIds: vpc.SecurityGroupIds ?? [], ...(vpc.Ipv6AllowedForDualStack ? { Ipv6AllowedForDualStack: true } : {}) };
  }
  if (config.DeadLetterConfig?.TargetArn) b.DeadLetterConfig = { TargetArn: config.DeadLetterConfig.TargetArn };
  const vars = config.Environment?.Variables;
  if (vars && Object.keys(vars).length) b.Environment = { Variables: { ...vars } };
  if (config.KMSKeyArn) b.KMSKeyArn = config.KMSKeyArn;
  if (config.TracingConfig?.Mode && config.TracingConfig.Mode !== 'PassThrough') b.TracingConfig = { Mode: config.TracingConfig.Mode };
  if (tags && Object.keys(tags).length) b.Tags = { ...tags };
  const layers = (config.Layers ?? []).map((l) => l.Arn).filter((a): a is string => typeof a === 'string');
  if (layers.length) b.Layers = layers;
  const fs = (config.FileSystemConfigs ?? []).filter((f) => f.Arn && f.LocalMountPath);
  if (fs.length) b.FileSystemConfigs = fs.map((f) => ({ Arn: f.Arn, LocalMountPath: f.LocalMountPath }));
  if (config.Architectures?.length && !(config.Architectures.length === 1 && config.Architectures[0] === 'x86_64')) b.Architectures = [...config.Architectures];
  if (config.EphemeralStorage?.Size !== undefined && config.EphemeralStorage.Size !== 512) b.EphemeralStorage = { Size: config.EphemeralStorage.Size };
  if (config.SnapStart?.ApplyOn && config.SnapStart.ApplyOn !== 'None') b.SnapStart = { ApplyOn: config.SnapStart.ApplyOn };
  const log = config.LoggingConfig;
  if (log && (log.LogFormat === 'JSON' || (log.LogGroup && log.LogGroup !== `/aws/lambda/${config.FunctionName ?? ''}`))) {
    b.LoggingConfig = {
      ...(log.LogFormat ? { LogFormat: log.LogFormat } : {}),
      ...(log.LogFormat === 'JSON' && log.ApplicationLogLevel ? { ApplicationLogLevel: log.ApplicationLogLevel } : {}),
      ...(log.LogFormat === 'JSON' && log.SystemLogLevel ? { SystemLogLevel: log.SystemLogLevel } : {}),
      ...(log.LogGroup ? { LogGroup: log.LogGroup } : {}),
    };
  }
  return b;
}
