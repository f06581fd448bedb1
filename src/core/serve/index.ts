/** Serve Locally: real HTTP in, Lambda events out (Function URLs, HTTP and REST APIs). */
export { startServer, SERVE_HOST, type ServeOptions, type ServeHandle, type ServedFunction, type RequestSummary } from './server';
export { buildEvent, buildEventV1, buildEventV2, isTextContentType, type PayloadFormat, type HttpRequestFacts } from './event';
export { mapResult, readableApiResult, MalformedResponse, PAYLOAD_LIMIT_BYTES, type HttpAnswer } from './response';
