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

/** Invoke's synchronous request payload (the event) limit, in bytes: the service refuses more with RequestTooLargeException. */
export const REQUEST_PAYLOAD_LIMIT = 6_291_456;
/** Invoke's asynchronous (Event) request payload limit, in bytes. */
export const ASYNC_REQUEST_PAYLOAD_LIMIT = 1_048_576;
/** The largest synchronous response the service returns, in bytes (6 MB and 100 bytes). */
export const RESPONSE_PAYLOAD_LIMIT = 6_291_556;

/** What Invoke returns (as a function error) when the function's response is over RESPONSE_PAYLOAD_LIMIT. */
export function responseTooLargeError(bytes: number): ServiceError {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${RESPONSE_PAYLOAD_LIMIT} bytes).`,
  };
}

/** A warning for an event the service would refuse (synchronous Invoke), or undefined. Local invoke still runs it. */
export function eventSizeWarning(eventJson: string): string | undefined {
  const bytes = Buffer.byteLength(eventJson, 'utf8');
  if (bytes <= REQUEST_PAYLOAD_LIMIT) return undefined;
  return `The event is ${bytes} bytes, over Lambda's ${REQUEST_PAYLOAD_LIMIT}-byte (6 MB) limit for a synchronous invoke: the service would refuse it with RequestTooLargeException (413). It runs locally anyway.`;
}
