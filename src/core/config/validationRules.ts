/**
 * The Lambda API reference's limits and patterns for function parameters, in one place, so the
 * deploy engine (before calling AWS) and the local Lambda API server (when answering) agree.
 * Patterns are the reference's, anchored, with the `+` quantifiers the plain-text edition lost.
 */

export const LIMITS = {
  functionNameBare: 64,
  functionNameArn: 140,
  handler: 128,
  description: 256,
  memoryMin: 128,
  memoryMax: 10240,
  timeoutMin: 1,
  timeoutMax: 900,
  ephemeralMin: 512,
  ephemeralMax: 10240,
  /** Total size of all environment variables (the serialised Variables map), in bytes. */
  environmentBytes: 4096,
  layersMax: 5,
  layerArn: 140,
  /** PublishLayerVersion: LayerName (a name or an unversioned layer ARN), LicenseInfo, the compatible lists. */
  layerName: 140,
  layerLicense: 512,
  layerRuntimesMax: 15,
  layerArchitecturesMax: 2,
  /** ListLayers / ListLayerVersions: the largest MaxItems. */
  layersPageMax: 50,
  /** GetAccountSettings' CodeSizeZipped: a ZipFile uploaded directly. */
  zippedBytes: 52_428_800,
  /** GetAccountSettings' CodeSizeUnzipped: the sum of the files' uncompressed sizes. */
  unzippedBytes: 262_144_000,
  /** GetAccountSettings' TotalCodeSize: all functions' code in a region. */
  totalCodeBytes: 80_530_636_800,
  tagsMax: 50,
  tagKey: 128,
  tagValue: 256,
  subnetIdsMax: 16,
  securityGroupIdsMax: 5,
} as const;

/**
 * The defaults a function gets when nothing sets them: Lambda's own for Timeout and MemorySize
 * (CreateFunction's), and ours for the Node.js runtime (the newest generally supported LTS) and the
 * region of a local invoke. Deploy, local invoke, Debug Locally and the emulator all use these.
 */
export const DEFAULTS = {
  runtime: 'nodejs22.x',
  timeout: 3,
  memorySize: 128,
  region: 'us-east-1',
} as const;

