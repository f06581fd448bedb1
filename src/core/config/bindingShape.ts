/**
 * The binding file's shape: which keys exist, what type each holds, and the order they are written
 * in. Value rules from the API reference (ranges, patterns, runtimes) live in validateFunction.ts;
 * this file only answers "is this the right kind of value at the right place".
 */
import { WorkbenchError } from '../errors';

export type Shape =
  | { t: 'string'; enum?: readonly string[] }
  | { t: 'int' }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'array'; items: Shape }
  | { t: 'object'; fields: Record<string, Shape> }
  /** string -> value maps whose keys are user data (Environment.Variables, Tags). */
  | { t: 'map'; values: Shape }
  /** Any one of these (e.g. `"Build": false` or a Build object). */
  | { t: 'oneOf'; options: readonly Shape[] };

const str: Shape = { t: 'string' };
const int: Shape = { t: 'int' };
const strings: Shape = { t: 'array', items: str };
const obj = (fields: Record<string, Shape>): Shape => ({ t: 'object', fields });

/**
 * The Build section: SAM's esbuild BuildProperties names, so SAM users recognise them. Value rules
 * (Method, Format, OutExtension/Loader pairs...) are checked where the build plan is made
 * (src/core/package/buildPlan.ts).
 */
export const BUILD_FIELDS: Record<string, Shape> = {
  Method: { t: 'string', enum: ['esbuild'] },
  Minify: { t: 'boolean' },
  Target: str,
  Sourcemap: { t: 'boolean' },
  EntryPoints: strings,
  External: strings,
  Format: { t: 'string', enum: ['cjs', 'esm'] },
  OutExtension: strings,
  MainFields: { t: 'oneOf', options: [str, strings] },
  Loader: strings,
  Banner: str,
};

/** Keys of our own, on top of CreateFunction's parameters. */
export const OWN_FIELDS: Record<string, Shape> = {
  $schema: str,
  FunctionName: str,
  Region: str,
  Profile: str,
  CodeRoot: str,
  /** true/false forces building on/off; an object configures it (and turns it on). */
  Build: { t: 'oneOf', options: [{ t: 'boolean' }, obj(BUILD_FIELDS)] },
};

/** CreateFunction's request parameters except Code, in the API reference's order. */
export const CREATE_FUNCTION_FIELDS: Record<string, Shape> = {
  Runtime: str,
  Role: str,
  Handler: str,
  Description: str,
  Timeout: int,
  MemorySize: int,
  Publish: { t: 'boolean' },
  VpcConfig: obj({ SubnetIds: strings, SecurityGroupIds: strings, Ipv6AllowedForDualStack: { t: 'boolean' } }),
  PackageType: { t: 'string', enum: ['Zip', 'Image'] },
  DeadLetterConfig: obj({ TargetArn: str }),
  Environment: obj({ Variables: { t: 'map', values: str } }),
  KMSKeyArn: str,
  TracingConfig: obj({ Mode: { t: 'string', enum: ['Active', 'PassThrough'] } }),
  Tags: { t: 'map', values: str },
  Layers: strings,
  FileSystemConfigs: { t: 'array', items: obj({ Arn: str, LocalMountPath: str }) },
  ImageConfig: obj({ EntryPoint: strings, Command: strings, WorkingDirectory: str }),
  CodeSigningConfigArn: str,
  Architectures: { t: 'array', items: { t: 'string', enum: ['x86_64', 'arm64'] } },
  EphemeralStorage: obj({ Size: int }),
  SnapStart: obj({ ApplyOn: { t: 'string', enum: ['PublishedVersions', 'None'] } }),
  LoggingConfig: obj({
    LogFormat: { t: 'string', enum: ['JSON', 'Text'] },
    ApplicationLogLevel: { t: 'string', enum: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] },
    SystemLogLevel: { t: 'string', enum: ['DEBUG', 'INFO', 'WARN'] },
    LogGroup: str,
  }),
  CapacityProviderConfig: obj({
    LambdaManagedInstancesCapacityProviderConfig: obj({
      CapacityProviderArn: str,
      PerExecutionEnvironmentMaxConcurrency: int,
      ExecutionEnvironmentMemoryGiBPerVCpu: { t: 'number' },
    }),
  }),
  PublishTo: { t: 'string', enum: ['LATEST_PUBLISHED'] },
  DurableConfig: obj({ RetentionPeriodInDays: int, ExecutionTimeout: int }),
  TenancyConfig: obj({ TenantIsolationMode: { t: 'string', enum: ['PER_TENANT'] } }),
};

export const BINDING_FIELDS: Record<string, Shape> = { ...OWN_FIELDS, ...CREATE_FUNCTION_FIELDS };
/** The order keys are written in; unknown keys follow in their original order. */
export const BINDING_KEY_ORDER: readonly string[] = Object.keys(BINDING_FIELDS);

