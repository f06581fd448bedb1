export { deploy } from './deploy';
export { resolveDeployTarget, type DeployTarget } from './target';
export { diffConfiguration, type ConfigurationDiff, type FunctionSettings } from './configDiff';
export * from './types';
