/**
 * The Lambda API reference's rules for CreateFunction / UpdateFunctionConfiguration /
 * UpdateFunctionCode parameters, as pure functions returning issues. The deploy engine runs them
 * before calling AWS; the local Lambda API server turns them into InvalidParameterValueException.
 * Messages name the field and say how to fix it; they never contain environment variable values.
 */
import { WorkbenchError } from '../errors';
import {
  APPLICATION_LOG_LEVELS,
  ARCHITECTURES,
  findRuntime,
  LIMITS,
  LOG_FORMATS,
  PACKAGE_TYPES,
  PATTERNS,
  RESERVED_ENV_KEYS,
  SNAP_START_APPLY_ON,
  splitFunctionName,
  suggestedRuntime,
  SYSTEM_LOG_LEVELS,
  TRACING_MODES,
} from './validationRules';
import { inspectZip, ZipFormatError } from './validationZip';

export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `$.MemorySize` or `$.Environment.Variables.1KEY`. */
  path: string;
  message: string;
  /** Warnings (e.g. a runtime past its deprecation date that still works) never block a call. */
  severity?: 'error' | 'warning';
}

export interface ValidateOptions {
  /** "Today", for runtime deprecation dates (default: now). */
  now?: Date;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const show = (v: unknown): string => (typeof v === 'string' ? `"${v.length > 80 ? v.slice(0, 80) + '…' : v}"` : JSON.stringify(v) ?? String(v));
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

class Issues {
  readonly list: ValidationIssue[] = [];
  add(path: string, message: string, severity?: 'warning'): void {
    this.list.push(severity ? { path, message, severity } : { path, message });
  }
  string(v: unknown, path: string, field: string): v is string {
    if (typeof v === 'string') return true;
    this.add(path, `${field} must be a string; got ${typeof v}.`);
    return false;
  }
  int(v: unknown, path: string, field: string, min: number, max: number, unit: string): void {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.add(path, `${field} must be a whole number of ${unit} from ${min} to ${max}; got ${show(v)}.`);
    } else if (v < min || v > max) {
      this.add(path, `${field} must be between ${min} and ${max} ${unit}; got ${v}.`);
    }
  }
  oneOf(v: unknown, path: string, field: string, allowed: readonly string[]): void {
    if (typeof v !== 'string' || !allowed.includes(v)) this.add(path, `${field} must be one of ${allowed.join(', ')}; got ${show(v)}.`);
  }
  maxLen(v: string, path: string, field: string, max: number): void {
    if (v.length > max) this.add(path, `${field} must be at most ${max} characters; got ${v.length}. Shorten it.`);
  }
  stringList(v: unknown, path: string, field: string, max: number): v is string[] {
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      this.add(path, `${field} must be a list of strings.`);
      return false;
    }
    if (v.length > max) this.add(path, `${field} may hold at most ${max} items; got ${v.length}.`);
    return true;
  }
}

/** FunctionName: a name (≤64), partial or full ARN (≤140), optionally with `:qualifier`. */
export function validateFunctionName(name: unknown, options: { allowQualifier?: boolean; path?: string } = {}): ValidationIssue[] {
  const path = options.path ?? '$.FunctionName';
  const issues = new Issues();
  if (name === undefined || name === null || name === '') {
    issues.add(path, 'FunctionName is required: give a name such as "my-function" (letters, digits, hyphens and underscores).');
    return issues.list;
  }
  if (!issues.string(name, path, 'FunctionName')) return issues.list;
  if (name.length > LIMITS.functionNameArn) {
    issues.add(path, `FunctionName must be at most ${LIMITS.functionNameArn} characters as an ARN and ${LIMITS.functionNameBare} as a name; got ${name.length}.`);
    return issues.list;
  }
  if (!PATTERNS.functionName.test(name)) {
    issues.add(path, `FunctionName ${show(name)} is not valid: use letters, digits, hyphens (-) and underscores (_) only, or a function ARN such as arn:aws:lambda:us-east-1:123456789012:function:my-function.`);
    return issues.list;
  }
  const { name: bare, qualifier } = splitFunctionName(name)!;
  if (bare.length > LIMITS.functionNameBare) {
    issues.add(path, `FunctionName's name part must be at most ${LIMITS.functionNameBare} characters; got ${bare.length}. Shorten the name.`);
  }
  if (qualifier !== undefined && options.allowQualifier === false) {
    issues.add(path, `FunctionName must not include a version or alias (":${qualifier}") here; remove the qualifier.`);
  }
  return issues.list;
}

