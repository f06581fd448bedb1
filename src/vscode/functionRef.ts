/**
 * How the UI names one function: enough to call the service (region + name) and to show it.
 * Shared with the configuration panel (`ConfigurationPanelManager.show(fn)`). Pure.
 */
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

/** The console's host for a region's partition (China and GovCloud have their own). */
function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return `${region}.console.aws.amazon.com`;
}

export function consoleUrl(fn: FunctionRef): string {
  const r = encodeURIComponent(fn.region);
  return `https://${consoleHost(fn.region)}/lambda/home?region=${r}#/functions/${encodeURIComponent(fn.name)}`;
}

/** Builds the ARN when the service did not give one (it always does; this is for the palette path). */
export function functionArn(fn: FunctionRef, accountId = '000000000000'): string {
  if (fn.arn) return fn.arn;
  const partition = fn.region.startsWith('cn-') ? 'aws-cn' : fn.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:lambda:${fn.region}:${accountId}:function:${fn.name}`;
}
