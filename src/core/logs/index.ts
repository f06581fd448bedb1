/** Reading a function's CloudWatch logs: naming, tailing, formatting, filter patterns. */
export * from './types';
export { createLogsService } from './logsService';
export { startLogTail, LogTail, type LogTailOptions, type TailStatus, type TailMode } from './tail';
export { parseSince } from './since';
export { formatLogMessage, type FormattedLogMessage, type LogLevel, type LogLineKind } from './format';
export { compileFilterPattern, FilterPatternError, type EventMatcher } from './filterPattern';
export { defaultLogGroup, functionLogGroup, logGroupArn, lambdaLogStreamName, accountFromArn, LOG_GROUP_NAME_PATTERN, LOG_STREAM_NAME_PATTERN } from './logGroup';
export { toLogsError } from './errors';
export { resolveLogTarget, parseFunctionId, type LogTarget } from './target';
