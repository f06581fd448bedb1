/**
 * The seam to the engine's local runtime (src/core/invoke): invokes a resolved local configuration
 * once with streamed logs. Given `warm` (core's WarmEnvironments), it runs in the handler's warm
 * environment while the code and settings are unchanged, as Lambda does; without it, in a fresh
 * environment disposed afterwards (the Watch loop and debugging want exactly that).
 */
import type { AwsCredentials, ExecutionInfo, InvokeErrorBody, LocalConfig, LocalEnvironment, WarmEnvironments, WarmStart, LocalInvokeResult } from '../../core/invoke';
import type { EngineModule } from '../engine';

export interface LocalOutcome {
  ok: boolean;
  /** The response, or the runtime's error object `{ errorType, errorMessage, trace }`. */
  body: unknown;
  errorType?: string;
  errorMessage?: string;
  durationMs?: number;
  initDurationMs?: number;
  /** The runtime's own word: this invocation created the environment and ran the init code. */
  coldStart?: boolean;
  /** With a warm pool: why the run was (or was meant to be) cold. */
  start?: WarmStart;
  /** The whole invocation's log, START to REPORT. */
  logs: string[];
}

export async function runLocal(
  engine: EngineModule,
  config: LocalConfig['config'],
  payload: string,
  options: {
    onLog: (text: string) => void;
    signal: AbortSignal;
    credentials?: AwsCredentials;
    onEnvironment?: (execution: ExecutionInfo, start?: WarmStart) => void;
    /** Keep the environment warm between runs: the pool, the function's folder (watched), and whether to start cold anyway. */
    warm?: { pool: WarmEnvironments; folder: string; cold?: boolean };
  },
): Promise<LocalOutcome> {
  const full = { ...config, credentials: options.credentials };
  const { warm } = options;
  if (warm) {
    return warm.pool.use({ folder: warm.folder, config: full, cold: warm.cold, signal: options.signal }, async (env, start) => {
      options.onEnvironment?.(env.execution, start);
      return { ...(await invokeIn(engine, env, payload, options)), start };
    });
  }
  const env = await engine.createEnvironment(full);
  options.onEnvironment?.(env.execution);
  try {
    return await invokeIn(engine, env, payload, options);
  } finally {
    await env.dispose();
  }
}

async function invokeIn(engine: EngineModule, env: LocalEnvironment, payload: string, options: { onLog: (text: string) => void; signal: AbortSignal }): Promise<LocalOutcome> {
  // Beside the invocation, never instead of it: the service would refuse this event.
  const tooBig = engine.eventSizeWarning(payload);
  if (tooBig) options.onLog(`Warning: ${tooBig}`);
  const result = await env.invokeJson(payload, {
    signal: options.signal,
    // A console record keeps its inner newlines as \r: show them as lines again.
    onLog: (line) => options.onLog(line.text.replace(/\r/g, '\n')),
  });
  return toLocalOutcome(result);
}

/** One invocation's result as the editor shows it (Invoke Locally and Debug Locally). */
export function toLocalOutcome(result: LocalInvokeResult): LocalOutcome {
  const logs = result.logs.map((l) => l.text.replace(/\r/g, '\n'));
  const common = { durationMs: result.durationMs, initDurationMs: result.initDurationMs, coldStart: result.coldStart, logs };
  if (result.functionError) {
    const error = result.error ?? parse(result.payload);
    const e = error as Partial<InvokeErrorBody>;
    return { ok: false, body: error, errorType: e.errorType, errorMessage: e.errorMessage, ...common };
  }
  return { ok: true, body: parse(result.payload), ...common };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