/** Role: an IAM role ARN, arn:aws:iam::123456789012:role/name. */
export function validateRoleArn(role: unknown, path = '$.Role'): ValidationIssue[] {
  const issues = new Issues();
  if (role === undefined || role === null || role === '') {
    issues.add(path, 'Role is required: give the execution role ARN, e.g. arn:aws:iam::123456789012:role/my-function-role.');
  } else if (issues.string(role, path, 'Role') && !PATTERNS.role.test(role)) {
    issues.add(path, `Role ${show(role)} is not an IAM role ARN: use the form arn:aws:iam::123456789012:role/role-name.`);
  }
  return issues.list;
}

function checkRuntime(issues: Issues, runtime: unknown, op: 'create' | 'update', now: Date): void {
  if (typeof runtime !== 'string') return void issues.add('$.Runtime', `Runtime must be a string such as "nodejs22.x"; got ${show(runtime)}.`);
  const info = findRuntime(runtime);
  if (!info) {
    issues.add('$.Runtime', `Runtime ${show(runtime)} is not a Lambda runtime: use one such as nodejs22.x, python3.13 or java21.`);
    return;
  }
  const blockDate = op === 'create' ? info.blockCreate : info.blockUpdate;
  const blocked = info.status === 'blocked' && (!blockDate || new Date(blockDate) <= now);
  if (blocked) {
    issues.add('$.Runtime', `Runtime ${runtime} is deprecated and no longer supported for ${op === 'create' ? 'creating' : 'updating'} functions; use ${suggestedRuntime(runtime)} instead.`);
  } else if (info.deprecation && new Date(info.deprecation) <= now) {
    issues.add('$.Runtime', `Runtime ${runtime} was deprecated on ${info.deprecation}; Lambda may block creates from ${info.blockCreate ?? 'soon'}. Move to ${suggestedRuntime(runtime)}.`, 'warning');
  }
}

function checkEnvironment(issues: Issues, env: unknown): void {
  if (!isObj(env)) return void issues.add('$.Environment', 'Environment must be an object like {"Variables": {"KEY": "value"}}.');
  const vars = env.Variables;
  if (vars === undefined) return;
  if (!isObj(vars)) return void issues.add('$.Environment.Variables', 'Environment.Variables must be an object of string keys to string values.');
  const reserved: string[] = [];
  for (const [key, value] of Object.entries(vars)) {
    const path = `$.Environment.Variables.${key}`;
    if (RESERVED_ENV_KEYS.includes(key)) reserved.push(key);
    else if (!PATTERNS.envKey.test(key)) {
      issues.add(path, `Environment variable name ${show(key)} is not valid: names start with a letter, have at least two characters, and use only letters, digits and underscores.`);
    }
    if (typeof value !== 'string') issues.add(path, `Environment variable ${key} must have a string value; got a ${value === null ? 'null' : typeof value}. Quote it.`);
  }
  for (const key of reserved) {
    issues.add(`$.Environment.Variables.${key}`, `Environment variable ${key} is reserved by Lambda and cannot be set; rename it or remove it.`);
  }
  const size = Buffer.byteLength(JSON.stringify(vars), 'utf8');
  if (size > LIMITS.environmentBytes) {
    issues.add('$.Environment.Variables', `Environment variables total ${size} bytes, over the ${LIMITS.environmentBytes}-byte (4 KB) limit; move large values to Parameter Store or Secrets Manager.`);
  }
}

/** ZipFile bytes: a readable zip, ≤ 50 MB zipped, ≤ 250 MB unzipped. */
export function validateZipFile(zip: unknown, path = '$.Code.ZipFile'): ValidationIssue[] {
  const issues = new Issues();
  if (!(zip instanceof Uint8Array)) {
    issues.add(path, 'ZipFile must be the bytes of a .zip file.');
    return issues.list;
  }
  if (zip.byteLength > LIMITS.zippedBytes) {
    issues.add(path, `ZipFile is ${mb(zip.byteLength)} (${zip.byteLength} bytes), over the ${LIMITS.zippedBytes}-byte (50 MB) limit for direct upload; shrink the package or upload it to S3 and pass S3Bucket/S3Key.`);
    return issues.list;
  }
  try {
    const info = inspectZip(zip);
    if (info.uncompressedSize > LIMITS.unzippedBytes) {
      issues.add(path, `The package unzips to ${info.uncompressedSize} bytes, over the ${LIMITS.unzippedBytes}-byte (250 MB) limit; remove unneeded files or move dependencies to a layer.`);
    }
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    issues.add(path, `ZipFile is not a valid .zip archive (${e.message}); rebuild the package.`);
  }
  return issues.list;
}

