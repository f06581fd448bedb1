/**
 * The deploy engine's use of the API reference rules (src/core/config/validateFunction.ts): run
 * before anything is packaged or sent, so a bad Role ARN, an unknown runtime or a name too long is
 * reported with its JSON path instead of as a service error after a 50 MB upload.
 */
import type { CreateFunctionRequest } from '@aws-sdk/client-lambda';
import {
  errorsOnly,
  validateCreateFunction,
  validateFunctionName,
  validateUpdateFunctionCode,
  validateUpdateFunctionConfiguration,
  type ValidationIssue,
} from '../config/validateFunction';
import { WorkbenchError } from '../errors';
import type { FunctionSettings } from './configDiff';

/** Settings CreateFunction takes that UpdateFunctionConfiguration does not. */
const CREATE_ONLY_KEYS = ['Architectures', 'Tags', 'Publish', 'PackageType', 'CodeSigningConfigArn', 'TenancyConfig', 'PublishTo'];

/**
 * Every value the settings carry, whether the function will be created or updated. Returns the
 * rules' warnings (e.g. a deprecated runtime); throws WorkbenchError('validation') on errors.
 */
export function checkSettings(settings: FunctionSettings & { FunctionName: string }, source = 'lambda-workbench.json'): string[] {
  const updatable = Object.fromEntries(Object.entries(settings).filter(([k]) => !CREATE_ONLY_KEYS.includes(k)));
  const issues = [...validateUpdateFunctionConfiguration(updatable)];
  // Creating needs a bare name; a version or alias suffix would fail either way.
  issues.push(...validateFunctionName(settings.FunctionName, { allowQualifier: false }).filter((i) => !issues.some((j) => j.path === i.path)));
  return enforce(issues, source);
}

/** The complete CreateFunction request (Role, Runtime and Handler are required for a .zip). */
export function checkCreateRequest(input: CreateFunctionRequest, source = 'lambda-workbench.json'): string[] {
  return enforce(validateCreateFunction(input), source, 'To create the function, set Role, Runtime and Handler in lambda-workbench.json or pass --role, --runtime and --handler.');
}

/** UpdateFunctionCode's own rules (the zip itself, Architectures). */
export function checkCodeUpdate(input: { FunctionName: string; ZipFile: Uint8Array; Architectures?: string[] }, source = 'lambda-workbench.json'): string[] {
  return enforce(validateUpdateFunctionCode(input), source);
}

function enforce(issues: ValidationIssue[], source: string, extraHint?: string): string[] {
  const errors = errorsOnly(issues);
  if (errors.length) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (${errors.length - 1} more: ${errors.slice(1, 4).map((i) => i.path).join(', ')})` : '';
    throw new WorkbenchError('validation', `${first.message} [${first.path} in ${source}]${more}`, {
      hint: extraHint && /Role|Runtime|Handler/.test(first.path) ? extraHint : `Fix ${first.path} in ${source} (or the flag that sets it). Nothing was uploaded.`,
      path: first.path,
      details: { issues: errors },
    });
  }
  return issues.filter((i) => i.severity === 'warning').map((i) => `${i.message} (${i.path})`);
}