export interface ShapeIssue {
  path: string;
  message: string;
}

/** JSON path segment: `.Name` for identifiers, `["weird key"]` otherwise. */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower);
}

export function checkShape(value: unknown, shape: Shape, path: string, issues: ShapeIssue[]): void {
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string') issues.push({ path, message: `must be a string, not ${describeValue(value)}` });
      else if (shape.enum && !shape.enum.includes(value)) issues.push({ path, message: `must be one of ${shape.enum.join(', ')}, not ${JSON.stringify(value)}` });
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) issues.push({ path, message: `must be a whole number, not ${describeValue(value)}` });
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ path, message: `must be a number, not ${describeValue(value)}` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') issues.push({ path, message: `must be true or false, not ${describeValue(value)}` });
      return;
    case 'array':
      if (!Array.isArray(value)) issues.push({ path, message: `must be an array, not ${describeValue(value)}` });
      else value.forEach((item, i) => checkShape(item, shape.items, jsonPath(path, i), issues));
      return;
    case 'map':
      if (!isPlainObject(value)) issues.push({ path, message: `must be an object, not ${describeValue(value)}` });
      else for (const [k, v] of Object.entries(value)) checkShape(v, shape.values, jsonPath(path, k), issues);
      return;
    case 'oneOf': {
      const kindOf = (o: Shape): string => (o.t === 'int' ? 'whole number' : o.t === 'map' ? 'object' : o.t === 'array' ? 'array' : o.t === 'oneOf' ? 'value' : o.t === 'boolean' ? 'true or false' : o.t);
      // The option whose kind fits the value reports the detail (a bad field inside the object).
      const fitting = shape.options.find((o) => fitsKind(value, o));
      if (fitting) checkShape(value, fitting, path, issues);
      else issues.push({ path, message: `must be ${shape.options.map((o) => (o.t === 'string' ? 'a string' : o.t === 'object' ? 'an object' : o.t === 'array' ? 'an array' : kindOf(o))).join(' or ')}, not ${describeValue(value)}` });
      return;
    }
    case 'object': {
      if (!isPlainObject(value)) {
        issues.push({ path, message: `must be an object, not ${describeValue(value)}` });
        return;
      }
      const known = Object.keys(shape.fields);
      for (const [k, v] of Object.entries(value)) {
        const field = shape.fields[k];
        if (field) checkShape(v, field, jsonPath(path, k), issues);
        else {
          const near = closest(k, known);
          issues.push({ path: jsonPath(path, k), message: `is not a known field${near ? ` (did you mean ${near}?)` : ` (expected ${known.join(', ')})`}` });
        }
      }
      return;
    }
  }
}

function fitsKind(value: unknown, shape: Shape): boolean {
  switch (shape.t) {
    case 'string':
      return typeof value === 'string';
    case 'int':
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'map':
      return isPlainObject(value);
    case 'oneOf':
      return shape.options.some((o) => fitsKind(value, o));
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks every known top-level key. Unknown top-level keys are kept (the file is the user's) and
 * reported as warnings, with a suggestion for near misses such as `memorySize`.
 */
export function checkBindingShape(value: unknown): { issues: ShapeIssue[]; warnings: string[] } {
  const issues: ShapeIssue[] = [];
  const warnings: string[] = [];
  if (!isPlainObject(value)) {
    issues.push({ path: '$', message: `must be a JSON object, not ${describeValue(value)}` });
    return { issues, warnings };
  }
  for (const [k, v] of Object.entries(value)) {
    const shape = BINDING_FIELDS[k];
    if (shape) {
      if (v !== null) checkShape(v, shape, jsonPath('$', k), issues);
      continue;
    }
    if (k === 'Code') {
      issues.push({ path: '$.Code', message: 'is not allowed: the code is always the packaged folder (use CodeRoot to pick a sub-folder)' });
      continue;
    }
    const near = closest(k, BINDING_KEY_ORDER);
    warnings.push(`${jsonPath('$', k)} is not a setting this tool knows and is ignored${near ? ` (did you mean ${near}?)` : ''}.`);
  }
  return { issues, warnings };
}

export function shapeError(file: string, issues: ShapeIssue[]): WorkbenchError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''}: ${issues.slice(1, 4).map((i) => i.path).join(', ')})` : '';
  return new WorkbenchError('validation', `${file}: ${first.path} ${first.message}${more}.`, {
    hint: 'Fix the value in the binding file; its JSON Schema (schemas/lambda-workbench.schema.json) lists every setting.',
    path: first.path,
    details: { file, issues },
  });
}
