/**
 * Drift: the function's configuration was changed somewhere else (the configuration panel, the
 * console, another tool) since this folder last deployed it, and the next deploy would put the
 * binding file's values back. This module owns the record of what a folder last deployed
 * (`.lambda/deploy-state.json` in the folder: `.lambda/` is left out of every package) and the
 * comparison. The record holds one hash per managed setting, never values, so environment values
 * are not written to disk by it.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { writeProductFile } from '../files/productFile';
import { readRegularTextFile } from '../files/regularFile';
import { diffConfiguration, type FunctionSettings } from './configDiff';

export const DEPLOY_STATE_FILE = join('.lambda', 'deploy-state.json');

/** What one deploy left behind: a hash of each managed setting as the function had it afterwards. */
export interface DeployRecord {
  deployedAt: string;
  settings: Record<string, string>;
}

interface DeployStateFile {
  version: 1;
  functions: Record<string, DeployRecord>;
}

/** One setting that was changed elsewhere and that the deploy would overwrite. */
export interface DriftEntry {
  setting: string;
  /** What the binding file (or the deploy's flags) says, as text for people. */
  local: string;
  /** What the function has now. */
  deployed: string;
}

export interface Drift {
  functionName: string;
  region: string;
  entries: DriftEntry[];
}

const recordKey = (region: string, functionName: string) => `${region}/${functionName}`;

export async function readDeployRecord(folder: string, region: string, functionName: string): Promise<DeployRecord | undefined> {
  return (await readState(folder))?.functions[recordKey(region, functionName)];
}

async function readState(folder: string): Promise<DeployStateFile | undefined> {
  try {
    const parsed = JSON.parse(await readRegularTextFile(join(folder, DEPLOY_STATE_FILE), 'The deploy record')) as Partial<DeployStateFile>;
    if (parsed?.version === 1 && typeof parsed.functions === 'object' && parsed.functions !== null) return parsed as DeployStateFile;
  } catch {
    // Missing or unreadable: nothing is known about earlier deploys, so nothing counts as drift.
  }
  return undefined;
}

/**
 * Records what a deploy left on the function: the settings the binding manages, hashed. Written
 * atomically (temp file + rename); other functions' records in the file are kept.
 */
