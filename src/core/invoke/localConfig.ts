/**
 * One local configuration, resolved once: what a local invoke, Debug Locally and the local Lambda
 * API server run, from a folder, a handler, the binding file, an optional deployed configuration,
 * the editor's settings and explicit overrides. The CLI, the editor and the emulator all call
 * resolveLocalConfig, so they cannot disagree.
 *
 * Precedence, lowest first: DEFAULTS < settings < binding file < deployed function < overrides.
 * Environment variables merge key by key in the same order.
 */
import * as path from 'node:path';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { loadBinding, type Binding } from '../config/binding';
import { resolveCodeRoot } from '../config/codeRoot';
import { DEFAULTS } from '../config/validationRules';
import { WorkbenchError } from '../errors';
import { isInside, posixRelative } from '../paths';
import { resolveConfig, type AwsCredentials, type Isolation, type LocalFunctionConfig, type ResolvedConfig } from './config';
import { handlerString } from './handlerName';

/** What the editor's settings (or a package.json's engines) suggest, below the binding file. */
export interface LocalSettings {
  runtime?: string;
  timeout?: number;
  memorySize?: number;
  region?: string;
}

/** What the user said for this run (CLI flags, a launch configuration, the chosen file and export). */
export interface LocalOverrides {
  /** A handler string relative to the code folder. */
  handler?: string;
  /** Or the handler as a file and an export; the file must be inside the code folder. */
  handlerFile?: { file: string; exportName: string };
  functionName?: string;
  runtime?: string;
  timeout?: number;
  memorySize?: number;
  region?: string;
  /** Merged over the binding's and the deployed function's variables. */
  environment?: Record<string, string>;
  logFormat?: 'Text' | 'JSON';
  credentials?: AwsCredentials;
  workerPath?: string;
  /** Thread (default) or process isolation: how the environment runs, not what the function is. */
  isolation?: Isolation;
  /** Open the inspector before the handler loads (implies process isolation; timeout 0 = none). */
  inspect?: { port: number; wait: boolean };
  /** The folder standing for /opt, once the layers are fetched (core/layers prepareLayers). */
  layersDir?: string;
}

export interface LocalConfigRequest {
  /** The function's folder: where lambda-workbench.json lives (or would), and CodeRoot is relative to. */
  folder: string;
  /** Read `<folder>/lambda-workbench.json` (default true). */
  useBinding?: boolean;
  /** The deployed function's configuration ("with This Function's Configuration", the emulator). */
  deployed?: { configuration: FunctionConfiguration; region: string };
  settings?: LocalSettings;
  overrides?: LocalOverrides;
}

export type LocalConfigSource = 'defaults' | 'binding' | 'deployed';

export interface LocalConfig {
  /** Complete and validated: pass it to createEnvironment. */
  config: LocalFunctionConfig & { codeDir: string; handler: string; runtime: string; functionName: string; region: string; memorySize: number; timeout: number; environment: Record<string, string> };
  resolved: ResolvedConfig;
  /** The most specific layer below the overrides that configured the function, for labels. */
  source: LocalConfigSource;
  /** The binding file that applied, if any. */
  bindingFile?: string;
  /** The binding's Profile (for credential forwarding). */
  profile?: string;
  /** Worth telling the user, never fatal: unknown keys in the binding file ("did you mean MemorySize?"), a binding for another function. */
  warnings: string[];
  /** Layer version ARNs the function uses (the deployed configuration's, else the binding's), in order: fetch them with prepareLayers. */
  layers: string[];
}

