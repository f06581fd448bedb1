/**
 * Links that open a function: `vscode://<publisher>.lambda-workbench/function?region=…&name=…
 * [&endpoint=…][&profile=…]`, for runbooks. Parsing, building and the "open from a link" flow live
 * here without `vscode` (the editor side is an injected host: src/vscode/links/uriHandler.ts), so
 * every rule is unit-tested. In the engine bundle: a link is rare, so it costs the extension's
 * activation nothing. A link
 * is untrusted input: every parameter is checked with core's owners, anything else is refused, and
 * a link never switches the connection (endpoint or profile) without the user's confirmation.
 */
import { isLocalEndpoint, normalizeEndpoint } from '../aws/endpoint';
import { isValidRegion } from '../aws/regionId';
import { LIMITS, PATTERNS, splitFunctionName } from '../config/validationRules';

/** The one path a function link has. */
export const FUNCTION_LINK_PATH = '/function';
const KNOWN_PARAMETERS = ['region', 'name', 'endpoint', 'profile'] as const;

export interface FunctionLink {
  region: string;
  /** The bare function name (an ARN in the link is reduced to its name after checking its region). */
  name: string;
  /** Normalised http(s) URL, when the link names one. */
  endpoint?: string;
  profile?: string;
}

export type LinkParse = { ok: true; link: FunctionLink } | { ok: false; problems: string[] };

/** The parts of a URI the parser reads (a `vscode.Uri` fits). */
export interface LinkUri {
  path: string;
  query: string;
}

/** Checks a link's path and query. Returns every problem found, so the message can list them all. */
export function parseFunctionLink(uri: LinkUri): LinkParse {
  if (uri.path !== FUNCTION_LINK_PATH) {
    return { ok: false, problems: [`"${clip(uri.path || '/')}" is not a Lambda Workbench link (expected ${FUNCTION_LINK_PATH}?region=…&name=…).`] };
  }
  const problems: string[] = [];
  const params = new URLSearchParams(uri.query);
  const values = new Map<string, string>();
  for (const [key, value] of params) {
    if (!(KNOWN_PARAMETERS as readonly string[]).includes(key)) {
      problems.push(`Unknown parameter "${clip(key)}" (a link takes ${KNOWN_PARAMETERS.join(', ')}).`);
    } else if (values.has(key)) {
      problems.push(`The parameter "${key}" is given more than once.`);
    } else {
      values.set(key, value);
    }
  }

  const region = values.get('region')?.trim();
  if (!region) problems.push('The region is missing (region=us-east-1, for example).');
  else if (!isValidRegion(region)) problems.push(`"${clip(region)}" is not a region id (such as us-east-1).`);

  const name = checkName(values.get('name')?.trim(), region, problems);

  let endpoint: string | undefined;
  const rawEndpoint = values.get('endpoint')?.trim();
  if (values.has('endpoint') && !rawEndpoint) problems.push('The endpoint is empty: leave it out to use the current connection.');
  if (rawEndpoint) {
    try {
      endpoint = normalizeEndpoint(rawEndpoint);
      const url = new URL(endpoint);
      // Credentials in a link would be sent to wherever it points, and logged in history: refuse.
      if (url.username || url.password) {
        problems.push('The endpoint must not carry a user name or password.');
        endpoint = undefined;
      }
    } catch (e) {
      problems.push(clip((e as Error).message, 200));
    }
  }

  const profile = values.get('profile')?.trim();
  if (values.has('profile') && !profile) problems.push('The profile is empty: leave it out to use the current profile.');
  // Profile names come from the user's own files; existence is checked before use. A link can only
  // carry a plain name: no brackets, spaces or control characters (they cannot be a section name).
  if (profile && (profile.length > 128 || /[\s[\]]/.test(profile) || hasControl(profile))) problems.push(`"${clip(profile)}" is not a profile name.`);

  if (problems.length > 0 || !region || !name) return { ok: false, problems };
  return { ok: true, link: { region, name, ...(endpoint ? { endpoint } : {}), ...(profile ? { profile } : {}) } };
}

function checkName(name: string | undefined, region: string | undefined, problems: string[]): string | undefined {
  if (!name) {
    problems.push('The function name is missing (name=my-function, or the function ARN).');
    return undefined;
  }
  const parts = splitFunctionName(name);
  const limit = parts?.isArn ? LIMITS.functionNameArn : LIMITS.functionNameBare;
  if (!parts || !PATTERNS.functionName.test(name) || name.length > limit) {
    problems.push(`"${clip(name)}" is not a function name or ARN.`);
    return undefined;
  }
  if (parts.qualifier) {
    problems.push(`The link names a version or alias (":${parts.qualifier}"): links open the function itself, so leave the qualifier out.`);
    return undefined;
  }
  if (parts.region && region && parts.region !== region) {
    problems.push(`The ARN's region ${parts.region} differs from region=${clip(region)}.`);
    return undefined;
  }
  return parts.name;
}