function checkCode(issues: Issues, code: unknown, packageType: string): void {
  if (!isObj(code)) return void issues.add('$.Code', 'Code is required: give {"ZipFile": <zip bytes>} or {"S3Bucket", "S3Key"} (or {"ImageUri"} for an Image function).');
  if (packageType === 'Image') {
    if (typeof code.ImageUri !== 'string' || !code.ImageUri) issues.add('$.Code.ImageUri', 'Code.ImageUri is required for PackageType Image: give the ECR image URI.');
    return;
  }
  const sources = [code.ZipFile !== undefined, code.S3Bucket !== undefined || code.S3Key !== undefined].filter(Boolean).length;
  if (sources === 0) issues.add('$.Code', 'Code must contain ZipFile (zip bytes) or S3Bucket and S3Key.');
  else if (sources > 1) issues.add('$.Code', 'Code must contain either ZipFile or S3Bucket/S3Key, not both.');
  if (code.ImageUri !== undefined) issues.add('$.Code.ImageUri', 'Code.ImageUri is only for PackageType Image; remove it or set PackageType to Image.');
  if (code.ZipFile !== undefined) issues.list.push(...validateZipFile(code.ZipFile));
  else if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    if (typeof code.S3Bucket !== 'string' || !code.S3Bucket) issues.add('$.Code.S3Bucket', 'Code.S3Bucket is required with S3Key: give the bucket name.');
    if (typeof code.S3Key !== 'string' || !code.S3Key) issues.add('$.Code.S3Key', 'Code.S3Key is required with S3Bucket: give the object key of the .zip.');
  }
}