export async function writeDeployRecord(folder: string, region: string, settings: FunctionSettings, deployed: FunctionConfiguration, now = new Date()): Promise<void> {
  const state: DeployStateFile = (await readState(folder)) ?? { version: 1, functions: {} };
  state.functions[recordKey(region, String(settings.FunctionName ?? deployed.FunctionName ?? ''))] = {
    deployedAt: now.toISOString(),
    settings: Object.fromEntries(managedKeys(settings).map((k) => [k, hashSetting(k, deployed)])),
  };
  // Never through a link, never over a non-file, never outside the folder; atomic.
  await writeProductFile(join(folder, DEPLOY_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { within: folder, label: 'The deploy record' });
}

/**
 * The settings this deploy would change that were also changed elsewhere since the folder's last
 * deploy. A setting the binding did not manage then, or that the deploy would not change, is no
 * drift; without a record (first deploy from this folder) nothing is.
 */
export function findDrift(settings: FunctionSettings & { FunctionName: string }, region: string, deployed: FunctionConfiguration, record: DeployRecord | undefined): Drift | undefined {
  if (!record) return undefined;
  const diff = diffConfiguration(settings, deployed);
  const entries: DriftEntry[] = [];
  for (const key of diff.changed) {
    const before = record.settings[key];
    if (before === undefined || before === hashSetting(key, deployed)) continue;
    entries.push(describeEntry(key, settings, deployed));
  }
  return entries.length ? { functionName: settings.FunctionName, region, entries } : undefined;
}

/** Text for a drift report: one line per setting, environment values never shown. */
export function formatDrift(drift: Drift): string {
  return drift.entries.map((e) => `${e.setting}: lambda-workbench.json has ${e.local}, the function has ${e.deployed}`).join('\n');
}

/** The keys of `settings` whose deployed value drift detection tracks. */
function managedKeys(settings: FunctionSettings): string[] {
  return TRACKED.filter((k) => (settings as Record<string, unknown>)[k] !== undefined);
}

/** The settings diffConfiguration manages through UpdateFunctionConfiguration. */
const TRACKED = [
  'Role',
  'Handler',
  'Runtime',
  'Description',
  'KMSKeyArn',
  'Timeout',
  'MemorySize',
  'Environment',
  'VpcConfig',
  'DeadLetterConfig',
  'TracingConfig',
  'Layers',
  'FileSystemConfigs',
  'EphemeralStorage',
  'SnapStart',
  'LoggingConfig',
  'CapacityProviderConfig',
  'DurableConfig',
] as const;

/**
 * The deployed value of one setting in the binding file's shape (what "update the binding file
 * from the function" writes), normalized so equal configurations compare equal.
 */
export function settingFromFunction(key: string, cfg: FunctionConfiguration): unknown {
  switch (key) {
    case 'Description':
    case 'KMSKeyArn':
      return cfg[key] ?? '';
    case 'Environment':
      return { Variables: sortKeys(cfg.Environment?.Variables ?? {}) };
    case 'VpcConfig':
      return {
        SubnetIds: [...(cfg.VpcConfig?.SubnetIds ?? [])].sort(),
        SecurityGroupIds: [...(cfg.VpcConfig?.SecurityGroupIds ?? [])].sort(),
        Ipv6AllowedForDualStack: cfg.VpcConfig?.Ipv6AllowedForDualStack ?? false,
      };
    case 'DeadLetterConfig':
      return { TargetArn: cfg.DeadLetterConfig?.TargetArn ?? '' };
    case 'TracingConfig':
      return { Mode: cfg.TracingConfig?.Mode ?? 'PassThrough' };
    case 'Layers':
      return (cfg.Layers ?? []).map((l) => l.Arn ?? '');
    case 'FileSystemConfigs':
      return (cfg.FileSystemConfigs ?? []).map((f) => ({ Arn: f.Arn ?? '', LocalMountPath: f.LocalMountPath ?? '' }));
    case 'EphemeralStorage':
      return { Size: cfg.EphemeralStorage?.Size ?? 512 };
    case 'SnapStart':
      return { ApplyOn: cfg.SnapStart?.ApplyOn ?? 'None' };
    case 'LoggingConfig': {
      const l = cfg.LoggingConfig ?? {};
      return Object.fromEntries((['LogFormat', 'ApplicationLogLevel', 'SystemLogLevel', 'LogGroup'] as const).filter((k) => l[k] !== undefined).map((k) => [k, l[k]]));
    }
    default:
      return (cfg as Record<string, unknown>)[key] ?? null;
  }
}

function hashSetting(key: string, cfg: FunctionConfiguration): string {
  return createHash('sha256').update(canonical(settingFromFunction(key, cfg))).digest('hex').slice(0, 32);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}

function describeEntry(key: string, settings: FunctionSettings, cfg: FunctionConfiguration): DriftEntry {
  if (key === 'Environment') {
    const want = settings.Environment?.Variables ?? {};
    const have = cfg.Environment?.Variables ?? {};
    const only = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).filter((k) => !(k in b));
    const changed = Object.keys(want).filter((k) => k in have && want[k] !== have[k]);
    const parts = [
      only(have, want).length ? `added ${only(have, want).join(', ')}` : '',
      only(want, have).length ? `removed ${only(want, have).join(', ')}` : '',
      changed.length ? `changed the value of ${changed.join(', ')}` : '',
    ].filter(Boolean);
    // Values are never shown: they may be secrets.
    return { setting: key, local: `${Object.keys(want).length} variable${Object.keys(want).length === 1 ? '' : 's'}`, deployed: `variables changed elsewhere (${parts.join('; ')})` };
  }
  return { setting: key, local: shortJson((settings as Record<string, unknown>)[key]), deployed: shortJson(settingFromFunction(key, cfg)) };
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
