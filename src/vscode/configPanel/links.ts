/**
 * The links the configuration panel can open. The page only names a target; the host builds the
 * URL from the configuration it loaded itself, so a hostile page cannot open arbitrary addresses.
 */
import { consoleHost, isValidRegion } from '../../core/aws/regionId';
import type { FunctionRef, LinkTarget, PanelState } from './protocol';

export { consoleHost };

function functionName(ref: FunctionRef, state: PanelState | undefined): string {
  return state?.fn?.Configuration?.FunctionName ?? ref.functionName;
}

export function linkFor(target: LinkTarget, ref: FunctionRef, state: PanelState | undefined): string | undefined {
  if (!isValidRegion(ref.region)) return undefined;
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
      // IAM is global: its console has no region in the host.
      const iamHost = consoleHost(ref.region).replace(`${ref.region}.`, '');
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
