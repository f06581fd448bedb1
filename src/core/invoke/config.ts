/**
 * The local function configuration: what createEnvironment() accepts, its defaults and Lambda's
 * ranges, and the runtime profile each Runtime maps to.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULTS, LIMITS, RESERVED_ENV_KEYS } from '../config/validationRules';
import { WorkbenchError } from '../errors';
import { isLayersHandler, mapHandlerPath } from './handlerPath';
import type { RuntimeProfile } from './protocol';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface LocalFunctionConfig {
  /** The task root: the folder the deployment package is built from. */
  codeDir: string;
  /** `file.export`, `src/handlers/app.handler`, `index.nested.fn`. */
  handler: string;
  /** nodejs20.x, nodejs22.x or nodejs24.x; default DEFAULTS.runtime. */
  runtime?: string;
  /** Defaults to the code folder's name. */
  functionName?: string;
  /** Defaults to DEFAULTS.region. */
  region?: string;
  /** LIMITS.memoryMin-memoryMax MB, default DEFAULTS.memorySize. Caps the worker's heap. */
  memorySize?: number;
  /** LIMITS.timeoutMin-timeoutMax seconds, default DEFAULTS.timeout. */
  timeout?: number;
  /** The function's own variables (binding file, env file, deployed configuration, overrides). */
  environment?: Record<string, string>;
  /** LoggingConfig.LogFormat. */
  logFormat?: 'Text' | 'JSON';
  /** LoggingConfig.ApplicationLogLevel (JSON format only). */
  applicationLogLevel?: string;
  /** LoggingConfig.SystemLogLevel (JSON format only): filters START/REPORT records. */
  systemLogLevel?: string;
  /** LoggingConfig.LogGroup; defaults to /aws/lambda/<name>. */
  logGroup?: string;
  /** Passed as AWS_ACCESS_KEY_ID etc. only when given: the caller opts in. Never logged. */
  credentials?: AwsCredentials;
  /** Account id used in invokedFunctionArn (default 000000000000). */
  accountId?: string;
  /** Path of invokeWorker.js; defaults to the one next to the running bundle. */
  workerPath?: string;
  /**
   * 'thread' (default): a worker thread in this process. 'process': a Node child process with only
   * the function's environment, its own process group and an RSS limit (docs/invoke.md says what each protects).
   */
  isolation?: Isolation;
  /**
   * Load TypeScript handlers (.ts, .mts, .cts) by transpiling them, for local runs of sources
   * (default true). False runs the code exactly as Lambda would: a .ts handler is not found
   * (Runtime.ImportModuleError). The local Lambda API server runs deployed zips this way.
   */
  typescript?: boolean;
  /**
   * Open the V8 inspector in the runtime before the handler loads (implies process isolation).
   * With it, timeout 0 means no deadline.
   */
  inspect?: { port: number; wait: boolean };
  /**
   * The folder standing for /opt: the function's layers, fetched and merged (core/layers). Sets the
   * /opt entries of NODE_PATH, PATH and LD_LIBRARY_PATH, and lets a handler point into /opt.
   */
  layersDir?: string;
}

export type Isolation = 'thread' | 'process';
export const ISOLATION_MODES: readonly Isolation[] = ['thread', 'process'];

export interface ResolvedConfig extends Required<Omit<LocalFunctionConfig, 'credentials' | 'logGroup' | 'applicationLogLevel' | 'systemLogLevel' | 'workerPath' | 'inspect' | 'layersDir'>> {
  layersDir?: string;
  credentials?: AwsCredentials;
  inspect?: { port: number; wait: boolean };
  logGroup: string;
  applicationLogLevel?: string;
  systemLogLevel?: string;
  workerPath?: string;
  profile: RuntimeProfile;
}

export const SUPPORTED_RUNTIMES: Record<string, RuntimeProfile> = {
  'nodejs20.x': 'ric3',
  'nodejs22.x': 'ric3',
  'nodejs24.x': 'ric4',
};

export const DEFAULT_RUNTIME: string = DEFAULTS.runtime;
export const MEMORY_RANGE = { min: LIMITS.memoryMin, max: LIMITS.memoryMax } as const;
export const TIMEOUT_RANGE = { min: LIMITS.timeoutMin, max: LIMITS.timeoutMax } as const;
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];


