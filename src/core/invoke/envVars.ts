/**
 * The execution environment's variables: the runtime's defined variables (Developer Guide,
 * "Defined runtime environment variables"), the function's own, and credentials only when the
 * caller passed them. Built from scratch for every environment: nothing of the host's leaks in.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { ResolvedConfig } from './config';
import { LAYERS_ROOT } from './handlerPath';

export function logStreamName(now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${d}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** An X-Ray trace header as the runtime receives it for each invocation. */
export function traceHeader(now = Date.now()): string {
  const epoch = Math.floor(now / 1000).toString(16).padStart(8, '0');
  // randomUUID draws from a cached entropy pool: cheaper per invoke than randomBytes.
  const hex = (randomUUID() + randomUUID()).replace(/-/g, '');
  return `Root=1-${epoch}-${hex.slice(0, 24)};Parent=${hex.slice(24, 40)};Sampled=0;Lineage=1:${hex.slice(40, 48)}:0`;
}

export function buildEnvironment(cfg: ResolvedConfig, streamName: string): Record<string, string> {
  const major = cfg.runtime.replace(/^nodejs(\d+).*$/, '$1');
  const root = cfg.codeDir;
  // /opt is where Lambda extracts the layers: locally, the folder they were merged into (when there are layers).
  const opt = (rel: string): string => (cfg.layersDir ? path.join(cfg.layersDir, rel) : `${LAYERS_ROOT}/${rel}`);
  const unreserved: Record<string, string> = {
    LANG: 'en_US.UTF-8',
    PATH: ['/var/lang/bin', '/usr/local/bin', '/usr/bin/', '/bin', opt('bin')].join(':'),
    LD_LIBRARY_PATH: ['/var/lang/lib', '/lib64', '/usr/lib64', '/var/runtime', '/var/runtime/lib', root, path.join(root, 'lib'), opt('lib')].join(':'),
    NODE_PATH: [opt(`nodejs/node${major}/node_modules`), opt('nodejs/node_modules'), '/var/runtime/node_modules', '/var/runtime', root].join(path.delimiter),
    TZ: ':UTC',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  };
  const logging: Record<string, string> = {};
  if (cfg.logFormat === 'JSON') {
    logging.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    logging.AWS_LAMBDA_LOG_LEVEL = cfg.applicationLogLevel ?? 'INFO';
  }
  const reserved: Record<string, string> = {
    _HANDLER: cfg.handler,
    AWS_REGION: cfg.region,
    AWS_DEFAULT_REGION: cfg.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${cfg.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: cfg.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(cfg.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: cfg.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: streamName,
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    LAMBDA_TASK_ROOT: root,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
  };
  if (cfg.credentials) {
    reserved.AWS_ACCESS_KEY_ID = cfg.credentials.accessKeyId;
    reserved.AWS_ACCESS_KEY = cfg.credentials.accessKeyId;
    reserved.AWS_SECRET_ACCESS_KEY = cfg.credentials.secretAccessKey;
    if (cfg.credentials.sessionToken) reserved.AWS_SESSION_TOKEN = cfg.credentials.sessionToken;
  }
  return { ...unreserved, ...cfg.environment, ...logging, ...reserved };
}
