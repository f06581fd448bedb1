/**
 * HTTP request → Lambda event, as the services build it: payload format 2.0 (Function URLs, HTTP
 * APIs) and 1.0 (REST APIs, proxy integration). The sources followed and the places where we
 * differ are listed in docs/serve.md; this file is the one owner of that mapping.
 */
import { createHash } from 'node:crypto';

export type PayloadFormat = '2.0' | '1.0';

/** The parts of an HTTP request the events are built from (raw, as received). */
export interface HttpRequestFacts {
  method: string;
  /** The request target as sent: path and query, undecoded. */
  url: string;
  /** Node's rawHeaders: name, value, name, value... in arrival order, original case. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
  requestId: string;
  /** Epoch milliseconds the request arrived. */
  time: number;
  /** The function name: the fake API / URL id is derived from it, so it is stable across runs. */
  functionName: string;
  accountId: string;
}

/** REST APIs have named stages; the one we report. */
export const REST_STAGE = 'local';

/**
 * Content types whose bodies reach the function as text; everything else (and a body without a
 * content type) arrives base64-encoded with isBase64Encoded true, as Function URLs do.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('text/')) return true;
  if (/^application\/(json|xml|javascript|x-www-form-urlencoded|yaml|x-yaml|graphql|ecmascript|x-javascript)$/.test(type)) return true;
  return /\+(json|xml|yaml)$/.test(type);
}

const urlIds = new Map<string, string>();

/** 32 lower-case letters and digits, like a Function URL id, stable per function. */
export function urlId(functionName: string): string {
  // Asked for on every request: a server serves a handful of names, so each is hashed once.
  let id = urlIds.get(functionName);
  if (id === undefined) {
    const hex = createHash('sha256').update(functionName).digest('hex');
    id = BigInt('0x' + hex)
      .toString(36)
      .padStart(32, '0')
      .slice(0, 32);
    if (urlIds.size >= 256) urlIds.clear();
    urlIds.set(functionName, id);
  }
  return id;
}

/** 10 characters, like a REST API id. */
function restApiId(functionName: string): string {
  return urlId('rest:' + functionName).slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, the services' request time format (CLF, UTC). */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  const target = q < 0 ? url : url.slice(0, q);
  // An absolute-form target (a proxy request) keeps only its path.
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/' : target;
  return { path, query: q < 0 ? '' : url.slice(q + 1) };
}

/** Percent-decoding that keeps a malformed escape as it is instead of failing. */
function decode(text: string): string {
  const plus = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** The query string's keys and values, decoded, in order; repeated keys keep every value. */
export function parseQuery(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (query === '') return out;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** Headers grouped by lower-case name, values in arrival order; `names` keeps the first spelling seen. */
function groupHeaders(raw: string[]): { values: Map<string, string[]>; names: Map<string, string> } {
  const values = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (!names.has(lower)) names.set(lower, raw[i]);
    const list = values.get(lower);
    if (list) list.push(raw[i + 1]);
    else values.set(lower, [raw[i + 1]]);
  }
  return { values, names };
}

function hostName(host: string | undefined): string {
  if (!host) return 'localhost';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
}

function bodyFields(req: HttpRequestFacts, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (req.body.length === 0) return { isBase64Encoded: false };
  if (isTextContentType(contentType)) return { body: req.body.toString('utf8'), isBase64Encoded: false };
  return { body: req.body.toString('base64'), isBase64Encoded: true };
}

/** Payload format 2.0, as a Function URL (auth type NONE) sends it. */
export function buildEventV2(req: HttpRequestFacts): Record<string, unknown> {
  const { path, query } = splitUrl(req.url);
  const { values } = groupHeaders(req.rawHeaders);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, list] of values) {
    if (name === 'cookie') {
      // Taken out of the headers; every cookie of every Cookie header becomes one entry.
      cookies = list.flatMap((v) => v.split(';').map((c) => c.trim())).filter((c) => c !== '');
      continue;
    }
    headers[name] = list.join(',');
  }
  const host = hostName(values.get('host')?.[0]);
  const params = parseQuery(query);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
  };
  if (cookies && cookies.length > 0) event.cookies = cookies;
  event.headers = headers;
  if (params.size > 0) event.queryStringParameters = Object.fromEntries([...params].map(([k, v]) => [k, v.join(',')]));
  event.requestContext = {
    accountId: 'anonymous',
    apiId: urlId(req.functionName),
    domainName: host,
    domainPrefix: host.split('.')[0],
    http: {
      method: req.method,
      path,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: req.sourceIp,
      userAgent: values.get('user-agent')?.join(',') ?? '',
    },
    requestId: req.requestId,
    routeKey: '$default',
    stage: '$default',
    time: clfTime(req.time),
    timeEpoch: req.time,
  };
  const { body, isBase64Encoded } = bodyFields(req, values.get('content-type')?.[0]);
  if (body !== undefined) event.body = body;
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

/** Payload format 1.0, as a REST API proxy integration on a greedy `/{proxy+}` resource sends it. */
export function buildEventV1(req: HttpRequestFacts): Record<string, unknown> {
  const { path, query } = splitUrl(req.url);
  const { values, names } = groupHeaders(req.rawHeaders);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [lower, list] of values) {
    // REST APIs keep the client's spelling; `headers` has the last value of a repeated header.
    const name = names.get(lower)!;
    headers[name] = list[list.length - 1];
    multiValueHeaders[name] = [...list];
  }
  const params = parseQuery(query);
  const host = hostName(values.get('host')?.[0]);
  const decodedPath = decode(path.replace(/\+/g, '%2B'));
  const proxy = decodedPath.replace(/^\//, '');
  const resource = proxy === '' ? '/' : '/{proxy+}';
  const userAgent = values.get('user-agent')?.join(',') ?? null;
  const apiId = restApiId(req.functionName);
  const { body, isBase64Encoded } = bodyFields(req, values.get('content-type')?.[0]);
  return {
    resource,
    path: decodedPath,
    httpMethod: req.method,
    headers: values.size > 0 ? headers : null,
    multiValueHeaders: values.size > 0 ? multiValueHeaders : null,
    queryStringParameters: params.size > 0 ? Object.fromEntries([...params].map(([k, v]) => [k, v[v.length - 1]])) : null,
    multiValueQueryStringParameters: params.size > 0 ? Object.fromEntries(params) : null,
    pathParameters: proxy === '' ? null : { proxy },
    stageVariables: null,
    requestContext: {
      accountId: req.accountId,
      apiId,
      domainName: host,
      domainPrefix: host.split('.')[0],
      extendedRequestId: req.requestId,
      httpMethod: req.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      path: `/${REST_STAGE}${decodedPath}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestId: req.requestId,
      requestTime: clfTime(req.time),
      requestTimeEpoch: req.time,
      resourceId: urlId('resource:' + req.functionName).slice(0, 6),
      resourcePath: resource,
      stage: REST_STAGE,
    },
    body: body ?? null,
    isBase64Encoded,
  };
}

export function buildEvent(format: PayloadFormat, req: HttpRequestFacts): Record<string, unknown> {
  return format === '1.0' ? buildEventV1(req) : buildEventV2(req);
}
