/**
 * The links the configuration panel can open. The page only names a target; the host builds the
 * URL from the configuration it loaded itself, so a hostile page cannot open arbitrary addresses.
 */
import type { FunctionRef, LinkTarget, PanelState } from './protocol';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The console's host for a region's partition (China and GovCloud have their own). */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

function functionName(ref: FunctionRef, state: PanelState | undefined): string {
  return state?.fn?.Configuration?.FunctionName ?? ref.functionName;
}

export function linkFor(target: LinkTarget, ref: FunctionRef, state: PanelState | undefined): string | undefined {
  if (!REGION.test(ref.region)) return undefined;
  const host = consoleHost(ref.region);
  const region = encodeURIComponent(ref.region);
  const config = state?.fn?.Configuration;
  switch (target) {
    case 'console':
      return `https://${host}/lambda/home?region=${region}#/functions/${encodeURIComponent(functionName(ref, state))}`;
    case 'logs': {
      const group = config?.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName(ref, state)}`;
      // The CloudWatch console double-encodes the group name inside its fragment ("/" -> "$252F").
      const encoded = encodeURIComponent(encodeURIComponent(group)).replace(/%/g, '$');
      return `https://${host}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encoded}`;
    }
    case 'role': {
      const role = config?.Role;
      const m = role ? /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(role) : null;
      if (!m) return undefined;
      const iamHost = ref.region.startsWith('cn-') ? 'console.amazonaws.cn' : ref.region.startsWith('us-gov-') ? 'console.amazonaws-us-gov.com' : 'console.aws.amazon.com';
      return `https://${iamHost}/iam/home#/roles/details/${encodeURIComponent(m[1])}`;
    }
    case 'functionUrl': {
      const url = state?.url?.FunctionUrl;
      if (!url) return undefined;
      try {
        const u = new URL(url);
        return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')) ? u.toString() : undefined;
      } catch {
        return undefined;
      }
    }
  }
}
