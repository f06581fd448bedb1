/** Local invoke: run Node.js handlers in worker threads the way the Lambda runtime does. */
export * from './types';
export { createEnvironment, LocalEnvironment, INIT_LIMIT_MS } from './environment';
export { defaultWorkerPath, disposeSpareWorkers, setSpareWorkers } from './workerPool';
export { resolveConfig as resolveLocalFunctionConfig, SUPPORTED_RUNTIMES as LOCAL_RUNTIME_PROFILES } from './config';
export type { LocalFunctionConfig, ResolvedConfig as ResolvedLocalFunctionConfig, AwsCredentials } from './config';
export { buildEnvironment } from './envVars';
export { parseEventJson, findJsonError, positionAt } from './eventJson';
export type { RuntimeProfile } from './protocol';
export { createLocalInvoker, configFromFunction, type LocalInvokerOptions } from './localInvoker';
export { listSampleEvents, getSampleEvent, type SampleEvent } from './samples';
export { EVENTS_DIR, readEventFile, savedEventsDir, savedEventPath, listSavedEvents, readSavedEvent, saveEvent, deleteSavedEvent, type SavedEvent, type EventText } from './events';
export { parseEnvFile, readEnvFile } from './envFile';
export { locateHandler, checkHandler, type HandlerLocation } from './preflight';
export { resolveInvokeCredentials } from './credentials';
export { EnvironmentPool, DEFAULT_POOL_LIMITS, concurrencyLimitError, type EnvironmentPoolLimits, type PoolEnvironment, type ThrottleScope, type UseOptions } from './environmentPool';
export { resolveLocalConfig, type LocalConfig, type LocalConfigRequest, type LocalConfigSource, type LocalOverrides, type LocalSettings } from './localConfig';
export { handlerString, handlerModule, handlerExport } from './handlerName';
