/**
 * Layer version ARNs (arn:PARTITION:lambda:REGION:ACCOUNT:layer:NAME:VERSION): the one parser the
 * local Lambda API server, local invoke and the editor use, over the pattern validationRules owns.
 */
import { LIMITS, PATTERNS } from '../config/validationRules';

export interface LayerVersionRef {
  partition: string;
  region: string;
  account: string;
  name: string;
  version: number;
  /** The layer's ARN without the version. */
  layerArn: string;
  arn: string;
}

/** The parts of a layer version ARN, or undefined when it is not one. */
export function parseLayerVersionArn(arn: string): LayerVersionRef | undefined {
  if (typeof arn !== 'string' || arn.length > LIMITS.layerArn || !PATTERNS.layerArn.test(arn)) return undefined;
  const [, partition, , region, account, , name, version] = arn.split(':');
  const n = Number(version);
  if (!Number.isSafeInteger(n)) return undefined;
  return { partition, region, account, name, version: n, layerArn: `arn:${partition}:lambda:${region}:${account}:layer:${name}`, arn };
}

export function layerArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:lambda:${region}:${account}:layer:${name}`;
}
