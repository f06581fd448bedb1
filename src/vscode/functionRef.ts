/**
 * How the UI names one function: enough to call the service (region + name) and to show it.
 * Shared with the configuration panel (`ConfigurationPanelManager.show(fn)`). Pure.
 */
import { consoleHost, partitionOf } from '../core/aws/regionId';

export interface FunctionRef {
  region: string;
  name: string;
  arn?: string;
}

export function isFunctionRef(value: unknown): value is FunctionRef {
  const v = value as Partial<FunctionRef> | null | undefined;
  return typeof v === 'object' && v !== null && typeof v.region === 'string' && typeof v.name === 'string';
}

/** A stable key for maps and tree ids. */
export function functionKey(fn: FunctionRef): string {
  return `${fn.region}/${fn.name}`;
}


export function consoleUrl(fn: FunctionRef): string {
  const r = encodeURIComponent(fn.region);
  return `https://${consoleHost(fn.region)}/lambda/home?region=${r}#/functions/${encodeURIComponent(fn.name)}`;
}

/** Builds the ARN when the service did not give one (it always does; this is for the palette path). */
export function functionArn(fn: FunctionRef, accountId = '000000000000'): string {
  if (fn.arn) return fn.arn;
  const partition = partitionOf(fn.region);
  return `arn:${partition}:lambda:${fn.region}:${accountId}:function:${fn.name}`;
}
