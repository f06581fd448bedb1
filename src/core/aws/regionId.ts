/**
 * What a region id looks like, which partition it belongs to and where its console lives: one
 * owner for the CLI, the editor, deploy and the configuration panel. Pure and tiny (no partition
 * data), so the extension bundle can import it without loading the engine.
 */

/**
 * A region id: a 2-4 letter prefix, one or more words, a number. Covers us-east-1, us-gov-west-1,
 * cn-north-1, eusc-de-east-1 and the ISO partitions (us-isob-east-1), and regions newer than our data.
 */
export const REGION_ID = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** True when the id looks like a region (known or newer than our SDK's data). */
export function isValidRegion(id: string): boolean {
  return REGION_ID.test(id);
}

/**
 * The ARN partition of a region by its prefix: aws, aws-cn, aws-us-gov, aws-eusc or an ISO partition.
 * regions.ts's partitionOf prefers the SDK's partition data and falls back to this.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso';
  return 'aws';
}

/**
 * The AWS console's host for a region. China and GovCloud have one console per partition (the region
 * goes in the query string); the European Sovereign Cloud has its own domain.
 */
export function consoleHost(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return 'console.amazonaws.cn';
    case 'aws-us-gov':
      return 'console.amazonaws-us-gov.com';
    case 'aws-eusc':
      return 'console.amazonaws.eu';
    default:
      return `${region}.console.aws.amazon.com`;
  }
}