function inRange(value: number | undefined, def: number, range: { min: number; max: number }, what: string, unit: string): number {
  if (value === undefined) return def;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new WorkbenchError('validation', `${what} must be a whole number of ${unit} from ${range.min} to ${range.max}, got ${value}.`, {
      hint: `Lambda accepts ${range.min}-${range.max} ${unit}.`,
    });
  }
  return value;
}

function level(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!LOG_LEVELS.includes(upper)) throw new WorkbenchError('validation', `${what} must be one of ${LOG_LEVELS.join(', ')}, got "${value}".`);
  return upper;
}

/** Validates and fills in defaults. Throws WorkbenchError('validation') naming what is wrong. */
export function resolveConfig(input: LocalFunctionConfig, options: { layersPending?: boolean } = {}): ResolvedConfig {
  const codeDir = path.resolve(input.codeDir);
  let isDir = false;
  try {
    isDir = statSync(codeDir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new WorkbenchError('validation', `The code folder ${codeDir} does not exist or is not a folder.`, { hint: 'Pass the folder that holds your handler file.', path: codeDir });
  // A malformed handler string is the runtime's to report (Runtime.MalformedHandlerName), as on Lambda.
  if (!input.handler) throw new WorkbenchError('validation', 'No handler given.', { hint: 'Pass FILE.EXPORT, for example index.handler.' });
  // An absolute handler must point into /var/task (the code folder) or /opt (layers): checked here, mapped at init.
  // A handler in /opt while the function's layers are still to be fetched is checked once they are (preflight, init).
  if (!(options.layersPending && !input.layersDir && isLayersHandler(input.handler))) mapHandlerPath(input.handler, { codeDir, layersDir: input.layersDir });
  const runtime = input.runtime ?? DEFAULT_RUNTIME;
  const profile = SUPPORTED_RUNTIMES[runtime];
  if (!profile) {
    throw new WorkbenchError('validation', `Runtime ${runtime} cannot be run locally.`, { hint: `Local invoke supports ${Object.keys(SUPPORTED_RUNTIMES).join(', ')}.` });
  }
  const functionName = input.functionName ?? (path.basename(codeDir).replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64) || 'function');
  const environment = { ...(input.environment ?? {}) };
  for (const key of Object.keys(environment)) {
    if (RESERVED_ENV_KEYS.includes(key)) {
      throw new WorkbenchError('validation', `The environment variable ${key} is reserved by the Lambda runtime and cannot be set.`, {
        hint: key.startsWith('AWS_') && /KEY|TOKEN/.test(key) ? 'To pass your AWS credentials, opt in to credential forwarding instead.' : 'Remove it from the function variables.',
        path: `$.Environment.Variables.${key}`,
      });
    }
    if (typeof environment[key] !== 'string') environment[key] = String(environment[key]);
  }
  // A debugged environment is a process of its own: stopping the session ends it whole.
  const isolation = input.inspect ? 'process' : (input.isolation ?? 'thread');
  if (!ISOLATION_MODES.includes(isolation)) throw new WorkbenchError('validation', `Isolation must be thread or process, got "${String(isolation)}".`);
  const logFormat = input.logFormat ?? 'Text';
  if (logFormat !== 'Text' && logFormat !== 'JSON') throw new WorkbenchError('validation', `The log format must be Text or JSON, got "${String(logFormat)}".`);
  return {
    codeDir,
    handler: input.handler,
    runtime,
    profile,
    functionName,
    region: input.region ?? DEFAULTS.region,
    memorySize: inRange(input.memorySize, DEFAULTS.memorySize, MEMORY_RANGE, 'Memory size', 'MB'),
    timeout: input.inspect && input.timeout === 0 ? 0 : inRange(input.timeout, DEFAULTS.timeout, TIMEOUT_RANGE, 'Timeout', 'seconds'),
    environment,
    logFormat,
    applicationLogLevel: level(input.applicationLogLevel, 'ApplicationLogLevel'),
    systemLogLevel: level(input.systemLogLevel, 'SystemLogLevel'),
    logGroup: input.logGroup ?? `/aws/lambda/${functionName}`,
    credentials: input.credentials,
    accountId: input.accountId ?? '000000000000',
    workerPath: input.workerPath,
    isolation,
    typescript: input.typescript !== false,
    inspect: input.inspect,
    ...(input.layersDir ? { layersDir: path.resolve(input.layersDir) } : {}),
  };
}
