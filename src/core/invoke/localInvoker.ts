/**
 * The FunctionInvoker the local Lambda API server calls: runs a function's configuration and code
 * in local environments, kept warm per function, code (CodeSha256) and configuration. Concurrent
 * invocations get their own environments, like Lambda scaling out.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../emulator/invoker';
import type { LocalFunctionConfig } from './config';
import { createEnvironment, type LocalEnvironment } from './environment';

export interface LocalInvokerOptions {
  /** Path of invokeWorker.js (default: next to the running bundle). */
  workerPath?: string;
  /** Idle environments are disposed after this long (default 10 minutes). */
  idleTimeoutMs?: number;
}

interface Pooled {
  env: LocalEnvironment;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
}

export function configFromFunction(configuration: FunctionConfiguration, codeDir: string, region: string): LocalFunctionConfig {
  const logging = configuration.LoggingConfig;
  const account = /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(configuration.FunctionArn ?? '')?.[1];
  return {
    codeDir,
    handler: configuration.Handler ?? '',
    runtime: configuration.Runtime,
    functionName: configuration.FunctionName,
    region,
    memorySize: configuration.MemorySize,
    timeout: configuration.Timeout,
    environment: configuration.Environment?.Variables,
    logFormat: logging?.LogFormat === 'JSON' ? 'JSON' : 'Text',
    applicationLogLevel: logging?.LogFormat === 'JSON' ? logging.ApplicationLogLevel : undefined,
    systemLogLevel: logging?.LogFormat === 'JSON' ? logging.SystemLogLevel : undefined,
    logGroup: logging?.LogGroup,
    accountId: account,
  };
}

function poolKey(req: InvokeRequest): string {
  const c = req.configuration;
  return JSON.stringify([
    req.region,
    c.FunctionArn ?? c.FunctionName,
    c.CodeSha256,
    req.codeDir,
    c.Handler,
    c.Runtime,
    c.MemorySize,
    c.Timeout,
    c.Environment?.Variables ?? {},
    c.LoggingConfig ?? {},
  ]);
}

/** Creates the invoker; call dispose() to stop every environment it keeps. */
export function createLocalInvoker(options: LocalInvokerOptions = {}): FunctionInvoker & { environmentCount(): number } {
  const pools = new Map<string, Pooled[]>();
  const idleMs = options.idleTimeoutMs ?? 10 * 60_000;

  const drop = (key: string, p: Pooled): void => {
    const list = pools.get(key);
    if (list) {
      list.splice(list.indexOf(p), 1);
      if (list.length === 0) pools.delete(key);
    }
    void p.env.dispose();
  };

  /** A new version of a function's code or configuration retires the old environments. */
  const retireOthers = (key: string, fn: string | undefined): void => {
    for (const [k, list] of pools) {
      if (k === key || JSON.parse(k)[1] !== fn) continue;
      for (const p of [...list]) if (!p.busy) drop(k, p);
    }
  };

  return {
    async invoke(req: InvokeRequest): Promise<InvokeResult> {
      const key = poolKey(req);
      retireOthers(key, req.configuration.FunctionArn ?? req.configuration.FunctionName);
      let list = pools.get(key);
      if (!list) pools.set(key, (list = []));
      let pooled = list.find((p) => !p.busy && p.env.state !== 'disposed');
      if (!pooled) {
        const cfg = configFromFunction(req.configuration, req.codeDir, req.region);
        pooled = { env: await createEnvironment({ ...cfg, workerPath: options.workerPath }), busy: false };
        list.push(pooled);
      }
      const p = pooled;
      p.busy = true;
      if (p.idleTimer) clearTimeout(p.idleTimer);
      try {
        const r = await p.env.invokeJson(req.payload === '' ? '{}' : req.payload, { signal: req.signal });
        const result: InvokeResult = { payload: r.payload, logs: r.logs.map((l) => l.text + '\n').join('') };
        if (r.functionError) result.functionError = r.functionError;
        return result;
      } finally {
        p.busy = false;
        p.idleTimer = setTimeout(() => drop(key, p), idleMs);
        p.idleTimer.unref();
      }
    },
    async dispose(): Promise<void> {
      const all = [...pools.values()].flat();
      pools.clear();
      await Promise.all(all.map((p) => (p.idleTimer && clearTimeout(p.idleTimer), p.env.dispose())));
    },
    environmentCount(): number {
      return [...pools.values()].reduce((n, l) => n + l.length, 0);
    },
  };
}
