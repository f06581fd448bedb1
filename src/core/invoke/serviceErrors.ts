/**
 * Errors the Lambda service (not the runtime) reports: a timeout, the runtime process exiting,
 * memory exhaustion. The bodies are what Invoke returns for them.
 */
import type { ErrorBody } from './protocol';

export interface ServiceError {
  errorType: string;
  errorMessage: string;
}

export function timeoutError(requestId: string, seconds: number): ServiceError {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds` };
}

/** "exit status N" for an exit code, or no reason at all for a clean exit mid-invocation. */
export function exitReason(code: number): string {
  return code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code}`;
}

export function exitError(requestId: string, code: number): ServiceError {
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${exitReason(code)}` };
}

export const OUT_OF_MEMORY_REASON = 'Runtime exited with error: signal: killed';

export function outOfMemoryError(requestId: string): ServiceError {
  return { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: ${OUT_OF_MEMORY_REASON}` };
}

export type AnyErrorBody = ErrorBody | ServiceError;
