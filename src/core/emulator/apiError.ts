/**
 * The service's error wire format: status code, `x-amzn-errortype` header and a JSON body whose
 * message field is spelled as the SDK's model spells it for that error (`Message` or `message`),
 * so @aws-sdk/client-lambda raises its typed exception classes.
 */

interface ErrorShape {
  status: number;
  /** "User" for client faults, "Service" for server faults, as the service sends. */
  type: 'User' | 'Service';
  messageField: 'Message' | 'message';
}

const SHAPES: Record<string, ErrorShape> = {
  ResourceNotFoundException: { status: 404, type: 'User', messageField: 'Message' },
  ResourceConflictException: { status: 409, type: 'User', messageField: 'message' },
  InvalidParameterValueException: { status: 400, type: 'User', messageField: 'message' },
  InvalidRequestContentException: { status: 400, type: 'User', messageField: 'message' },
  RequestTooLargeException: { status: 413, type: 'User', messageField: 'message' },
  TooManyRequestsException: { status: 429, type: 'User', messageField: 'message' },
  ServiceException: { status: 500, type: 'Service', messageField: 'Message' },
  CodeStorageExceededException: { status: 400, type: 'User', messageField: 'message' },
  PreconditionFailedException: { status: 412, type: 'User', messageField: 'message' },
  UnknownOperationException: { status: 404, type: 'User', messageField: 'message' },
  AccessDeniedException: { status: 403, type: 'User', messageField: 'Message' },
};

export type ApiErrorType = keyof typeof SHAPES;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly errorType: ApiErrorType,
    message: string,
    /** Extra body fields (e.g. TooManyRequestsException's Reason) and headers (Retry-After). */
    readonly extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
  get status(): number {
    return SHAPES[this.errorType].status;
  }
  body(): Record<string, unknown> {
    const shape = SHAPES[this.errorType];
    return { Type: shape.type, [shape.messageField]: this.message, ...this.extra.body };
  }
}

export const notFound = (arn: string): ApiError => new ApiError('ResourceNotFoundException', `Function not found: ${arn}`);
export const invalid = (message: string): ApiError => new ApiError('InvalidParameterValueException', message);
export const conflict = (message: string): ApiError => new ApiError('ResourceConflictException', message);
export const tooLarge = (limit: number, operation: string): ApiError =>
  new ApiError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the ${operation} operation`);
export const throttled = (retryAfterSeconds: number): ApiError =>
  new ApiError('TooManyRequestsException', 'Rate exceeded', { body: { Reason: 'CallerRateLimitExceeded' }, headers: { 'Retry-After': String(retryAfterSeconds) } });
export const serviceError = (message = 'The Lambda service encountered an internal error (injected by the local server).'): ApiError =>
  new ApiError('ServiceException', message);
