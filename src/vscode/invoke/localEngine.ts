/**
 * The seam to the engine's local runtime (src/core/invoke): builds an execution environment from a
 * resolved local configuration, invokes it once with streamed logs, and disposes it. A fresh environment per
 * invoke, so edits to the handler always run (the runtime's warm reuse is for the CLI's repeats).
 */
import type { AwsCredentials, ExecutionInfo, InvokeErrorBody, LocalConfig } from '../../core/invoke';
import type { EngineModule } from '../engine';

export interface LocalOutcome {
  ok: boolean;
  /** The response, or the runtime's error object `{ errorType, errorMessage, trace }`. */
  body: unknown;
  errorType?: string;
  errorMessage?: string;
  durationMs?: number;
  initDurationMs?: number;
  /** The whole invocation's log, START to REPORT. */
  logs: string[];
}

export async function runLocal(
  engine: EngineModule,
  config: LocalConfig['config'],
  payload: string,
  options: { onLog: (text: string) => void; signal: AbortSignal; credentials?: AwsCredentials; onEnvironment?: (execution: ExecutionInfo) => void },
): Promise<LocalOutcome> {
  const env = await engine.createEnvironment({ ...config, credentials: options.credentials });
  options.onEnvironment?.(env.execution);
  try {
    // Beside the invocation, never instead of it: the service would refuse this event.
    const tooBig = engine.eventSizeWarning(payload);
    if (tooBig) options.onLog(`Warning: ${tooBig}`);
    const result = await env.invokeJson(payload, {
      signal: options.signal,
      // A console record keeps its inner newlines as \r: show them as lines again.
      onLog: (line) => options.onLog(line.text.replace(/\r/g, '\n')),
    });
    const logs = result.logs.map((l) => l.text.replace(/\r/g, '\n'));
    const common = { durationMs: result.durationMs, initDurationMs: result.initDurationMs, logs };
    if (result.functionError) {
      const error = result.error ?? parse(result.payload);
      const e = error as Partial<InvokeErrorBody>;
      return { ok: false, body: error, errorType: e.errorType, errorMessage: e.errorMessage, ...common };
    }
    return { ok: true, body: parse(result.payload), ...common };
  } finally {
    await env.dispose();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