/** A deployed function's configuration as a local one (the emulator runs exactly this). */
export function configFromFunction(configuration: FunctionConfiguration, codeDir: string, region: string): LocalFunctionConfig {
  const logging = configuration.LoggingConfig;
  const account = /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(configuration.FunctionArn ?? '')?.[1];
  return {
    codeDir,
    handler: configuration.Handler ?? '',
    runtime: configuration.Runtime,
    functionName: configuration.FunctionName,
    region,
    memorySize: configuration.MemorySize,
    timeout: configuration.Timeout,
    environment: configuration.Environment?.Variables,
    logFormat: logging?.LogFormat === 'JSON' ? 'JSON' : 'Text',
    applicationLogLevel: logging?.LogFormat === 'JSON' ? logging.ApplicationLogLevel : undefined,
    systemLogLevel: logging?.LogFormat === 'JSON' ? logging.SystemLogLevel : undefined,
    logGroup: logging?.LogGroup,
    accountId: account,
  };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

/** The binding's settings in LocalFunctionConfig terms (only the ones it sets). */
function fromBinding(b: Binding): Partial<LocalFunctionConfig> {
  const logging = b.LoggingConfig;
  return defined({
    handler: b.Handler,
    runtime: b.Runtime,
    functionName: b.FunctionName,
    region: b.Region,
    memorySize: b.MemorySize,
    timeout: b.Timeout,
    logFormat: logging?.LogFormat === 'JSON' ? ('JSON' as const) : logging?.LogFormat === 'Text' ? ('Text' as const) : undefined,
    applicationLogLevel: logging?.LogFormat === 'JSON' ? logging.ApplicationLogLevel : undefined,
    systemLogLevel: logging?.LogFormat === 'JSON' ? logging.SystemLogLevel : undefined,
    logGroup: logging?.LogGroup,
  });
}

/**
 * Resolves and validates one local configuration. Throws WorkbenchError: 'validation' for a broken
 * binding file (with its line and column), a missing folder, an unsupported runtime or a value out of
 * range; 'usage' when no handler is given anywhere or the handler file is outside the code folder.
 */
export async function resolveLocalConfig(request: LocalConfigRequest): Promise<LocalConfig> {
  const folder = path.resolve(request.folder);
  const overrides = request.overrides ?? {};
  const warnings: string[] = [];

  const loaded = request.useBinding === false ? undefined : await loadBinding(folder);
  const targetName = overrides.functionName ?? request.deployed?.configuration.FunctionName;
  let binding: Binding | undefined;
  if (loaded) {
    warnings.push(...loaded.warnings.map((w) => `${path.basename(loaded.file)}: ${w}`));
    // A binding for another function only lends its code folder, not its settings.
    if (targetName && loaded.binding.FunctionName && loaded.binding.FunctionName !== targetName) {
      warnings.push(`${loaded.file} configures ${loaded.binding.FunctionName}, not ${targetName}: its settings are not used.`);
    } else binding = loaded.binding;
  }
  const codeRoot = loaded?.binding.CodeRoot;
  // resolveCodeRoot refuses a CodeRoot (or a link in it) that leads out of the folder.
  const codeDir = resolveCodeRoot(folder, codeRoot);

  let deployed: Partial<LocalFunctionConfig> = {};
  if (request.deployed) deployed = defined(configFromFunction(request.deployed.configuration, codeDir, request.deployed.region));
  // configFromFunction always says Text; only a configuration that has LoggingConfig decides it.
  if (request.deployed && !request.deployed.configuration.LoggingConfig?.LogFormat) delete deployed.logFormat;

  let explicitHandler = overrides.handler;
  if (overrides.handlerFile) {
    const file = path.resolve(overrides.handlerFile.file);
    if (!isInside(codeDir, file)) {
      throw new WorkbenchError('usage', `${file} is outside the code folder ${codeDir}, so Lambda could not load it as a handler.`, {
        hint: codeRoot ? `The binding's CodeRoot is "${codeRoot}": run the built file there (or change CodeRoot).` : 'Open a handler file inside the function folder.',
        path: file,
      });
    }
    explicitHandler = handlerString(posixRelative(codeDir, file) ?? '', overrides.handlerFile.exportName);
  }

  const fromOverrides = defined({
    handler: explicitHandler,
    functionName: overrides.functionName,
    runtime: overrides.runtime,
    timeout: overrides.timeout,
    memorySize: overrides.memorySize,
    region: overrides.region,
    logFormat: overrides.logFormat,
  });
  const layers: Partial<LocalFunctionConfig>[] = [
    { runtime: DEFAULTS.runtime, timeout: DEFAULTS.timeout, memorySize: DEFAULTS.memorySize, region: DEFAULTS.region },
    defined(request.settings ?? {}),
    binding ? fromBinding(binding) : {},
    deployed,
    fromOverrides,
  ];
  const merged: Partial<LocalFunctionConfig> = Object.assign({}, ...layers.map((l) => ({ ...l, environment: undefined })));
  for (const key of Object.keys(merged) as (keyof LocalFunctionConfig)[]) if (merged[key] === undefined) delete merged[key];
  const environment: Record<string, string> = {
    ...(binding?.Environment?.Variables ?? {}),
    ...(deployed.environment ?? {}),
    ...(overrides.environment ?? {}),
  };
  if (!merged.handler) {
    throw new WorkbenchError('usage', 'No handler: nothing says which function to run.', {
      hint: 'Pass --handler FILE.EXPORT, set "handler" in the launch configuration, or set Handler in lambda-workbench.json.',
      path: '$.Handler',
    });
  }
  const input: LocalFunctionConfig = {
    ...merged,
    codeDir,
    handler: merged.handler,
    environment,
    credentials: overrides.credentials,
    workerPath: overrides.workerPath,
    isolation: overrides.isolation,
    inspect: overrides.inspect,
    layersDir: overrides.layersDir,
  };
  const layerArns = request.deployed?.configuration.Layers ? request.deployed.configuration.Layers.map((l) => l.Arn ?? '').filter(Boolean) : [...(binding?.Layers ?? [])];
  const resolved = resolveConfig(input, { layersPending: layerArns.length > 0 });
  const config = { ...input, codeDir: resolved.codeDir, runtime: resolved.runtime, functionName: resolved.functionName, region: resolved.region, memorySize: resolved.memorySize, timeout: resolved.timeout, environment: resolved.environment };
  return {
    config,
    resolved,
    source: request.deployed ? 'deployed' : binding ? 'binding' : 'defaults',
    bindingFile: binding ? loaded?.file : undefined,
    profile: binding?.Profile,
    warnings,
    layers: layerArns,
  };
}
