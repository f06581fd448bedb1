/** The route table: method + path template → operation name, body limit and handler. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Handler } from './context';
import * as extras from './handlers/extras';
import * as fns from './handlers/functions';
import * as layers from './handlers/layers';
import { invoke, invokeBodyLimit } from './handlers/invoke';
import * as update from './handlers/update';

/**
 * CreateFunction / UpdateFunctionCode bodies carry the zip base64-encoded: a 50 MB zip is this
 * many bytes of JSON, the service's request limit for those operations.
 */
export const CODE_BODY_LIMIT = 69_905_067;
const DEFAULT_BODY_LIMIT = 6_291_456;

export interface Route {
  method: string;
  operation: string;
  /** The name used in RequestTooLargeException messages, as the service words it. */
  limitOperation?: string;
  pattern: RegExp;
  names: string[];
  bodyLimit: number | ((headers: IncomingHttpHeaders) => number);
  handler: Handler;
  /** Internal routes (code download) skip injected faults. */
  internal?: boolean;
  /** For operations that share a method and path: the query that picks this one. */
  when?: (query: URLSearchParams) => boolean;
}

function route(method: string, template: string, operation: string, handler: Handler, extra: Partial<Route> = {}): Route {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, operation, pattern: new RegExp(`^${source}/?$`), names, bodyLimit: DEFAULT_BODY_LIMIT, handler, ...extra };
}

export const ROUTES: Route[] = [
  route('POST', '/2015-03-31/functions', 'CreateFunction', fns.createFunction, { bodyLimit: CODE_BODY_LIMIT }),
  route('GET', '/2015-03-31/functions', 'ListFunctions', fns.listFunctions),
  route('GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction', fns.getFunction),
  route('DELETE', '/2015-03-31/functions/{FunctionName}', 'DeleteFunction', fns.deleteFunction),
  route('GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration', fns.getFunctionConfiguration),
  route('PUT', '/2015-03-31/functions/{FunctionName}/configuration', 'UpdateFunctionConfiguration', update.updateFunctionConfiguration),
  route('PUT', '/2015-03-31/functions/{FunctionName}/code', 'UpdateFunctionCode', update.updateFunctionCode, { bodyLimit: CODE_BODY_LIMIT }),
  route('POST', '/2015-03-31/functions/{FunctionName}/invocations', 'Invoke', invoke, { bodyLimit: invokeBodyLimit, limitOperation: 'InvokeFunction' }),
  route('GET', '/2021-10-31/functions/{FunctionName}/url', 'GetFunctionUrlConfig', extras.getFunctionUrlConfig),
  route('GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency', extras.getFunctionConcurrency),
  route('PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency', extras.putFunctionConcurrency),
  route('DELETE', '/2017-10-31/functions/{FunctionName}/concurrency', 'DeleteFunctionConcurrency', extras.deleteFunctionConcurrency),
  route('GET', '/2017-03-31/tags/{Resource}', 'ListTags', extras.listTags),
  route('POST', '/2017-03-31/tags/{Resource}', 'TagResource', extras.tagResource),
  route('DELETE', '/2017-03-31/tags/{Resource}', 'UntagResource', extras.untagResource),
  route('POST', '/2018-10-31/layers/{LayerName}/versions', 'PublishLayerVersion', layers.publishLayerVersion, { bodyLimit: CODE_BODY_LIMIT }),
  route('GET', '/2018-10-31/layers/{LayerName}/versions', 'ListLayerVersions', layers.listLayerVersions),
  route('GET', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', 'GetLayerVersion', layers.getLayerVersion),
  route('DELETE', '/2018-10-31/layers/{LayerName}/versions/{VersionNumber}', 'DeleteLayerVersion', layers.deleteLayerVersion),
  // ListLayers and GetLayerVersionByArn share this path: find=LayerVersion picks the second.
  route('GET', '/2018-10-31/layers', 'GetLayerVersionByArn', layers.getLayerVersionByArn, { when: (q) => q.get('find') === 'LayerVersion' }),
  route('GET', '/2018-10-31/layers', 'ListLayers', layers.listLayers),
  route('GET', '/_emulator/code/{Region}/{Name}/{Qualifier}', 'DownloadCode', extras.downloadCode, { internal: true }),
  route('GET', '/_emulator/layer/{Region}/{Name}/{Version}', 'DownloadLayer', layers.downloadLayer, { internal: true }),
];

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(method: string, pathname: string, query?: URLSearchParams): Match | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    if (r.when && !r.when(query ?? new URLSearchParams())) continue;
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
    } catch {
      continue;
    }
    return { route: r, params };
  }
  return undefined;
}