/** The parameters CreateFunction and UpdateFunctionConfiguration share. */
function checkCommon(issues: Issues, input: Obj, op: 'create' | 'update', now: Date): void {
  if (input.Role !== undefined) issues.list.push(...validateRoleArn(input.Role));
  if (input.Runtime !== undefined) checkRuntime(issues, input.Runtime, op, now);
  if (input.Handler !== undefined && issues.string(input.Handler, '$.Handler', 'Handler')) {
    issues.maxLen(input.Handler, '$.Handler', 'Handler', LIMITS.handler);
    if (!PATTERNS.handler.test(input.Handler)) issues.add('$.Handler', `Handler ${show(input.Handler)} is not valid: give file.export without spaces, e.g. "index.handler".`);
  }
  if (input.Description !== undefined && issues.string(input.Description, '$.Description', 'Description')) {
    issues.maxLen(input.Description, '$.Description', 'Description', LIMITS.description);
  }
  if (input.Timeout !== undefined) issues.int(input.Timeout, '$.Timeout', 'Timeout', LIMITS.timeoutMin, LIMITS.timeoutMax, 'seconds');
  if (input.MemorySize !== undefined) issues.int(input.MemorySize, '$.MemorySize', 'MemorySize', LIMITS.memoryMin, LIMITS.memoryMax, 'MB');
  if (input.EphemeralStorage !== undefined) {
    if (!isObj(input.EphemeralStorage)) issues.add('$.EphemeralStorage', 'EphemeralStorage must be an object like {"Size": 512}.');
    else issues.int(input.EphemeralStorage.Size, '$.EphemeralStorage.Size', 'EphemeralStorage.Size', LIMITS.ephemeralMin, LIMITS.ephemeralMax, 'MB');
  }
  if (input.Environment !== undefined) checkEnvironment(issues, input.Environment);
  if (input.Layers !== undefined && issues.stringList(input.Layers, '$.Layers', 'Layers', LIMITS.layersMax)) {
    input.Layers.forEach((arn, i) => {
      if (arn.length < 1 || arn.length > LIMITS.layerArn || !PATTERNS.layerArn.test(arn)) {
        issues.add(`$.Layers[${i}]`, `Layer ${show(arn)} is not a layer version ARN: use arn:aws:lambda:REGION:123456789012:layer:NAME:VERSION (at most ${LIMITS.layerArn} characters).`);
      }
    });
  }
  if (input.KMSKeyArn !== undefined && (typeof input.KMSKeyArn !== 'string' || !PATTERNS.kmsKeyArn.test(input.KMSKeyArn))) {
    issues.add('$.KMSKeyArn', `KMSKeyArn ${show(input.KMSKeyArn)} is not an ARN: give a KMS key ARN or leave it empty.`);
  }
  if (input.TracingConfig !== undefined) {
    if (!isObj(input.TracingConfig)) issues.add('$.TracingConfig', 'TracingConfig must be an object like {"Mode": "Active"}.');
    else if (input.TracingConfig.Mode !== undefined) issues.oneOf(input.TracingConfig.Mode, '$.TracingConfig.Mode', 'TracingConfig.Mode', TRACING_MODES);
  }
  if (input.DeadLetterConfig !== undefined) {
    const t = isObj(input.DeadLetterConfig) ? input.DeadLetterConfig.TargetArn : undefined;
    if (t !== undefined && (typeof t !== 'string' || !PATTERNS.targetArn.test(t))) issues.add('$.DeadLetterConfig.TargetArn', 'DeadLetterConfig.TargetArn must be an SQS queue or SNS topic ARN.');
  }
  if (input.VpcConfig !== undefined) {
    if (!isObj(input.VpcConfig)) issues.add('$.VpcConfig', 'VpcConfig must be an object with SubnetIds and SecurityGroupIds.');
    else {
      if (input.VpcConfig.SubnetIds !== undefined) issues.stringList(input.VpcConfig.SubnetIds, '$.VpcConfig.SubnetIds', 'VpcConfig.SubnetIds', LIMITS.subnetIdsMax);
      if (input.VpcConfig.SecurityGroupIds !== undefined) issues.stringList(input.VpcConfig.SecurityGroupIds, '$.VpcConfig.SecurityGroupIds', 'VpcConfig.SecurityGroupIds', LIMITS.securityGroupIdsMax);
    }
  }
  if (input.FileSystemConfigs !== undefined) {
    if (!Array.isArray(input.FileSystemConfigs)) issues.add('$.FileSystemConfigs', 'FileSystemConfigs must be a list.');
    else {
      if (input.FileSystemConfigs.length > 1) issues.add('$.FileSystemConfigs', `FileSystemConfigs may hold at most 1 item; got ${input.FileSystemConfigs.length}.`);
      input.FileSystemConfigs.forEach((fs: unknown, i) => {
        const p = isObj(fs) ? fs.LocalMountPath : undefined;
        if (!isObj(fs) || typeof fs.Arn !== 'string') issues.add(`$.FileSystemConfigs[${i}].Arn`, 'FileSystemConfigs[].Arn is required: give the EFS access point ARN.');
        if (typeof p !== 'string' || !/^\/mnt\/[a-zA-Z0-9-_.]+$/.test(p)) issues.add(`$.FileSystemConfigs[${i}].LocalMountPath`, 'FileSystemConfigs[].LocalMountPath must start with /mnt/, e.g. /mnt/data.');
      });
    }
  }
  if (input.SnapStart !== undefined) {
    if (!isObj(input.SnapStart)) issues.add('$.SnapStart', 'SnapStart must be an object like {"ApplyOn": "None"}.');
    else if (input.SnapStart.ApplyOn !== undefined) issues.oneOf(input.SnapStart.ApplyOn, '$.SnapStart.ApplyOn', 'SnapStart.ApplyOn', SNAP_START_APPLY_ON);
  }
  if (input.LoggingConfig !== undefined) {
    const lc = input.LoggingConfig;
    if (!isObj(lc)) issues.add('$.LoggingConfig', 'LoggingConfig must be an object like {"LogFormat": "JSON"}.');
    else {
      if (lc.LogFormat !== undefined) issues.oneOf(lc.LogFormat, '$.LoggingConfig.LogFormat', 'LoggingConfig.LogFormat', LOG_FORMATS);
      if (lc.ApplicationLogLevel !== undefined) issues.oneOf(lc.ApplicationLogLevel, '$.LoggingConfig.ApplicationLogLevel', 'LoggingConfig.ApplicationLogLevel', APPLICATION_LOG_LEVELS);
      if (lc.SystemLogLevel !== undefined) issues.oneOf(lc.SystemLogLevel, '$.LoggingConfig.SystemLogLevel', 'LoggingConfig.SystemLogLevel', SYSTEM_LOG_LEVELS);
    }
  }
}

function checkArchitectures(issues: Issues, archs: unknown): void {
  if (!Array.isArray(archs) || archs.length !== 1) {
    issues.add('$.Architectures', `Architectures must list exactly one of ${ARCHITECTURES.join(', ')}; got ${show(archs)}.`);
  } else issues.oneOf(archs[0], '$.Architectures[0]', 'Architectures[0]', ARCHITECTURES);
}

