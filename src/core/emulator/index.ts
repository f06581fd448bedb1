/** The local Lambda API server ("emulator"): see docs/emulator.md. */
export { startEmulator, type RunningEmulator } from './server';
export type { EmulatorOptions, RequestLogEntry, FunctionRecord, FunctionUrlConfig, FailureSpec } from './types';
export type { FunctionInvoker, InvokeRequest, InvokeResult } from './invoker';
export { FunctionStore } from './store';
export { readSeedFile, SEED_DEFAULT_ROLE, type SeedFile, type SeedFunction, type SeedCode } from './seed';
export { seededRandom } from './faults';
export { CODE_BODY_LIMIT } from './router';
export { SYNC_PAYLOAD_LIMIT, ASYNC_PAYLOAD_LIMIT } from './handlers/invoke';
export { codeSha256, lastModified } from './configuration';
export { LogsStore, type StoredLogEvent, type StoredLogGroup, type StoredLogStream } from './logsStore';
