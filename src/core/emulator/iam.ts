/**
 * The IAM calls the product makes (ListRoles, CreateRole, AttachRolePolicy, GetRole), answered at
 * the same endpoint as Lambda. IAM speaks the AWS Query protocol: a form-encoded POST to `/` with
 * `Action=…&Version=2010-05-08`, answered in XML (`<ActionResponse><ActionResult>…`), errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error>`. Inputs are checked against the IAM API
 * reference's constraints, with the service's error codes, so @aws-sdk/client-iam raises its typed
 * exceptions (NoSuchEntityException, EntityAlreadyExistsException, MalformedPolicyDocumentException…).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_BODY_LIMIT = 1_048_576;

/** What a role is to the service (the fields GetRole returns that the product reads). */
interface StoredRole {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  attached: Set<string>;
}

/** AWS managed policies a Lambda user attaches; any other ARN must be a customer policy we do not have. */
const MANAGED_POLICIES = new Set([
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
  'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess',
]);

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

class IamError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The account's roles. IAM is global: one store for every region of the server. */
export class IamStore {
  private readonly roles = new Map<string, StoredRole>();

  constructor(private readonly accountId: string) {
    // What a fresh account used with Lambda typically has: the role the examples name, and one
    // that Lambda cannot assume (so "roles Lambda can assume" has something to leave out).
    this.put('lambda-role', trust('lambda.amazonaws.com'), '/', 'Execution role for the example functions.');
    this.roles.get('lambda-role')?.attached.add('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    this.put('ecs-task-role', trust('ecs-tasks.amazonaws.com'), '/', 'An ECS task role (not assumable by Lambda).');
  }

  private put(name: string, document: string, path: string, description?: string, maxSession = 3600): StoredRole {
    const role: StoredRole = {
      RoleName: name,
      RoleId: `AROA${randomBytes(8).toString('hex').toUpperCase().slice(0, 17)}`,
      Arn: `arn:aws:iam::${this.accountId}:role${path}${name}`,
      Path: path,
      CreateDate: new Date(),
      AssumeRolePolicyDocument: document,
      Description: description,
      MaxSessionDuration: maxSession,
      attached: new Set(),
    };
    this.roles.set(name.toLowerCase(), role);
    return role;
  }

  /** Answers one Query-protocol request: the status and the XML body. */
  handle(headers: IncomingHttpHeaders, body: Buffer): { status: number; xml: string; action: string } {
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? 'Unknown';
    const requestId = randomUUID();
    try {
      if (!/application\/x-www-form-urlencoded/i.test(headers['content-type'] ?? '')) {
        throw new IamError('InvalidParameterValue', 400, 'IAM requests are form-encoded (application/x-www-form-urlencoded).');
      }
      if (params.get('Version') !== '2010-05-08') throw new IamError('InvalidParameterValue', 400, `Version "${params.get('Version') ?? ''}" is not 2010-05-08.`);
      const result = this.dispatch(action, params);
      return { status: 200, action, xml: envelope(action, result, requestId) };
    } catch (e) {
      const err = e instanceof IamError ? e : new IamError('ServiceFailure', 500, `Internal error in the local IAM endpoint: ${(e as Error).message}`);
      return {
        status: err.status,
        action,
        xml: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${err.code}</Code><Message>${esc(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`,
      };
    }
  }

  private dispatch(action: string, p: URLSearchParams): string | undefined {
    switch (action) {
      case 'ListRoles':
        return this.listRoles(p);
      case 'GetRole':
        return `<Role>${roleXml(this.find(roleName(p)))}</Role>`;
      case 'CreateRole':
        return `<Role>${roleXml(this.createRole(p))}</Role>`;
      case 'AttachRolePolicy':
        this.attachRolePolicy(p);
        return undefined;
      default:
        throw new IamError('InvalidAction', 400, `The action ${action} is not valid for this web service (the local endpoint answers ListRoles, GetRole, CreateRole and AttachRolePolicy).`);
    }
  }

  private find(name: string): StoredRole {
    const role = this.roles.get(name.toLowerCase());
    if (!role) throw new IamError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
    return role;
  }

  private listRoles(p: URLSearchParams): string {
    const prefix = optional(p, 'PathPrefix', 'pathPrefix', { min: 1, max: 512, pattern: /^\u002F[\u0021-\u007F]*$/, patternText: '\\u002F[\\u0021-\\u007F]*' }) ?? '/';
    const maxItems = intParam(p, 'MaxItems', 'maxItems', 1, 1000) ?? 100;
    const marker = optional(p, 'Marker', 'marker', { min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/, patternText: '[\\u0020-\\u00FF]+' });
    const all = [...this.roles.values()].filter((r) => r.Path.startsWith(prefix)).sort((a, b) => a.RoleName.localeCompare(b.RoleName));
    let start = 0;
    if (marker !== undefined) {
      start = Number(Buffer.from(marker, 'base64').toString('utf8'));
      if (!Number.isInteger(start) || start < 0 || start > all.length) throw new IamError('InvalidInput', 400, 'Invalid Marker.');
    }
    const page = all.slice(start, start + maxItems);
    const next = start + page.length;
    const truncated = next < all.length;
    return `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>${Buffer.from(String(next)).toString('base64')}</Marker>` : ''}<Roles>${page.map((r) => `<member>${roleXml(r)}</member>`).join('')}</Roles>`;
  }

  // The IAM API reference's patterns allow tab, newline and carriage return in documents and descriptions.
  /* eslint-disable no-control-regex */
  private createRole(p: URLSearchParams): StoredRole {
    const name = roleName(p);
    const document = required(p, 'AssumeRolePolicyDocument', 'assumeRolePolicyDocument', { min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' });
    const path = optional(p, 'Path', 'path', { min: 1, max: 512, pattern: /^(\u002F|\u002F[\u0021-\u007E]+\u002F)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' }) ?? '/';
    const description = optional(p, 'Description', 'description', { min: 0, max: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' });
    /* eslint-enable no-control-regex */
    const maxSession = intParam(p, 'MaxSessionDuration', 'maxSessionDuration', 3600, 43200) ?? 3600;
    checkTrustPolicy(document);
    if (this.roles.has(name.toLowerCase())) throw new IamError('EntityAlreadyExists', 409, `Role with name ${name} already exists.`);
    return this.put(name, document, path, description, maxSession);
  }

  private attachRolePolicy(p: URLSearchParams): void {
    const name = roleName(p);
    const arn = required(p, 'PolicyArn', 'policyArn', { min: 20, max: 2048 });
    if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+/.test(arn)) throw new IamError('InvalidInput', 400, `ARN ${arn} is not valid.`);
    const role = this.find(name);
    if (!MANAGED_POLICIES.has(arn)) throw new IamError('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`);
    role.attached.add(arn);
  }
}

function roleName(p: URLSearchParams): string {
  return required(p, 'RoleName', 'roleName', { min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' });
}

interface Constraint {
  min: number;
  max: number;
  pattern?: RegExp;
  patternText?: string;
}

function required(p: URLSearchParams, key: string, member: string, c: Constraint): string {
  const v = optional(p, key, member, c);
  if (v === undefined) throw new IamError('ValidationError', 400, `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return v;
}

/** The service's wording for a constraint violation (ValidationError, 400). */
function optional(p: URLSearchParams, key: string, member: string, c: Constraint): string | undefined {
  const v = p.get(key);
  if (v === null) return undefined;
  const fail = (what: string) => new IamError('ValidationError', 400, `1 validation error detected: Value '${v.length > 64 ? `${v.slice(0, 64)}…` : v}' at '${member}' failed to satisfy constraint: ${what}`);
  if (v.length < c.min || v.length > c.max) throw fail(`Member must have length ${v.length < c.min ? 'greater than or equal to ' + c.min : 'less than or equal to ' + c.max}`);
  if (c.pattern && !c.pattern.test(v)) throw fail(`Member must satisfy regular expression pattern: ${c.patternText ?? c.pattern.source}`);
  return v;
}

function intParam(p: URLSearchParams, key: string, member: string, min: number, max: number): number | undefined {
  const v = p.get(key);
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new IamError('ValidationError', 400, `1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: Member must be an integer`);
  if (n < min) throw new IamError('ValidationError', 400, `1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (n > max) throw new IamError('ValidationError', 400, `1 validation error detected: Value '${v}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return n;
}

/** A trust policy must be a JSON policy with statements that name a principal and sts actions. */
function checkTrustPolicy(text: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new IamError('MalformedPolicyDocument', 400, 'This policy contains invalid Json');
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements && typeof statements === 'object' ? [statements] : undefined;
  if (!list || list.length === 0) throw new IamError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  for (const s of list as Record<string, unknown>[]) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new IamError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    if (!s.Principal && !s.NotPrincipal) throw new IamError('MalformedPolicyDocument', 400, 'AssumeRolepolicy contained an invalid principal element.');
    const actions = ([] as unknown[]).concat(s.Action ?? s.NotAction ?? []);
    if (actions.length === 0 || actions.some((a) => typeof a !== 'string' || !/^(sts:[A-Za-z*]+|\*)$/.test(a))) {
      throw new IamError('MalformedPolicyDocument', 400, 'AssumeRole policy may only specify STS AssumeRole actions.');
    }
  }
}

function roleXml(r: StoredRole): string {
  return [
    `<Path>${esc(r.Path)}</Path>`,
    `<RoleName>${esc(r.RoleName)}</RoleName>`,
    `<RoleId>${r.RoleId}</RoleId>`,
    `<Arn>${esc(r.Arn)}</Arn>`,
    `<CreateDate>${r.CreateDate.toISOString().replace(/\.\d{3}Z$/, 'Z')}</CreateDate>`,
    // The service returns the trust policy URL-encoded.
    `<AssumeRolePolicyDocument>${esc(encodeURIComponent(r.AssumeRolePolicyDocument))}</AssumeRolePolicyDocument>`,
    r.Description !== undefined ? `<Description>${esc(r.Description)}</Description>` : '',
    `<MaxSessionDuration>${r.MaxSessionDuration}</MaxSessionDuration>`,
  ].join('');
}

function envelope(action: string, result: string | undefined, requestId: string): string {
  const inner = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A Query-protocol request: a form POST to the root path (Lambda's REST paths never are). */
export function isQueryRequest(method: string, pathname: string): boolean {
  return method === 'POST' && pathname === '/';
}