/** A link to a function, with the parameters percent-encoded. `scheme` is the editor's (vscode, vscode-insiders…). */
export function buildFunctionLink(scheme: string, extensionId: string, fn: { region: string; name: string; endpoint?: string; profile?: string }): string {
  const query = new URLSearchParams({ region: fn.region, name: fn.name });
  if (fn.endpoint) query.set('endpoint', fn.endpoint);
  if (fn.profile) query.set('profile', fn.profile);
  // URLSearchParams writes spaces as '+'; %20 reads the same everywhere a link may be pasted.
  return `${scheme}://${extensionId}${FUNCTION_LINK_PATH}?${query.toString().replace(/\+/g, '%20')}`;
}

/** What the editor provides to the link flow. */
export interface LinkHost {
  /** The connection in use now (endpoint normalised, profile as configured). */
  current(): { endpoint?: string; profile?: string };
  /** The profiles in the user's shared config and credentials files. */
  knownProfiles(): Promise<string[]>;
  /** A modal question; true when the user chose `confirm`. */
  confirm(message: string, detail: string, confirm: string): Promise<boolean>;
  /** Makes the endpoint and/or profile the connection's (as "Use a Local Endpoint" and "Select Profile" do). */
  switchConnection(change: { endpoint?: string; profile?: string }): Promise<void>;
  openConfiguration(fn: { region: string; name: string }): Promise<void>;
  /** A plain error message to the user. */
  showError(message: string): void;
}

export type LinkOutcome = { opened: FunctionLink } | { refused: string[] } | { declined: FunctionLink };

/** Handles a link: checks it, asks before any connection change, then opens the configuration panel. */
export async function openFunctionLink(uri: LinkUri, host: LinkHost): Promise<LinkOutcome> {
  const parsed = parseFunctionLink(uri);
  if (!parsed.ok) {
    host.showError(`This Lambda Workbench link cannot be opened: ${parsed.problems.join(' ')}`);
    return { refused: parsed.problems };
  }
  const link = parsed.link;
  const current = host.current();
  const change: { endpoint?: string; profile?: string } = {};
  if (link.endpoint && link.endpoint !== sameForm(current.endpoint)) change.endpoint = link.endpoint;
  if (link.profile && link.profile !== current.profile) {
    const known = await host.knownProfiles();
    if (!known.includes(link.profile)) {
      const problem = `The link uses the AWS profile "${link.profile}", which is not in ~/.aws/config or ~/.aws/credentials.`;
      host.showError(`This Lambda Workbench link cannot be opened: ${problem}`);
      return { refused: [problem] };
    }
    change.profile = link.profile;
  }
  if (change.endpoint || change.profile) {
    const question = connectionQuestion(link, change, current);
    if (!(await host.confirm(question.message, question.detail, question.confirm))) return { declined: link };
    await host.switchConnection(change);
  }
  await host.openConfiguration({ region: link.region, name: link.name });
  return { opened: link };
}

/** The modal's text: names the endpoint and whether it is this machine or a remote host. */
export function connectionQuestion(
  link: FunctionLink,
  change: { endpoint?: string; profile?: string },
  current: { endpoint?: string; profile?: string },
): { message: string; detail: string; confirm: string } {
  const lines: string[] = [];
  if (change.endpoint) {
    const where = isLocalEndpoint(change.endpoint) ? 'a loopback address on this machine' : 'a REMOTE host, not this machine';
    lines.push(`Endpoint: ${change.endpoint} (${where}). Requests to it are signed with your current credentials, and it sees their access key id.`);
    lines.push(`Now: ${current.endpoint ?? 'AWS'}.`);
  }
  if (change.profile) lines.push(`AWS profile: ${change.profile} (now: ${current.profile ?? 'default credential chain'}).`);
  lines.push('Lambda Workbench switches its connection settings to these; you can switch back with "Use a Local Endpoint…" and "Select AWS Profile…".');
  const what = change.endpoint ? `connect to ${change.endpoint}` : `use the profile "${change.profile ?? ''}"`;
  return {
    message: `A link wants to open ${link.name} (${link.region}) and ${what}. Continue?`,
    detail: lines.join('\n'),
    confirm: change.endpoint ? 'Connect and Open' : 'Switch Profile and Open',
  };
}

function sameForm(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  try {
    return normalizeEndpoint(endpoint);
  } catch {
    return endpoint;
  }
}

const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const hasControl = (text: string) => [...text].some(isControl);

function clip(text: string, max = 80): string {
  const printable = [...text].map((c) => (isControl(c) ? '?' : c)).join('');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
