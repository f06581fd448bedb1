/**
 * Function references as the service accepts them in paths: a name, `name:qualifier`, a partial
 * ARN (`123456789012:function:name`) or a full ARN, each optionally qualified.
 */
import { partitionOf } from '../aws/regions';
import { splitFunctionName } from '../config/validationRules';
import { validateFunctionName } from '../config/validateFunction';
import { invalid } from './apiError';

export interface FunctionRef {
  name: string;
  qualifier?: string;
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  return `arn:${partitionOf(region)}:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

/** Parses a path's function reference; throws InvalidParameterValueException like the service. */
export function parseFunctionRef(raw: string, region: string, accountId: string, queryQualifier?: string): FunctionRef {
  const issues = validateFunctionName(raw);
  if (issues.length > 0) throw invalid(issues[0].message);
  const parts = splitFunctionName(raw);
  if (!parts) throw invalid(`FunctionName "${raw}" is not valid.`);
  const { partition, region: arnRegion, account: arnAccount, name, qualifier: fromName } = parts;
  const expected = partitionOf(region);
  if (partition !== undefined && partition !== expected) {
    throw invalid(`The function ARN's partition "${partition}" does not match this request's region ${region}, which is in partition "${expected}".`);
  }
  if (arnRegion && partitionOf(arnRegion) !== expected) {
    throw invalid(`The function ARN's region ${arnRegion} is in partition "${partitionOf(arnRegion)}", not in this request's partition "${expected}" (${region}).`);
  }
  if (arnRegion && arnRegion !== region) {
    throw invalid(`The function ARN's region ${arnRegion} does not match this request's region ${region}; send the request to ${arnRegion}.`);
  }
  if (arnAccount && arnAccount !== accountId) {
    throw invalid(`The function ARN's account ${arnAccount} is not this server's account ${accountId}.`);
  }
  if (fromName && queryQualifier && fromName !== queryQualifier) {
    throw invalid('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = fromName ?? queryQualifier;
  return qualifier ? { name, qualifier } : { name };
}
