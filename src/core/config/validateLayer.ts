/**
 * The Lambda API reference's rules for PublishLayerVersion and the layer lookups, as pure functions
 * returning issues (the local Lambda API server turns them into InvalidParameterValueException).
 */
import type { ValidationIssue } from './validateFunction';
import { validateZipFile } from './validateFunction';
import { ARCHITECTURES, findRuntime, LIMITS, PATTERNS } from './validationRules';

const show = (v: unknown): string => (typeof v === 'string' ? `"${v.length > 80 ? v.slice(0, 80) + '…' : v}"` : (JSON.stringify(v) ?? String(v)));

/** LayerName: a name of letters, digits, hyphens and underscores, or the layer's unversioned ARN (≤140). */
export function validateLayerName(name: unknown, path = '$.LayerName'): ValidationIssue[] {
  if (typeof name !== 'string' || name.length === 0) return [{ path, message: 'LayerName is required: give a name such as "my-layer" (letters, digits, hyphens and underscores).' }];
  if (name.length > LIMITS.layerName) return [{ path, message: `LayerName must be at most ${LIMITS.layerName} characters; got ${name.length}.` }];
  if (!PATTERNS.layerName.test(name)) {
    return [{ path, message: `LayerName ${show(name)} is not valid: use letters, digits, hyphens (-) and underscores (_), or a layer ARN such as arn:aws:lambda:us-east-1:123456789012:layer:my-layer.` }];
  }
  return [];
}

/** A layer version ARN (GetLayerVersionByArn's Arn, a function's Layers entry). */
export function validateLayerVersionArn(arn: unknown, path = '$.Arn'): ValidationIssue[] {
  if (typeof arn !== 'string' || arn.length === 0) return [{ path, message: 'Arn is required: give a layer version ARN such as arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1.' }];
  if (arn.length > LIMITS.layerArn || !PATTERNS.layerArn.test(arn)) {
    return [{ path, message: `${show(arn)} is not a layer version ARN: use arn:aws:lambda:REGION:123456789012:layer:NAME:VERSION (at most ${LIMITS.layerArn} characters).` }];
  }
  return [];
}

function list(issues: ValidationIssue[], value: unknown, path: string, field: string, max: number, valid: (s: string) => boolean, hint: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) return void issues.push({ path, message: `${field} must be a list of strings.` });
  if (value.length > max) issues.push({ path, message: `${field} may hold at most ${max} items; got ${value.length}.` });
  (value as string[]).forEach((s, i) => {
    if (!valid(s)) issues.push({ path: `${path}[${i}]`, message: `${field} ${show(s)} is not valid: ${hint}.` });
  });
}

/** PublishLayerVersion's body (ZipFile already decoded to bytes). */
export function validatePublishLayerVersion(input: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const content = input.Content;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    issues.push({ path: '$.Content', message: 'Content is required: give {"ZipFile": <zip bytes>} (or {"S3Bucket", "S3Key"}).' });
  } else {
    const c = content as Record<string, unknown>;
    const sources = [c.ZipFile !== undefined, c.S3Bucket !== undefined || c.S3Key !== undefined].filter(Boolean).length;
    if (sources === 0) issues.push({ path: '$.Content', message: 'Content must contain ZipFile (zip bytes) or S3Bucket and S3Key.' });
    else if (sources > 1) issues.push({ path: '$.Content', message: 'Content must contain either ZipFile or S3Bucket/S3Key, not both.' });
    if (c.ZipFile !== undefined) issues.push(...validateZipFile(c.ZipFile, '$.Content.ZipFile'));
  }
  if (input.Description !== undefined) {
    if (typeof input.Description !== 'string') issues.push({ path: '$.Description', message: 'Description must be a string.' });
    else if (input.Description.length > LIMITS.description) issues.push({ path: '$.Description', message: `Description must be at most ${LIMITS.description} characters; got ${input.Description.length}.` });
  }
  if (input.LicenseInfo !== undefined) {
    if (typeof input.LicenseInfo !== 'string') issues.push({ path: '$.LicenseInfo', message: 'LicenseInfo must be a string (an SPDX identifier, a URL or the license text).' });
    else if (input.LicenseInfo.length > LIMITS.layerLicense) issues.push({ path: '$.LicenseInfo', message: `LicenseInfo must be at most ${LIMITS.layerLicense} characters; got ${input.LicenseInfo.length}.` });
  }
  list(issues, input.CompatibleRuntimes, '$.CompatibleRuntimes', 'CompatibleRuntimes', LIMITS.layerRuntimesMax, (s) => !!findRuntime(s), 'use runtime identifiers such as nodejs22.x');
  list(issues, input.CompatibleArchitectures, '$.CompatibleArchitectures', 'CompatibleArchitectures', LIMITS.layerArchitecturesMax, (s) => (ARCHITECTURES as readonly string[]).includes(s), `use ${ARCHITECTURES.join(' or ')}`);
  return issues;
}
