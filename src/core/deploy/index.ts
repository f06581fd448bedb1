export { deploy } from './deploy';
export { resolveDeployTarget, type DeployTarget } from './target';
export { diffConfiguration, type ConfigurationDiff, type FunctionSettings } from './configDiff';
export * from './types';
export { DEPLOY_STATE_FILE, findDrift, formatDrift, readDeployRecord, settingFromFunction, writeDeployRecord, type DeployRecord, type Drift, type DriftEntry } from './drift';
export { checkSettings } from './validation';
export { bindingPackageOptions, type BindingPackageOptions } from './target';
export { applyBuildSettings, SOURCE_MAPS_OPTION } from './buildSettings';
