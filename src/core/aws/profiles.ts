import { readFile } from 'node:fs/promises';
import { WorkbenchError } from '../errors';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProfileInfo {
  name: string;
  /** The profile's `region`, when its config section sets one. */
  region?: string;
  /** sso, credential_process, role, static keys, or unknown. */
  kind: 'sso' | 'process' | 'role' | 'keys' | 'other';
}

function sectionsOf(text: string, isConfig: boolean): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      let name = header[1].trim();
      // In the config file, named profiles are "[profile NAME]"; sso-session sections are not profiles.
      if (isConfig && name.startsWith('profile ')) name = name.slice('profile '.length).trim();
      else if (isConfig && name !== 'default') {
        current = undefined;
        continue;
      }
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The profiles in the shared config and credentials files (honouring AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE). Only names and non-secret settings are returned.
 */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const configFile = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  const [config, credentials] = await Promise.all([readIfExists(configFile), readIfExists(credentialsFile)]);
  const merged = new Map<string, Record<string, string>>();
  for (const [name, values] of sectionsOf(credentials, false)) merged.set(name, { ...values });
  for (const [name, values] of sectionsOf(config, true)) merged.set(name, { ...(merged.get(name) ?? {}), ...values });
  return [...merged].map(([name, v]) => ({
    name,
    region: v.region,
    kind: v.sso_session || v.sso_start_url ? 'sso' : v.credential_process ? 'process' : v.role_arn ? 'role' : v.aws_access_key_id ? 'keys' : 'other',
  }));
}

/**
 * The error for a profile name that is in neither shared file: bad input (CLI exit 2), listing the
 * profiles that do exist so a typo is easy to fix. Names only, never any setting of a profile.
 */
export function unknownProfileError(profile: string, known: readonly string[]): WorkbenchError {
  const list = known.length ? `Known profiles: ${known.join(', ')}.` : 'No profiles are configured.';
  return new WorkbenchError('validation', `The AWS profile "${profile}" was not found in ~/.aws/config or ~/.aws/credentials. ${list}`, {
    hint: `Use one of the known profiles, or create it with "aws configure --profile ${profile}" (or "aws configure sso").`,
    details: { profile, knownProfiles: [...known] },
  });
}

/**
 * Throws unknownProfileError when `profile` names no profile in the shared files. Checked before any
 * request, whatever the endpoint (a loopback endpoint included): a typo must not silently fall
 * back to other credentials.
 */
export async function requireKnownProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!profile) return;
  const known = (await listProfiles(env)).map((p) => p.name);
  if (!known.includes(profile)) throw unknownProfileError(profile, known);
}
