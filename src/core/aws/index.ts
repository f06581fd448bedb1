export * from './types';
export { ClientFactory, type ClientFactoryOptions } from './clientFactory';
export { createLambdaService } from './lambdaService';
export { checkCredentials, resolveDefaultRegion, type CredentialCheck } from './credentials';
export { resolveEndpoint, normalizeEndpoint, isLocalEndpoint } from './endpoint';
export { listRegions, isValidRegion, regionName, type RegionInfo } from './regions';
export { toWorkbenchError } from './errorMapping';
export { listAllRegions, type RegionListing, type ListAllOptions } from './listAll';
export { listProfiles, type ProfileInfo } from './profiles';
