export { packageFolder } from './packageFolder';
export { DEFAULT_RULES, SECRET_RULES } from './rules';
export { handlerCandidates } from './handlerFile';
export { formatBytes } from './limits';
export * from './types';
export { planBuild, findHandlerSource, targetForRuntime, RUNTIME_PROVIDED_EXTERNALS, type BuildPlan } from './buildPlan';