function checkTags(issues: Issues, tags: unknown): void {
  if (!isObj(tags)) return void issues.add('$.Tags', 'Tags must be an object of string keys to string values.');
  const keys = Object.keys(tags);
  if (keys.length > LIMITS.tagsMax) issues.add('$.Tags', `A function may have at most ${LIMITS.tagsMax} tags; got ${keys.length}.`);
  for (const k of keys) {
    const v = tags[k];
    if (k.length < 1 || k.length > LIMITS.tagKey) issues.add(`$.Tags.${k}`, `Tag keys must be 1 to ${LIMITS.tagKey} characters; "${k.slice(0, 40)}" has ${k.length}.`);
    if (k.toLowerCase().startsWith('aws:')) issues.add(`$.Tags.${k}`, 'Tag keys starting with "aws:" are reserved for AWS; rename the tag.');
    if (typeof v !== 'string' || v.length > LIMITS.tagValue) issues.add(`$.Tags.${k}`, `Tag ${k} must have a string value of at most ${LIMITS.tagValue} characters.`);
  }
}

/** Every rule for a CreateFunction request (ZipFile as bytes). Empty list = valid. */
export function validateCreateFunction(input: object, options: ValidateOptions = {}): ValidationIssue[] {
  const now = options.now ?? new Date();
  const issues = new Issues();
  const req = input as Obj;
  issues.list.push(...validateFunctionName(req.FunctionName, { allowQualifier: false }));
  issues.list.push(...validateRoleArn(req.Role));
  const packageType = req.PackageType ?? 'Zip';
  if (req.PackageType !== undefined) issues.oneOf(req.PackageType, '$.PackageType', 'PackageType', PACKAGE_TYPES);
  if (packageType === 'Zip') {
    if (req.Runtime === undefined) issues.add('$.Runtime', 'Runtime is required for a .zip package: give one such as "nodejs22.x".');
    if (req.Handler === undefined || req.Handler === '') issues.add('$.Handler', 'Handler is required for a .zip package: give file.export, e.g. "index.handler".');
  } else if (packageType === 'Image') {
    if (req.Runtime !== undefined) issues.add('$.Runtime', 'Runtime must not be set for PackageType Image (the image brings its runtime); remove it.');
  }
  checkCommon(issues, { ...req, Role: undefined }, 'create', now);
  checkCode(issues, req.Code, String(packageType));
  if (req.Architectures !== undefined) checkArchitectures(issues, req.Architectures);
  if (req.Tags !== undefined) checkTags(issues, req.Tags);
  if (req.Publish !== undefined && typeof req.Publish !== 'boolean') issues.add('$.Publish', 'Publish must be true or false.');
  return issues.list;
}

/** Every rule for an UpdateFunctionConfiguration request. Empty list = valid. */
export function validateUpdateFunctionConfiguration(input: object, options: ValidateOptions = {}): ValidationIssue[] {
  const now = options.now ?? new Date();
  const issues = new Issues();
  const req = input as Obj;
  issues.list.push(...validateFunctionName(req.FunctionName));
  checkCommon(issues, req, 'update', now);
  if (req.Handler === '') issues.add('$.Handler', 'Handler must not be empty: give file.export, e.g. "index.handler".');
  return issues.list;
}

/** Every rule for an UpdateFunctionCode request (ZipFile as bytes). Empty list = valid. */
export function validateUpdateFunctionCode(input: object): ValidationIssue[] {
  const issues = new Issues();
  const req = input as Obj;
  issues.list.push(...validateFunctionName(req.FunctionName));
  checkCode(issues, { ZipFile: req.ZipFile, S3Bucket: req.S3Bucket, S3Key: req.S3Key, ImageUri: req.ImageUri }, req.ImageUri !== undefined ? 'Image' : 'Zip');
  if (req.Architectures !== undefined) checkArchitectures(issues, req.Architectures);
  return issues.list;
}

export const errorsOnly = (issues: ValidationIssue[]): ValidationIssue[] => issues.filter((i) => i.severity !== 'warning');

/** One sentence for several issues: "MemorySize must be … ($.MemorySize)". */
export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.message} (${i.path})`).join(' ');
}

/** Throws WorkbenchError('validation') carrying every error; warnings pass. */
export function assertValid(issues: ValidationIssue[], what = 'The function settings'): void {
  const errors = errorsOnly(issues);
  if (errors.length === 0) return;
  const first = errors[0];
  const message = errors.length === 1 ? first.message : `${what} have ${errors.length} problems: ${formatIssues(errors)}`;
  throw new WorkbenchError('validation', message, { path: first.path, details: { issues: errors } });
}