export const PATTERNS = {
  functionName: /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/,
  role: /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
  handler: /^[^\s]+$/,
  kmsKeyArn: /^(?:(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|())$/,
  layerArn: /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+$/,
  /** A layer's name, or its unversioned ARN. */
  layerName: /^(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+|[a-zA-Z0-9-_]+)$/,
  envKey: /^[a-zA-Z]([a-zA-Z0-9_])+$/,
  targetArn: /^(?:(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|())$/,
} as const;

/** The parts of a FunctionName that matches PATTERNS.functionName, or undefined. */
export function splitFunctionName(value: string): { name: string; partition?: string; region?: string; account?: string; qualifier?: string; isArn: boolean } | undefined {
  const m = PATTERNS.functionName.exec(value);
  if (!m) return undefined;
  const region = m[3]?.slice(0, -1);
  const account = m[5]?.slice(0, -1);
  return {
    name: m[7],
    ...(m[1] ? { partition: m[2] ?? '' } : {}),
    ...(region ? { region } : {}),
    ...(account ? { account } : {}),
    ...(m[9] ? { qualifier: m[9] } : {}),
    isArn: !!(m[1] || m[3] || m[5] || m[6]),
  };
}

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;
export const PACKAGE_TYPES = ['Zip', 'Image'] as const;
export const TRACING_MODES = ['Active', 'PassThrough'] as const;
export const LOG_FORMATS = ['JSON', 'Text'] as const;
export const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
export const SNAP_START_APPLY_ON = ['PublishedVersions', 'None'] as const;

/** Keys Lambda sets itself; a function's configuration may not set them (Developer Guide). */
export const RESERVED_ENV_KEYS: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

export interface RuntimeInfo {
  id: string;
  /**
   * supported: creates and updates work.
   * deprecated: past its deprecation date but still in the supported table (creates may be blocked soon).
   * blocked: in the Developer Guide's "Deprecated runtimes" table: creates are blocked.
   */
  status: 'supported' | 'deprecated' | 'blocked';
  /** ISO dates from the Developer Guide's runtime tables, when it gives them. */
  deprecation?: string;
  blockCreate?: string;
  blockUpdate?: string;
}

const rt = (id: string, status: RuntimeInfo['status'], deprecation?: string, blockCreate?: string, blockUpdate?: string): RuntimeInfo => ({
  id,
  status,
  ...(deprecation ? { deprecation } : {}),
  ...(blockCreate ? { blockCreate } : {}),
  ...(blockUpdate ? { blockUpdate } : {}),
});

/**
 * Every Runtime value the newest API reference accepts (boto3 create_function's enum), with the
 * Developer Guide's deprecation dates. The one list the product uses.
 */
export const RUNTIMES: readonly RuntimeInfo[] = [
  rt('nodejs24.x', 'supported'),
  rt('nodejs22.x', 'supported', '2027-04-30', '2027-06-01', '2027-07-01'),
  rt('nodejs20.x', 'supported', '2026-04-30', '2026-06-01', '2026-07-01'),
  rt('nodejs18.x', 'deprecated', '2025-09-01', '2025-10-01', '2025-11-01'),
  rt('python3.14', 'supported'),
  rt('python3.13', 'supported', '2029-06-30', '2029-07-31', '2029-08-31'),
  rt('python3.12', 'supported', '2028-10-31', '2028-11-30', '2029-01-10'),
  rt('python3.11', 'supported', '2026-06-30', '2026-07-31', '2026-08-31'),
  rt('python3.10', 'supported', '2026-06-30', '2026-07-31', '2026-08-31'),
  rt('python3.9', 'deprecated', '2025-11-03', '2025-12-08', '2026-01-08'),
  rt('java25', 'supported'),
  rt('java21', 'supported', '2029-06-30', '2029-07-31', '2029-08-31'),
  rt('java17', 'supported', '2026-06-30', '2026-07-31', '2026-08-31'),
  rt('java11', 'supported', '2026-06-30', '2026-07-31', '2026-08-31'),
  rt('java8.al2', 'supported', '2026-06-30', '2026-07-31', '2026-08-31'),
  rt('dotnet10', 'supported'),
  rt('dotnet8', 'supported', '2026-11-10', '2026-12-10', '2027-01-11'),
  rt('ruby3.4', 'supported'),
  rt('ruby3.3', 'supported', '2027-03-31', '2027-04-30', '2027-05-31'),
  rt('ruby3.2', 'supported', '2026-03-31', '2026-04-30', '2026-05-31'),
  rt('provided.al2023', 'supported', '2029-06-30', '2029-07-31', '2029-08-31'),
  rt('provided.al2', 'supported', '2026-06-30', '2026-07-31', '2026-08-31'),
  // The Developer Guide's "Deprecated runtimes" table.
  rt('dotnet6', 'blocked', '2024-12-20', '2025-10-01', '2025-11-01'),
  rt('python3.8', 'blocked', '2024-10-14', '2025-10-01', '2025-11-01'),
  rt('nodejs16.x', 'blocked', '2024-06-12', '2025-10-01', '2025-11-01'),
  rt('java8', 'blocked', '2024-01-08', '2024-02-08', '2025-11-01'),
  rt('go1.x', 'blocked', '2024-01-08', '2024-02-08', '2025-11-01'),
  rt('provided', 'blocked', '2024-01-08', '2024-02-08', '2025-11-01'),
  rt('ruby2.7', 'blocked', '2023-12-07', '2024-01-09', '2025-11-01'),
  rt('nodejs14.x', 'blocked', '2023-12-04', '2024-01-09', '2025-11-01'),
  rt('python3.7', 'blocked', '2023-12-04', '2024-01-09', '2025-11-01'),
  rt('dotnetcore3.1', 'blocked', '2023-04-03', '2023-04-03', '2023-05-03'),
  rt('nodejs12.x', 'blocked', '2023-03-31', '2023-03-31', '2023-04-30'),
  rt('python3.6', 'blocked', '2022-07-18', '2022-07-18', '2022-08-29'),
  rt('dotnetcore2.1', 'blocked', '2022-01-05', '2022-01-05', '2022-04-13'),
  rt('nodejs10.x', 'blocked', '2021-07-30', '2021-07-30', '2022-02-14'),
  rt('ruby2.5', 'blocked', '2021-07-30', '2021-07-30', '2022-03-31'),
  rt('python2.7', 'blocked', '2021-07-15', '2021-07-15', '2022-05-30'),
  rt('nodejs8.10', 'blocked', '2020-03-06', '2020-02-04', '2020-03-06'),
  rt('nodejs4.3', 'blocked', '2020-03-05', '2020-02-03', '2020-03-05'),
  rt('nodejs4.3-edge', 'blocked', '2020-03-05', '2019-03-31', '2019-04-30'),
  rt('nodejs6.10', 'blocked', '2019-08-12', '2019-07-12', '2019-08-12'),
  rt('dotnetcore1.0', 'blocked', '2019-06-27', '2019-06-30', '2019-07-30'),
  rt('dotnetcore2.0', 'blocked', '2019-05-30', '2019-04-30', '2019-05-30'),
  rt('nodejs', 'blocked', '2016-08-30', '2016-09-30', '2016-10-31'),
];

/** The newest runtime of the same language, for "use X instead" hints. */
export function suggestedRuntime(id: string): string {
  const family = id.replace(/[\d.]+.*$/, '');
  const candidates: Record<string, string> = { nodejs: DEFAULTS.runtime, python: 'python3.13', java: 'java21', dotnet: 'dotnet8', dotnetcore: 'dotnet8', ruby: 'ruby3.4', provided: 'provided.al2023', go: 'provided.al2023' };
  return candidates[family] ?? DEFAULTS.runtime;
}

export function findRuntime(id: string): RuntimeInfo | undefined {
  return RUNTIMES.find((r) => r.id === id);
}
