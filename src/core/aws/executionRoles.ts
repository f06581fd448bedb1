/**
 * Execution roles for new functions: the account's roles that Lambda can assume (ListRoles,
 * filtered by each role's trust policy), and "Create a basic execution role" as the Lambda console
 * does it (a role trusting lambda.amazonaws.com with the AWSLambdaBasicExecutionRole managed
 * policy: CloudWatch Logs only). The one owner of the trust rule and of the role's shape.
 */
import { WorkbenchError } from '../errors';
import type { ClientFactory } from './clientFactory';
import { toWorkbenchError } from './errorMapping';
import { iamModule } from './sdk';
import type { CallOptions, Connection } from './types';

export const LAMBDA_SERVICE_PRINCIPAL = 'lambda.amazonaws.com';
export const BASIC_EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** The trust policy of a basic execution role. */
export const LAMBDA_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: LAMBDA_SERVICE_PRINCIPAL }, Action: 'sts:AssumeRole' }],
} as const;

export interface ExecutionRole {
  name: string;
  arn: string;
  description?: string;
  path?: string;
  createDate?: Date;
}

/** Role names: the IAM API reference's pattern and length. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function validateRoleName(name: string): string | undefined {
  const v = name.trim();
  if (!v) return 'Enter a role name.';
  if (v.length > 64) return `Role names are at most 64 characters (this one has ${v.length}).`;
  if (!ROLE_NAME.test(v)) return 'Use letters, digits and + = , . @ _ - only.';
  return undefined;
}

/** A role name for a function's basic execution role, like the console's "NAME-role-xxxxxxxx". */
export function suggestRoleName(functionName: string, suffix = Math.random().toString(36).slice(2, 10)): string {
  const base = functionName.replace(/[^\w+=,.@-]+/g, '-').slice(0, 64 - 6 - suffix.length) || 'lambda';
  return `${base}-role-${suffix}`;
}

/**
 * Whether a trust policy lets Lambda assume the role: an Allow statement whose principal names
 * lambda.amazonaws.com (or any service "*") and whose actions include sts:AssumeRole. IAM returns
 * the document URL-encoded; both forms are accepted.
 */
export function trustsLambda(document: string | undefined): boolean {
  if (!document) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(document.trim().startsWith('%7B') || document.includes('%22') ? decodeURIComponent(document) : document);
  } catch {
    return false;
  }
  const raw = (doc as { Statement?: unknown })?.Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const actions = ([] as unknown[]).concat(s.Action ?? []);
    if (!actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
    const principal = s.Principal as { Service?: unknown } | string | undefined;
    if (principal === '*') return true;
    const services = ([] as unknown[]).concat((principal as { Service?: unknown } | undefined)?.Service ?? []);
    return services.includes(LAMBDA_SERVICE_PRINCIPAL);
  });
}

/** Every role of the account that Lambda can assume, newest first (pages through ListRoles, bounded). */
export async function listLambdaRoles(factory: ClientFactory, connection: Connection, options: CallOptions & { maxPages?: number } = {}): Promise<ExecutionRole[]> {
  const { ListRolesCommand } = iamModule();
  const client = factory.iam(connection);
  const roles: ExecutionRole[] = [];
  let marker: string | undefined;
  try {
    for (let page = 0; page < (options.maxPages ?? 20); page++) {
      const out = await client.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 }), { abortSignal: options.signal });
      for (const r of out.Roles ?? []) {
        if (r.RoleName && r.Arn && trustsLambda(r.AssumeRolePolicyDocument)) {
          roles.push({ name: r.RoleName, arn: r.Arn, description: r.Description, path: r.Path, createDate: r.CreateDate });
        }
      }
      if (!out.IsTruncated || !out.Marker) break;
      marker = out.Marker;
    }
  } catch (e) {
    throw toWorkbenchError(e, { operation: 'ListRoles', endpoint: connection.endpoint, profile: connection.profile });
  }
  return roles.sort((a, b) => (b.createDate?.getTime() ?? 0) - (a.createDate?.getTime() ?? 0) || a.name.localeCompare(b.name));
}

/**
 * Creates a basic execution role: CreateRole with LAMBDA_TRUST_POLICY, then AttachRolePolicy with
 * AWSLambdaBasicExecutionRole. Returns the role (its ARN is what CreateFunction takes).
 */
export async function createBasicExecutionRole(factory: ClientFactory, connection: Connection, name: string, options: CallOptions & { description?: string } = {}): Promise<ExecutionRole> {
  const { CreateRoleCommand, AttachRolePolicyCommand } = iamModule();
  const client = factory.iam(connection);
  const ctx = { endpoint: connection.endpoint, profile: connection.profile };
  let role: ExecutionRole;
  try {
    const created = await client.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST_POLICY),
        Description: options.description ?? 'Lambda execution role: CloudWatch Logs (AWSLambdaBasicExecutionRole). Created by Lambda Workbench.',
      }),
      { abortSignal: options.signal },
    );
    role = { name, arn: created.Role?.Arn ?? '', description: created.Role?.Description, path: created.Role?.Path, createDate: created.Role?.CreateDate };
  } catch (e) {
    throw toWorkbenchError(e, { operation: 'CreateRole', ...ctx });
  }
  try {
    await client.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION_POLICY_ARN }), { abortSignal: options.signal });
  } catch (e) {
    // The role exists now, without its policy: say so, so nobody deploys with a role that cannot log.
    const err = toWorkbenchError(e, { operation: 'AttachRolePolicy', ...ctx });
    throw new WorkbenchError(err.kind, `The role ${name} was created, but attaching AWSLambdaBasicExecutionRole to it failed: ${err.message}`, {
      ...err.options,
      hint: `Attach ${BASIC_EXECUTION_POLICY_ARN} to ${name} in the IAM console, or pick another role.`,
      cause: e,
    });
  }
  return role;
}
