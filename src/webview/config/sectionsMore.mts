/**
 * The remaining read-only sections: VPC, logging, tracing, dead-letter queue, ephemeral storage,
 * SnapStart, encryption, file systems, container image and code signing.
 */
import { arnTail, formatMemory, formatScalar } from '../../vscode/configPanel/format';
import { dl, list, paragraph, type Reader, row, warning } from './fields.mjs';
import { C, type Section } from './sectionsMain.mjs';

export function vpcSection(r: Reader): Section {
  const vpcId = r.str(`${C}.VpcConfig.VpcId`);
  const subnets = r.strings(`${C}.VpcConfig.SubnetIds`);
  const groups = r.strings(`${C}.VpcConfig.SecurityGroupIds`);
  const ipv6 = r.get(`${C}.VpcConfig.Ipv6AllowedForDualStack`);
  const connected = Boolean(vpcId) || subnets.length > 0;
  return {
    id: 'vpc',
    title: 'VPC',
    icon: 'type-hierarchy',
    summary: connected ? vpcId : 'none',
    body: connected
      ? [
          dl(
            row('VPC', vpcId, { copy: vpcId, mono: true }),
            row('Subnets', list(subnets)),
            row('Security groups', list(groups)),
            ipv6 !== undefined && row('IPv6 for dual-stack subnets', formatScalar(ipv6)),
          ),
        ]
      : [paragraph('Not connected to a VPC.')],
  };
}

export function loggingSection(r: Reader): Section {
  const name = r.str(`${C}.FunctionName`) ?? '';
  const format = r.str(`${C}.LoggingConfig.LogFormat`);
  const group = r.str(`${C}.LoggingConfig.LogGroup`);
  return {
    id: 'logging',
    title: 'Logging',
    icon: 'output',
    summary: format ?? 'Text',
    body: [
      dl(
        row('Log format', format ?? 'Text (default)'),
        row('Application log level', r.str(`${C}.LoggingConfig.ApplicationLogLevel`) ?? (format === 'JSON' ? 'INFO (default)' : undefined)),
        row('System log level', r.str(`${C}.LoggingConfig.SystemLogLevel`) ?? (format === 'JSON' ? 'INFO (default)' : undefined)),
        row('Log group', group ?? `/aws/lambda/${name} (default)`, {
          copy: group ?? `/aws/lambda/${name}`,
          mono: true,
          link: { target: 'logs', label: 'Open the log group in the CloudWatch console' },
        }),
      ),
    ],
  };
}

export function tracingSection(r: Reader): Section {
  const mode = r.str(`${C}.TracingConfig.Mode`);
  return {
    id: 'tracing',
    title: 'Tracing (X-Ray)',
    icon: 'debug-line-by-line',
    summary: mode ?? 'PassThrough',
    body: [dl(row('Mode', mode ?? 'PassThrough (default)', { note: mode === 'Active' ? 'Requests are sampled and traced by AWS X-Ray.' : undefined }))],
  };
}

export function deadLetterSection(r: Reader): Section {
  const target = r.str(`${C}.DeadLetterConfig.TargetArn`);
  return {
    id: 'dlq',
    title: 'Dead-letter queue',
    icon: 'inbox',
    summary: target ? arnTail(target) : 'none',
    body: [target ? dl(row('Target', target, { copy: target, mono: true })) : paragraph('No dead-letter queue: failed asynchronous events are dropped after retries.')],
  };
}

export function storageSection(r: Reader): Section {
  const size = r.num(`${C}.EphemeralStorage.Size`);
  return {
    id: 'storage',
    title: 'Ephemeral storage',
    icon: 'database',
    summary: formatMemory(size ?? 512),
    body: [dl(row('/tmp size', size === undefined ? '512 MB (default)' : formatMemory(size)))],
  };
}

export function snapStartSection(r: Reader): Section {
  const apply = r.str(`${C}.SnapStart.ApplyOn`);
  const status = r.str(`${C}.SnapStart.OptimizationStatus`);
  return {
    id: 'snapstart',
    title: 'SnapStart',
    icon: 'zap',
    summary: apply ?? 'None',
    body: [dl(row('Apply on', apply ?? 'None'), row('Optimization status', status))],
  };
}

export function encryptionSection(r: Reader): Section {
  const key = r.str(`${C}.KMSKeyArn`);
  return {
    id: 'encryption',
    title: 'Encryption',
    icon: 'key',
    summary: key ? 'customer managed key' : 'AWS managed key',
    body: [dl(row('KMS key', key ?? 'AWS managed key (default)', { copy: key, mono: Boolean(key), note: 'Encrypts environment variables at rest.' }))],
  };
}

export function fileSystemsSection(r: Reader): Section {
  const systems = r.list(`${C}.FileSystemConfigs`);
  return {
    id: 'filesystems',
    title: 'File systems',
    icon: 'folder',
    summary: `${systems.length}`,
    body: systems.length
      ? systems.map((_, i) => {
          const arn = r.str(`${C}.FileSystemConfigs.${i}.Arn`);
          return dl(row('Access point', arn, { copy: arn, mono: true }), row('Local mount path', r.str(`${C}.FileSystemConfigs.${i}.LocalMountPath`), { mono: true }));
        })
      : [paragraph('No file systems mounted.')],
  };
}

export function imageSection(r: Reader): Section {
  const isImage = r.str(`${C}.PackageType`) === 'Image' || r.has(`${C}.ImageConfigResponse`);
  const p = `${C}.ImageConfigResponse`;
  const error = r.str(`${p}.Error.Message`);
  const errorCode = r.str(`${p}.Error.ErrorCode`);
  return {
    id: 'image',
    title: 'Container image',
    icon: 'package',
    summary: isImage ? undefined : 'n/a',
    body: isImage
      ? [
          (error || errorCode) && warning(`Image configuration error: ${[errorCode, error].filter(Boolean).join(': ')}`),
          dl(
            row('Entry point', list(r.strings(`${p}.ImageConfig.EntryPoint`)), { note: r.has(`${p}.ImageConfig.EntryPoint`) ? undefined : 'Image default' }),
            row('Command', list(r.strings(`${p}.ImageConfig.Command`)), { note: r.has(`${p}.ImageConfig.Command`) ? undefined : 'Image default' }),
            row('Working directory', r.str(`${p}.ImageConfig.WorkingDirectory`), { mono: true }),
          ),
        ]
      : [paragraph('Not a container image function.')],
  };
}

export function signingSection(r: Reader): Section {
  const profile = r.str(`${C}.SigningProfileVersionArn`);
  const job = r.str(`${C}.SigningJobArn`);
  return {
    id: 'signing',
    title: 'Code signing',
    icon: 'workspace-trusted',
    summary: profile || job ? 'signed' : 'unsigned',
    body: [
      profile || job
        ? dl(row('Signing profile version', profile, { copy: profile, mono: true }), row('Signing job', job, { copy: job, mono: true }))
        : paragraph('The code is not signed.'),
    ],
  };
}
