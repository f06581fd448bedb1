/**
 * The FunctionInvoker the local Lambda API server calls: runs a function's configuration and code
 * in local environments, kept warm per function, code (CodeSha256) and configuration. Concurrent
 * invocations get their own environments, like Lambda scaling out, within the pool's caps; idle
 * environments are reaped (EnvironmentPool).
 */
import { randomUUID } from 'node:crypto';
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../emulator/invoker';
import { createEnvironment, type LocalEnvironment } from './environment';
import { EnvironmentPool, type EnvironmentPoolLimits } from './environmentPool';
import { disposeSpareWorkers } from './workerPool';
import { configFromFunction, resolveLocalConfig } from './localConfig';

export { configFromFunction };

export interface LocalInvokerOptions extends Partial<EnvironmentPoolLimits> {
  /** Path of invokeWorker.js (default: next to the running bundle). */
  workerPath?: string;
}

/** Names each environment's log stream on the local server (one stream per execution environment). */
const environmentIds = new WeakMap<LocalEnvironment, string>();
function environmentId(env: LocalEnvironment): string {
  let id = environmentIds.get(env);
  if (!id) environmentIds.set(env, (id = randomUUID()));
  return id;
}

function poolKey(req: InvokeRequest): string {
  const c = req.configuration;
  return JSON.stringify([
    req.region,
    c.FunctionArn ?? c.FunctionName,
    c.CodeSha256,
    req.codeDir,
    req.layersDir,
    c.Handler,
    c.Runtime,
    c.MemorySize,
    c.Timeout,
    c.Environment?.Variables ?? {},
    c.LoggingConfig ?? {},
  ]);
}

/** Creates the invoker; call dispose() to stop every environment it keeps. */
export function createLocalInvoker(options: LocalInvokerOptions = {}): FunctionInvoker & { environmentCount(): number; readonly pool: EnvironmentPool<LocalEnvironment> } {
  const pool = new EnvironmentPool<LocalEnvironment>(options);
  return {
    pool,
    async invoke(req: InvokeRequest): Promise<InvokeResult> {
      const key = poolKey(req);
      const c = req.configuration;
      // Caps count per function (all versions); a new code or configuration retires per version.
      const fn = `${req.region}/${c.FunctionName}`;
      const version = `${req.region}/${c.FunctionArn ?? c.FunctionName}`;
      pool.retireOthers(version, key);
      // One resolver for the emulator, the CLI and the editor: the deployed configuration, nothing else.
      const create = async (): Promise<LocalEnvironment> => {
        const { config } = await resolveLocalConfig({ folder: req.codeDir, useBinding: false, deployed: { configuration: c, region: req.region }, overrides: { workerPath: options.workerPath, layersDir: req.layersDir } });
        // A deployed zip runs as Lambda runs it: no TypeScript transpiling behind the user's back.
        return createEnvironment({ ...config, typescript: false });
      };
      return pool.use(
        key,
        fn,
        create,
        async (env) => {
          const r = await env.invokeJson(req.payload === '' ? '{}' : req.payload, { signal: req.signal });
          const result: InvokeResult = {
            payload: r.payload,
            logs: r.logs.map((l) => l.text + '\n').join(''),
            records: r.logs.map((l) => ({ text: l.text, time: l.time })),
            environmentId: environmentId(env),
          };
          // A crashed or timed-out environment starts over: its next invocation writes to a new stream.
          if (r.environmentReset) environmentIds.delete(env);
          if (r.functionError) result.functionError = r.functionError;
          return result;
        },
        { group: version, reserved: req.reservedConcurrency, queue: req.queue, signal: req.signal },
      );
    },
    async dispose(): Promise<void> {
      await Promise.all([pool.dispose(), disposeSpareWorkers()]);
    },
    environmentCount(): number {
      return pool.size;
    },
  };
}
